import { Decimal } from '../../db/decimal';

/** Money in the books: cents, half up (as accounting's posting.ts). */
export function money(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** What is still in GR/IR for an order line: received and not yet billed, in the company currency. */
export interface OpenGrni {
  quantity: Decimal;
  value: Decimal;
}

/**
 * The share of GR/IR a bill of `quantity` clears, and what stays open after it: in proportion to
 * the quantity received and not yet billed, to the cent; a bill of all that is open (or more)
 * clears exactly what is left, so GR/IR ends at zero whatever the receipt rates. Goods billed
 * beyond what was received are cleared at `atBillRate` (the order price at the bill rate, for the
 * whole `quantity`), prorated to the part beyond.
 */
export function grniShare(
  open: OpenGrni,
  quantity: Decimal,
  atBillRate: Decimal,
): { cleared: Decimal; open: OpenGrni } {
  let cleared: Decimal;
  if (open.quantity.lte(0)) cleared = atBillRate;
  else if (quantity.gte(open.quantity)) {
    const beyond = quantity.minus(open.quantity);
    cleared = open.value.plus(money(atBillRate.times(beyond).div(quantity)));
  } else cleared = money(open.value.times(quantity).div(open.quantity));
  return { cleared, open: { quantity: open.quantity.minus(quantity), value: open.value.minus(cleared) } };
}
