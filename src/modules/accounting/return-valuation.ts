import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { LocationType } from '../inventory/location-type.enum';
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
 * Order lines in a foreign currency of the receipt moves among `moves` and of the receipts the
 * returning ones send back (by move id: the receipt's own, or the origin's for a return). Their
 * GR/IR follows grni-share.ts's rule: their receipts may carry several rates, so what GR/IR holds
 * of them is not a quantity times one cost.
 */
export async function foreignOrderLines(
  sc: ServiceContext,
  moves: StockMove[],
  origins: Map<string, ReturnOrigin>,
): Promise<Map<string, string>> {
  const lineOf = new Map<string, string>();
  const receiptOf = new Map<string, string>();
  for (const m of moves) {
    const origin = origins.get(m.id);
    if (origin) receiptOf.set(m.id, origin.moveId);
    else if (m.source.getEntity().type === LocationType.SUPPLIER) receiptOf.set(m.id, m.id);
  }
  if (receiptOf.size === 0) return lineOf;
  const receipts = [...new Set(receiptOf.values())];
  const rows = await sc.em.execute<{ move_id: string; line_id: string }[]>(
    `select plm.move_id, plm.line_id from purchase_line_move plm
       join purchase_order_line pl on pl.id = plm.line_id
       join purchase_order o on o.id = pl.order_id
       join company c on c.id = o.company_id
      where plm.company_id = ? and o.currency <> c.currency and plm.move_id in (${receipts.map(() => '?').join(', ')})`,
    [sc.companyId, ...receipts],
  );
  const byReceipt = new Map(rows.map((r) => [r.move_id, r.line_id]));
  for (const [moveId, receiptId] of receiptOf) {
    const line = byReceipt.get(receiptId);
    if (line) lineOf.set(moveId, line);
  }
  return lineOf;
}

/**
 * The exchange difference of goods whose GR/IR movement (`grni`, in money) differs from their value
 * at their receipt cost (`atCost`), under grni-share.ts's rule: a debit (loss) when GR/IR takes
 * more than the goods cost, a credit (gain) when less. `moreToGrni`: the GR/IR movement is a credit
 * (a receipt); otherwise a debit (a return).
 */
export function exchangeLines(
  books: Books,
  grni: Decimal,
  atCost: Decimal,
  moreToGrni: boolean,
  common: Omit<PostingLine, 'accountId' | 'debit' | 'credit'>,
): PostingLine[] {
  const zero = new Decimal(0);
  // A receipt crediting GR/IR above its cost, or a return debiting it below its cost: a loss.
  const loss = moreToGrni ? grni.minus(atCost) : atCost.minus(grni);
  if (loss.isZero()) return [];
  return [
    loss.gt(0)
      ? { ...common, accountId: books.accounts.EXCHANGE_LOSS, debit: loss, credit: zero }
      : { ...common, accountId: books.accounts.EXCHANGE_GAIN, debit: zero, credit: loss.negated() },
  ];
}

/** Goods sent back valued at their receipt's cost (what the receipt credited GR/IR with), or at `value` without one. */
export function returnedAtReceiptCost(origin: ReturnOrigin, quantity: Decimal, value: Decimal): Decimal {
  return origin.unitCost === null ? value : money(quantity.times(origin.unitCost));
}

/**
 * The entry lines of goods sent back to their supplier: Inventory is credited with the value the
 * layers gave up, goods received not invoiced debited with `cleared` (for a foreign-currency order
 * line, its share of what the line holds in GR/IR: grni-share.ts) or at the receipt's cost (what
 * the receipt credited it with), so GR/IR keeps equal to received-not-billed. The layers' value
 * against the receipt cost (goods carrying a landed cost, or taken from other layers once the
 * receipt's own were gone) goes to the purchase price variance, as a bill's does; the receipt cost
 * against what GR/IR clears (goods received at several rates) to exchange gain or loss.
 */
export function returnLines(
  books: Books,
  origin: ReturnOrigin,
  quantity: Decimal,
  value: Decimal,
  inventory: Omit<PostingLine, 'debit' | 'credit'>,
  cleared?: Decimal,
): PostingLine[] {
  const zero = new Decimal(0);
  const atCost = returnedAtReceiptCost(origin, quantity, value);
  const grni = cleared ?? atCost;
  const variance = value.minus(atCost);
  const lines: PostingLine[] = [
    {
      ...inventory,
      accountId: books.accounts.GRNI,
      debit: Decimal.max(grni, 0),
      credit: grni.lt(0) ? grni.negated() : zero,
    },
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
  lines.push(...exchangeLines(books, grni, atCost, false, inventory));
  return lines;
}
