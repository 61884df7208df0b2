import { Decimal } from '../../db/decimal';
import { money } from './posting';

/**
 * How a bill's open amount is carried and settled across currencies (issue 23), one rule for
 * payments and credit notes:
 *
 * - A bill posts accounts payable at its bill-date rate (`companyAmountTotal`). Until settled,
 *   its open amount stays at that **booked rate**: there is no unrealized revaluation, so the
 *   payables account, the bills' `amountResidual` and the aged payables (all read from the same
 *   ledger lines) agree at every moment, in the company currency.
 * - A settlement (payment, early payment discount, credit note) of `settled` in the bill's
 *   currency clears payables in proportion to what it settles of the bill's open amount in its
 *   currency: `companyResidual x settled / currencyResidual`, to the cent; settling all that is
 *   open clears exactly `companyResidual`, so a bill settled in full ends at 0 in both currencies
 *   whatever the rounding of the parts before.
 * - What the settlement is worth at its own date's rate differs from what it clears: the
 *   difference is the realized exchange difference (Odoo's exchange difference entry), to
 *   exchange gains (4800) when it clears more than it is worth, to losses (6800) otherwise.
 *
 * For a bill in the company currency both residuals are equal and the rule clears `settled`.
 */
export function payablesCleared(
  settled: Decimal.Value,
  currencyResidual: Decimal.Value,
  companyResidual: Decimal.Value,
): Decimal {
  const s = new Decimal(settled);
  const open = new Decimal(currencyResidual);
  if (s.gte(open) || open.lte(0)) return money(companyResidual);
  return money(s.times(companyResidual).div(open));
}

/**
 * Splits `total` (already in cents) over parts in proportion to their `weights`, each part to the
 * cent and the last taking what rounding left, so the parts add up to `total` exactly.
 */
export function splitCents(total: Decimal, weights: Decimal[]): Decimal[] {
  const sum = weights.reduce((s, w) => s.plus(w), new Decimal(0));
  let left = total;
  return weights.map((w, i) => {
    const part = i === weights.length - 1 ? left : sum.isZero() ? new Decimal(0) : money(total.times(w).div(sum));
    left = left.minus(part);
    return part;
  });
}
