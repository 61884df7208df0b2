import { Uom } from '../../src/modules/catalog/uom.entity';
import type { SupplierPrice } from '../../src/modules/purchasing/partner.entity';
import { priceBreakFor } from '../../src/modules/purchasing/supplier.service';

const uom = (id: string, factor: string) => Object.assign(Object.create(Uom.prototype) as Uom, { id, factor });
const piece = uom('piece', '1');
const dozen = uom('dozen', '12');
const line = (id: string, minQuantity: string, unitPrice: string, validFrom: string | null = null, unit = piece) =>
  ({
    id,
    minQuantity,
    unitPrice,
    validFrom,
    validTo: null,
    purchaseUom: { getEntity: () => unit },
  }) as unknown as SupplierPrice;

describe('priceBreakFor: which supplier price line applies', () => {
  const undated = line('b', '100', '6');
  const changed = line('a', '100', '7', '2026-03-01');
  const unit = line('c', '1', '10');

  it('of lines of one minimum valid on the day, the latest start wins, whatever order they come in', () => {
    for (const breaks of [
      [unit, undated, changed],
      [changed, undated, unit],
    ]) {
      expect(priceBreakFor(breaks, '150', '2026-03-10', piece)).toEqual({ price: changed, belowMinimum: false });
      // Before the change starts, the undated line.
      expect(priceBreakFor(breaks, '150', '2026-02-28', piece)).toEqual({ price: undated, belowMinimum: false });
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
      expect(priceBreakFor(breaks, '100', '2026-03-10', piece)?.price).toBe(twin);
      expect(priceBreakFor(breaks, '5', '2026-03-10', piece)).toEqual({ price: twin, belowMinimum: true });
    }
  });

  it("compares each line's minimum in the unit of the quantity: 10 dozen is reached by 120 pieces, not by 100", () => {
    const byDozen = line('d', '10', '90', null, dozen);
    const byPiece = line('p', '1', '10');
    for (const breaks of [
      [byDozen, byPiece],
      [byPiece, byDozen],
    ]) {
      expect(priceBreakFor(breaks, '130', '2026-03-10', piece)?.price).toBe(byDozen);
      expect(priceBreakFor(breaks, '100', '2026-03-10', piece)?.price).toBe(byPiece);
      expect(priceBreakFor(breaks, '10', '2026-03-10', dozen)?.price).toBe(byDozen);
    }
  });
});
