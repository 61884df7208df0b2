import { Decimal, decToString } from '../../src/db/decimal';
import { stockPairKey } from '../../src/modules/inventory/stock-locks';
import { allocate, type LinePlan, type Remaining } from '../../src/modules/reservations/allocation';

const PAR = { id: 'w-par', code: 'PAR' };
const LYO = { id: 'w-lyo', code: 'LYO' };

function plan(
  index: number,
  productId: string,
  quantity: string,
  warehouses = [PAR, LYO],
  expected?: string,
): LinePlan {
  return {
    line: {
      quantity,
      sku: productId.toUpperCase(),
      ...(expected !== undefined ? { expectedAvailable: expected } : {}),
    },
    path: ['input', 'lines', String(index)],
    productId,
    sku: productId.toUpperCase(),
    candidates: warehouses,
    quantity: new Decimal(quantity),
  } as LinePlan;
}
const figures = (entries: [string, string, string][]): Remaining =>
  new Map(entries.map(([p, w, q]) => [stockPairKey(p, w), new Decimal(q)]));
const taken = (lines: { productId: string; warehouseId: string; quantity: Decimal }[]) =>
  lines.map((l) => [l.productId, l.warehouseId, decToString(l.quantity)]);

describe('reservation allocation', () => {
  it("follows the line's warehouses in order, taking the rest from the next", () => {
    const result = allocate(
      [plan(0, 'p1', '7')],
      figures([
        ['p1', 'w-par', '5'],
        ['p1', 'w-lyo', '10'],
      ]),
    );
    expect(result.shortfalls).toEqual([]);
    expect(result.stale).toBeNull();
    expect(taken(result.lines)).toEqual([
      ['p1', 'w-par', '5'],
      ['p1', 'w-lyo', '2'],
    ]);
  });

  it('checks the same SKU on two lines as a whole (a running total)', () => {
    const result = allocate([plan(0, 'p1', '4', [PAR]), plan(1, 'p1', '4', [PAR])], figures([['p1', 'w-par', '6']]));
    expect(taken(result.lines)).toEqual([
      ['p1', 'w-par', '4'],
      ['p1', 'w-par', '2'],
    ]);
    expect(result.shortfalls.map((e) => [e.code, e.field, e.quantityAvailable])).toEqual([
      ['INSUFFICIENT_STOCK', ['input', 'lines', '1'], '2'],
    ]);
  });

  it('records a lower bound where a line was served in full and the exact figure where it was short', () => {
    const result = allocate(
      [plan(0, 'p1', '3', [PAR]), plan(1, 'p2', '9', [LYO])],
      figures([
        ['p1', 'w-par', '10'],
        ['p2', 'w-lyo', '4'],
      ]),
    );
    const p1 = result.assumptions.get(stockPairKey('p1', 'w-par'))!;
    const p2 = result.assumptions.get(stockPairKey('p2', 'w-lyo'))!;
    expect([p1.exact, decToString(p1.atLeast)]).toEqual([null, '3']);
    expect([decToString(p2.exact!), decToString(p2.atLeast)]).toEqual(['4', '4']);
  });

  it('stops at a stale expectedAvailable and reserves nothing of that line', () => {
    const result = allocate(
      [plan(0, 'p1', '1', [PAR, LYO], '8')],
      figures([
        ['p1', 'w-par', '5'],
        ['p1', 'w-lyo', '2'],
      ]),
    );
    expect(result.lines).toEqual([]);
    expect(result.stale).toMatchObject({
      code: 'STALE',
      field: ['input', 'lines', '0', 'expectedAvailable'],
      quantityAvailable: '7',
    });
  });

  it('never takes from a pair it has no figure for', () => {
    const result = allocate([plan(0, 'p1', '1', [PAR])], new Map());
    expect(result.lines).toEqual([]);
    expect(result.shortfalls.map((e) => e.quantityAvailable)).toEqual(['0']);
  });
});
