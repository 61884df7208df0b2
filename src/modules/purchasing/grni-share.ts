import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';

/** Money in the books: cents, half up (as accounting's posting.ts). */
export function money(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * What is still in GR/IR for an order line, in the company currency: `quantity` received and not
 * billed (negative when billed and not received: goods billed and sent back, or billed first),
 * `value` its GR/IR credit balance (negative a debit).
 */
export interface OpenGrni {
  quantity: Decimal;
  value: Decimal;
}

/**
 * THE rule of GR/IR for the goods of an order line, whatever document moves them (receipt,
 * return to the supplier, bill, credit note; issue 23). A document changes what is open on the
 * line by `change` (+ received or un-billed by a credit note, - billed or sent back) and values
 * its goods at `ownValue` (>= 0, for all of |change|: a receipt's or return's receipt cost, a
 * bill's order price at its rate).
 *
 * The part of `change` that brings the open quantity back towards zero takes its share of the
 * open value, in proportion to the quantity, to the cent, and exactly all of it when it reaches
 * zero: so GR/IR ends at zero whenever nothing is received-not-billed, whatever rates the goods
 * came in at (a bill of half the goods clears the average of their receipts; the return of the
 * other half then clears what the bill left, not its own receipt's cost). The part beyond zero
 * opens GR/IR the other way at `ownValue`, prorated. The document books its own value elsewhere
 * (stock at its layers, payables at the bill): the difference from what GR/IR moves is an
 * exchange difference.
 *
 * Returns the GR/IR movement as a change of its credit balance (`grni` > 0 a credit: a receipt;
 * < 0 a debit: a bill or return) and what stays open after.
 */
export function grniMove(open: OpenGrni, change: Decimal, ownValue: Decimal): { grni: Decimal; open: OpenGrni } {
  const quantity = change.abs();
  const sign = change.isNegative() ? -1 : 1;
  const towardZero = !open.quantity.isZero() && open.quantity.isNegative() !== change.isNegative();
  const part = towardZero ? Decimal.min(quantity, open.quantity.abs()) : new Decimal(0);
  let grni = new Decimal(0);
  if (part.gt(0)) {
    grni = part.eq(open.quantity.abs())
      ? open.value.negated()
      : money(open.value.times(part).div(open.quantity.abs()).negated());
  }
  const beyond = quantity.minus(part);
  if (beyond.gt(0)) {
    const value = beyond.eq(quantity) ? ownValue : money(ownValue.times(beyond).div(quantity));
    grni = grni.plus(value.times(sign));
  }
  return { grni, open: { quantity: open.quantity.plus(change), value: open.value.plus(grni) } };
}

/**
 * What a bill of `quantity` clears from GR/IR (its debit), and what stays open after: grniMove
 * of -quantity, goods billed beyond what was received at `atBillRate` (the order price at the
 * bill rate, for the whole `quantity`).
 */
export function grniShare(
  open: OpenGrni,
  quantity: Decimal,
  atBillRate: Decimal,
): { cleared: Decimal; open: OpenGrni } {
  const moved = grniMove(open, quantity.negated(), atBillRate);
  return { cleared: moved.grni.negated(), open: moved.open };
}

/** What GR/IR holds of a line leaves these documents out (the one being posted, whose rows exist already). */
export interface GrniExclusions {
  billId?: string;
  creditNoteId?: string;
  moveIds?: string[];
}

/**
 * What is open in GR/IR for an order line, read from the books: the receipts' and returns'
 * GR/IR lines (received net of what went back), less what posted bills cleared, plus what posted
 * credit notes gave back (they un-bill goods). Run under the order's lock, as every document
 * that moves its goods or bills them takes it.
 */
export async function openGrniOf(sc: ServiceContext, lineId: string, without: GrniExclusions = {}): Promise<OpenGrni> {
  const moveIds = without.moveIds ?? [];
  const notMoves = moveIds.length ? `m.id not in (${moveIds.map(() => '?').join(', ')})` : 'true';
  const [received] = await sc.em.execute<{ quantity: string; value: string }[]>(
    `select coalesce(sum(x.quantity), 0)::text as quantity, coalesce(sum(x.value), 0)::text as value from (
       select m.id, m.quantity, m.company_id from purchase_line_move plm
         join stock_move m on m.id = plm.move_id and m.state = 'DONE'
         join location s on s.id = m.source_id and s.type = 'SUPPLIER'
        where plm.line_id = ? and ${notMoves}
       union all
       select m.id, -m.quantity, m.company_id from supplier_return_line rl
         join supplier_return_move srm on srm.line_id = rl.id
         join stock_move m on m.id = srm.move_id and m.state = 'DONE'
        where rl.purchase_line_id = ? and ${notMoves}) mv
       cross join lateral (
         select mv.quantity, coalesce(sum(jl.credit - jl.debit), 0) as value from journal_line jl
           join account a on a.id = jl.account_id and a.role = 'GRNI'
          where jl.stock_move_id = mv.id and jl.company_id = mv.company_id) x`,
    [lineId, ...moveIds, lineId, ...moveIds],
  );
  // Posted bills bill their lines. A cancelled bill bills nothing: its entry and the reversal's
  // mirror cancel out, and GR/IR holds for the line what the cancellation moved beyond taking back
  // what the bill cleared (it takes back its goods under grniMove), kept per bill line when it is
  // cancelled. Not read from the ledger: its lines carry the bill and the product, and one bill
  // may bill a product on several order lines received at different rates. One statement for both.
  const billLines = await sc.em.execute<
    { cancelled: boolean; quantity: string; value: string | null; unit: string; adjustment: string | null }[]
  >(
    `select b.state = 'CANCELLED' as cancelled, bl.product_quantity::text as quantity,
            bl.cleared_value::text as value, (pl.unit_price * pl.quantity / pl.product_quantity)::text as unit,
            bl.cancel_grni_adjustment::text as adjustment
       from vendor_bill_line bl join vendor_bill b on b.id = bl.bill_id
       join purchase_order_line pl on pl.id = bl.purchase_line_id
      where bl.purchase_line_id = ? and b.id <> ? and b.state in ('MATCHED', 'APPROVED', 'CANCELLED')`,
    [lineId, without.billId ?? '00000000-0000-0000-0000-000000000000'],
  );
  const billed = billLines.filter((line) => !line.cancelled);
  const cancelled = billLines
    .filter((line) => line.cancelled)
    .reduce((sum, line) => sum.plus(line.adjustment ?? 0), new Decimal(0));
  // Posted credit notes give back to GRNI what they credited it with (billed less credited is
  // what counts as billed): without them, a bill after a credit note found nothing open and
  // cleared the order price at its own rate, leaving the receipts' rate difference in GRNI.
  // A note's GRNI line carries its product: shared out over its lines of that product by quantity.
  const credited = await sc.em.execute<{ quantity: string; value: string }[]>(
    `select cl.product_quantity::text as quantity,
            (coalesce((select sum(jl.credit - jl.debit) from journal_line jl
                         join account a on a.id = jl.account_id and a.role = 'GRNI'
                        where jl.credit_note_id = cl.credit_note_id and jl.product_id = cl.product_id
                          and jl.company_id = cl.company_id), 0)
              * cl.product_quantity
              / (select sum(c2.product_quantity) from vendor_credit_note_line c2
                  where c2.credit_note_id = cl.credit_note_id and c2.product_id = cl.product_id))::text as value
       from vendor_credit_note_line cl join vendor_credit_note n on n.id = cl.credit_note_id
      where cl.purchase_line_id = ? and n.id <> ? and n.state in ('MATCHED', 'APPROVED') and cl.product_quantity > 0`,
    [lineId, without.creditNoteId ?? '00000000-0000-0000-0000-000000000000'],
  );
  // Bills posted before conversion existed cleared their goods 1:1 at the order price.
  let open = billed.reduce(
    (o, b) => ({
      quantity: o.quantity.minus(b.quantity),
      value: o.value.minus(b.value ?? money(new Decimal(b.unit).times(b.quantity))),
    }),
    { quantity: new Decimal(received.quantity), value: new Decimal(received.value) },
  );
  for (const c of credited) {
    open = { quantity: open.quantity.plus(c.quantity), value: open.value.plus(money(c.value)) };
  }
  open = { quantity: open.quantity, value: open.value.plus(cancelled) };
  return open;
}

/**
 * What an order line's received goods cost per unit in the company currency (their receipt moves'
 * average unit cost), or null before any receipt: goods un-billed by a credit note go back to
 * GR/IR at what they came in at, not at the note date's rate.
 */
export async function receiptUnitCostOf(sc: ServiceContext, lineId: string): Promise<Decimal | null> {
  const [row] = await sc.em.execute<{ quantity: string; value: string }[]>(
    `select coalesce(sum(m.quantity), 0)::text as quantity, coalesce(sum(m.quantity * m.unit_cost), 0)::text as value
       from purchase_line_move plm
       join stock_move m on m.id = plm.move_id and m.state = 'DONE'
       join location s on s.id = m.source_id and s.type = 'SUPPLIER'
      where plm.line_id = ?`,
    [lineId],
  );
  const quantity = new Decimal(row.quantity);
  return quantity.gt(0) ? new Decimal(row.value).div(quantity) : null;
}

/**
 * GR/IR of the lines one posting moves, line after line (a bill, a credit note, or the stock
 * moves of one valuation): what is open is read once per line and carried from one document
 * line to the next, so two pieces of one line share it as one document would.
 */
export class GrniClearing {
  private readonly open = new Map<string, OpenGrni>();

  constructor(
    private readonly sc: ServiceContext,
    private readonly without: GrniExclusions = {},
  ) {}

  /** grniMove on the line's open GR/IR: the change of GR/IR's credit balance (< 0 a debit). */
  async move(lineId: string, change: Decimal, ownValue: Decimal): Promise<Decimal> {
    const open = this.open.get(lineId) ?? (await openGrniOf(this.sc, lineId, this.without));
    const moved = grniMove(open, change, ownValue);
    this.open.set(lineId, moved.open);
    return moved.grni;
  }
}
