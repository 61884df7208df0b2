import type { ServiceContext } from '../../graphql/service-context';
import { uuidLiteral } from '../../db/sql';

/** The advisory-lock key of a product x warehouse. */
export const stockPairKey = (productId: string, warehouseId: string) => `${productId}|${warehouseId}`;

/** The pairs' keys, without repeats, in the one global order every path takes them in. */
export function stockLockKeys(pairs: { productId: string; warehouseId: string }[]): string[] {
  return [...new Set(pairs.map((p) => stockPairKey(p.productId, p.warehouseId)))].sort();
}

/**
 * The statement taking the keys' transaction-scoped advisory locks in their order. The keys are
 * inlined (so that it can travel with other statements in one round trip): each must be two uuids.
 */
export function stockLocksSql(keys: string[]): string {
  const literals = keys.map((key) => {
    for (const id of key.split('|')) uuidLiteral(id); // refuses anything else
    return `'${key}'`;
  });
  return `select pg_advisory_xact_lock(hashtextextended(k, 0))
            from unnest(array[${literals.join(', ')}]::text[]) with ordinality as t(k, n) order by n`;
}

/**
 * Serializes everything that takes sellable stock of a product in a warehouse (reservations,
 * and deliveries that must not eat into reserved stock) with transaction-scoped advisory
 * locks, always taken in the same order so that no two requests wait on each other in a cycle.
 */
export async function lockStockPairs(
  sc: ServiceContext,
  pairs: { productId: string; warehouseId: string }[],
): Promise<void> {
  const keys = stockLockKeys(pairs);
  if (keys.length === 0) return;
  await sc.em.execute(stockLocksSql(keys));
}
