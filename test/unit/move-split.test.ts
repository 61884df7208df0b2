import { Decimal, decToString } from '../../src/db/decimal';
import { ProductTracking } from '../../src/modules/catalog/catalog.enums';
import { type MovePiece, piecesOf, splitPlan } from '../../src/modules/inventory/stock-moves';

const d = (value: string) => new Decimal(value);
const shown = (pieces: MovePiece[]) => pieces.map((p) => [decToString(p.quantity), p.lot]);
const plan = (planned: string, pieces: MovePiece[], tracking: ProductTracking, lot = '') => {
  const { reshape, rest } = splitPlan(d(planned), pieces, tracking, lot);
  return { reshape, rest: rest && [decToString(rest.quantity), rest.lot] };
};

describe('splitting a move into the pieces processed now', () => {
  it('makes one piece of 1 per serial number', () => {
    expect(shown(piecesOf(d('3'), 'ignored', ['S1', 'S2', 'S3']))).toEqual([
      ['1', 'S1'],
      ['1', 'S2'],
      ['1', 'S3'],
    ]);
  });

  it('makes one piece with its lot without serial numbers', () => {
    expect(shown(piecesOf(d('2.5'), 'L7', null))).toEqual([['2.5', 'L7']]);
  });

  it('leaves the move as it is when one piece takes all of it', () => {
    expect(plan('4', piecesOf(d('4'), 'L1', null), ProductTracking.LOT, 'L1')).toEqual({ reshape: false, rest: null });
  });

  it('keeps the rest open, with the lot only for a lot-tracked product', () => {
    expect(plan('10', piecesOf(d('4'), 'L1', null), ProductTracking.LOT, 'L1')).toEqual({
      reshape: true,
      rest: ['6', 'L1'],
    });
    expect(plan('10', piecesOf(d('4'), '', null), ProductTracking.NONE)).toEqual({ reshape: true, rest: ['6', ''] });
    expect(plan('5', piecesOf(d('2'), '', ['S1', 'S2']), ProductTracking.SERIAL, 'S9')).toEqual({
      reshape: true,
      rest: ['3', ''],
    });
  });

  it('reshapes the move when serial numbers split it, even with nothing left', () => {
    expect(plan('2', piecesOf(d('2'), '', ['S1', 'S2']), ProductTracking.SERIAL)).toEqual({
      reshape: true,
      rest: null,
    });
  });

  it('leaves nothing open when more than planned is processed (an over-receipt)', () => {
    expect(plan('1', piecesOf(d('1.2'), '', null), ProductTracking.NONE)).toEqual({ reshape: true, rest: null });
  });

  it('refuses to split into no piece', () => {
    expect(() => splitPlan(d('1'), [], ProductTracking.NONE, '')).toThrow();
  });
});
