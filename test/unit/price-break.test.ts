import type { SupplierPrice } from '../../src/modules/purchasing/partner.entity';
import { priceBreakFor } from '../../src/modules/purchasing/supplier.service';

const line = (id: string, minQuantity: string, unitPrice: string, validFrom: string | null = null) =>
  ({ id, minQuantity, unitPrice, validFrom, validTo: null }) as SupplierPrice;

describe('priceBreakFor: which supplier price line applies', () => {
  const undated = line('b', '100', '6');
  const changed = line('a', '100', '7', '2026-03-01');
  const unit = line('c', '1', '10');

  it('of lines of one minimum valid on the day, the latest start wins, whatever order they come in', () => {
    for (const breaks of [
      [unit, undated, changed],
      [changed, undated, unit],
    ]) {
      expect(priceBreakFor(breaks, '150', '2026-03-10')).toEqual({ price: changed, belowMinimum: false });
      // Before the change starts, the undated line.
      expect(priceBreakFor(breaks, '150', '2026-02-28')).toEqual({ price: undated, belowMinimum: false });
    }
  });

  it('of lines with the same start, the lowest price, then the id; below every minimum, the smallest one flagged', () => {
    const dear = line('a', '100', '7');
    const cheap = line('z', '100', '6.5');
    const twin = line('y', '100', '6.5');
    for (const breaks of [
      [dear, cheap, twin],
      [twin, cheap, dear],
    ]) {
      expect(priceBreakFor(breaks, '100', '2026-03-10')?.price).toBe(twin);
      expect(priceBreakFor(breaks, '5', '2026-03-10')).toEqual({ price: twin, belowMinimum: true });
    }
  });
});
