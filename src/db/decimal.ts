import Decimal from 'decimal.js';

/**
 * Quantities and money travel as strings and are computed with decimal.js: PostgreSQL `numeric`
 * is exact and JavaScript floats are not (Odoo's float_compare everywhere is the cautionary tale).
 */
export const QUANTITY_SCALE = 6;

Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export { Decimal };

export function dec(value: Decimal.Value): Decimal {
  return new Decimal(value);
}

/** Canonical text form: no exponent, no trailing zeros after the point. */
export function decToString(value: Decimal.Value): string {
  const d = new Decimal(value);
  const fixed = d.toFixed();
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
