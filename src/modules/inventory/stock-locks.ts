import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../graphql/service-context';
import type { FigureRow } from './stock-level.service';

/**
 * Serializes everything that takes sellable stock of a product in a warehouse (reservations,
 * and deliveries that must not eat into reserved stock) with transaction-scoped advisory
 * locks, always taken in the same order so that no two requests wait on each other in a cycle.
 */
export async function lockStockPairs(
  sc: ServiceContext,
  pairs: { productId: string; warehouseId: string }[],
): Promise<void> {
  const keys = [...new Set(pairs.map((p) => `${p.productId}|${p.warehouseId}`))].sort();
  if (keys.length === 0) return;
  await sc.em.execute(
    `select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${keys.map(() => '?').join(', ')}]::text[]) with ordinality as t(k, n) order by n`,
    keys,
  );
}

/** What may still be promised: on hand less quality hold, damaged, reserved and safety stock. */
export function sellable(row: FigureRow): Decimal {
  return Decimal.max(
    0,
    new Decimal(row.on_hand).minus(row.quality_hold).minus(row.damaged).minus(row.reserved).minus(row.safety_stock),
  );
}
