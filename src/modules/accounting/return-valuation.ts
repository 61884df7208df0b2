import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import type { StockMove } from '../inventory/stock-move.entity';
import { type Books, money, type PostingLine } from './posting';

/** The receipt move a return sends goods back from, and the cost per product unit they came in at. */
export interface ReturnOrigin {
  moveId: string;
  unitCost: Decimal | null;
}

/** Origins of the moves that return goods (`originMove` set), by returning move id: one query, none without returns. */
export async function originsOf(sc: ServiceContext, moves: StockMove[]): Promise<Map<string, ReturnOrigin>> {
  const origins = new Map<string, ReturnOrigin>();
  const returning = moves.filter((m) => m.originMove);
  if (returning.length === 0) return origins;
  const rows = await sc.em.execute<{ id: string; unit_cost: string | null }[]>(
    `select id, unit_cost from stock_move where company_id = ? and id in (${returning.map(() => '?').join(', ')})`,
    [sc.companyId, ...new Set(returning.map((m) => m.originMove!.id))],
  );
  const cost = new Map(rows.map((r) => [r.id, r.unit_cost === null ? null : new Decimal(r.unit_cost)]));
  for (const m of returning) {
    origins.set(m.id, { moveId: m.originMove!.id, unitCost: cost.get(m.originMove!.id) ?? null });
  }
  return origins;
}

/**
 * The entry lines of goods sent back to their supplier: Inventory is credited with the value the
 * layers gave up, goods received not invoiced debited at the receipt's cost (what the receipt
 * credited it with, so GR/IR keeps equal to received-not-billed), and a difference (goods
 * carrying a landed cost, or taken from other layers once the receipt's own were gone) goes to
 * the purchase price variance, as a bill's does.
 */
export function returnLines(
  books: Books,
  origin: ReturnOrigin,
  quantity: Decimal,
  value: Decimal,
  inventory: Omit<PostingLine, 'debit' | 'credit'>,
): PostingLine[] {
  const zero = new Decimal(0);
  const grni = origin.unitCost === null ? value : money(quantity.times(origin.unitCost));
  const variance = value.minus(grni);
  const lines: PostingLine[] = [
    { ...inventory, accountId: books.accounts.GRNI, debit: grni, credit: zero },
    { ...inventory, debit: zero, credit: value },
  ];
  if (!variance.isZero()) {
    lines.push({
      ...inventory,
      accountId: books.accounts.PRICE_VARIANCE,
      debit: variance.gt(0) ? variance : zero,
      credit: variance.lt(0) ? variance.negated() : zero,
    });
  }
  return lines;
}
