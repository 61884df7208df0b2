import { Decimal, decToString } from '../../src/db/decimal';
import { kitUnits } from '../../src/modules/inventory/kit-figures';
import { stockPairKey } from '../../src/modules/inventory/stock-locks';
import { allocate, type LinePlan, type Remaining } from '../../src/modules/reservations/allocation';

const PAR = { id: 'w-par', code: 'PAR' };
const LYO = { id: 'w-lyo', code: 'LYO' };
const figures = (entries: [string, string, string][]): Remaining =>
  new Map(entries.map(([p, w, q]) => [stockPairKey(p, w), new Decimal(q)]));
const taken = (lines: { productId: string; warehouseId: string; quantity: Decimal; kitQuantity?: Decimal | null }[]) =>
  lines.map((l) => [
    l.productId,
    l.warehouseId,
    decToString(l.quantity),
    l.kitQuantity ? decToString(l.kitQuantity) : null,
  ]);

function line(index: number, productId: string, quantity: string, components?: [string, string][]): LinePlan {
  return {
    line: { quantity, sku: productId },
    path: ['input', 'lines', String(index)],
    productId,
    sku: productId,
    candidates: [PAR, LYO],
    quantity: new Decimal(quantity),
    components: components ? components.map(([id, q]) => ({ productId: id, sku: id, quantity: new Decimal(q) })) : null,
  } as LinePlan;
}

describe('kit figures', () => {
  it('are the whole kits the scarcest component allows', () => {
    expect(
      decToString(
        kitUnits([
          { figure: '10', quantity: '1' },
          { figure: '7', quantity: '2' },
        ]),
      ),
    ).toBe('3');
    expect(decToString(kitUnits([{ figure: '0.9', quantity: '0.5' }]))).toBe('1');
    expect(
      decToString(
        kitUnits([
          { figure: '5', quantity: '1' },
          { figure: '0', quantity: '3' },
        ]),
      ),
    ).toBe('0');
  });
});

describe('kit allocation', () => {
  it('takes whole kits per warehouse in order, each kit from one warehouse', () => {
    const gift = line(0, 'gift', '4', [
      ['mug', '1'],
      ['coffee', '2'],
    ]);
    const result = allocate(
      [gift],
      figures([
        ['mug', 'w-par', '10'],
        ['coffee', 'w-par', '5'], // 2 kits (a third would need a coffee from LYO: never split)
        ['mug', 'w-lyo', '3'],
        ['coffee', 'w-lyo', '100'],
      ]),
    );
    expect(result.shortfalls).toEqual([]);
    expect(taken(result.lines)).toEqual([
      ['mug', 'w-par', '2', '2'],
      ['coffee', 'w-par', '4', '2'],
      ['mug', 'w-lyo', '2', '2'],
      ['coffee', 'w-lyo', '4', '2'],
    ]);
    expect(result.lines.every((l) => l.kitId === 'gift')).toBe(true);
    // Short at PAR: the outcome depended on the exact figures of both components there.
    expect(result.assumptions.get(stockPairKey('coffee', 'w-par'))?.exact?.toFixed()).toBe('5');
    expect(result.assumptions.get(stockPairKey('mug', 'w-par'))?.exact?.toFixed()).toBe('10');
    expect(result.assumptions.get(stockPairKey('coffee', 'w-lyo'))).toMatchObject({ exact: null });
  });

  it('a kit and its component on one reservation share the running total: never more than the stock', () => {
    const result = allocate(
      [line(0, 'bundle', '1', [['shared', '1']]), line(1, 'shared', '1')],
      figures([
        ['shared', 'w-par', '1'],
        ['shared', 'w-lyo', '0'],
      ]),
    );
    expect(taken(result.lines)).toEqual([['shared', 'w-par', '1', '1']]);
    expect(result.shortfalls.map((e) => [e.code, e.quantityAvailable])).toEqual([['INSUFFICIENT_STOCK', '0']]);
  });
});
