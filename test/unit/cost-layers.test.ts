import { Decimal, decToString } from '../../src/db/decimal';
import { CostingMethod } from '../../src/modules/catalog/catalog.enums';
import { consume, type LayerTake, type OpenLayer, spread } from '../../src/modules/accounting/valuation.service';

const layer = (id: string, quantity: string, value: string): OpenLayer => ({
  id,
  isNew: false,
  productId: 'p',
  warehouseId: 'w',
  remainingQuantity: new Decimal(quantity),
  remainingValue: new Decimal(value),
});
const left = (layers: OpenLayer[]) =>
  layers.map((l) => [l.id, decToString(l.remainingQuantity), decToString(l.remainingValue)]);

describe('FIFO cost layers', () => {
  it('take the oldest layers first, at their own cost', () => {
    const layers = [layer('a', '10', '10'), layer('b', '10', '20')];
    const takes: LayerTake[] = [];
    const value = consume(layers, new Decimal('15'), CostingMethod.FIFO, new Decimal(0), takes);
    expect(decToString(value)).toBe('20');
    expect(takes.map((t) => [t.layerId, decToString(t.quantity)])).toEqual([
      ['a', '10'],
      ['b', '5'],
    ]);
    expect(left(layers)).toEqual([
      ['a', '0', '0'],
      ['b', '5', '10'],
    ]);
  });

  it('leave no cent behind when the last units go', () => {
    const layers = [layer('a', '3', '10')];
    const first = consume(layers, new Decimal('1'), CostingMethod.FIFO, new Decimal(0));
    const second = consume(layers, new Decimal('1'), CostingMethod.FIFO, new Decimal(0));
    const last = consume(layers, new Decimal('1'), CostingMethod.FIFO, new Decimal(0));
    expect([first, second, last].map(decToString)).toEqual(['3.33', '3.34', '3.33']);
    expect(decToString(first.plus(second).plus(last))).toBe('10');
    expect(left(layers)).toEqual([['a', '0', '0']]);
  });

  it('value more than the layers hold (in transit) at the last known unit cost', () => {
    const layers = [layer('a', '2', '5')];
    expect(decToString(consume(layers, new Decimal('4'), CostingMethod.FIFO, new Decimal('9')))).toBe('10');
    expect(decToString(consume([], new Decimal('4'), CostingMethod.FIFO, new Decimal('1.5')))).toBe('6');
  });
});

describe('AVERAGE cost layers', () => {
  it('take the average and spread what is left over the remaining layers', () => {
    const layers = [layer('a', '10', '10'), layer('b', '10', '20')];
    const value = consume(layers, new Decimal('5'), CostingMethod.AVERAGE, new Decimal(0));
    expect(decToString(value)).toBe('7.5');
    // 15 units worth 22.50 remain, at the same 1.50 average.
    expect(left(layers)).toEqual([
      ['a', '5', '7.5'],
      ['b', '10', '15'],
    ]);
  });

  it('take exactly the value left when everything goes', () => {
    const layers = [layer('a', '3', '1'), layer('b', '0', '0')];
    expect(decToString(consume(layers, new Decimal('3'), CostingMethod.AVERAGE, new Decimal(0)))).toBe('1');
    expect(left(layers)).toEqual([
      ['a', '0', '0'],
      ['b', '0', '0'],
    ]);
  });
});

describe('spreading a value over layers', () => {
  it('goes by remaining quantity, the last layer taking the rounding', () => {
    const layers = [layer('a', '1', '0'), layer('b', '1', '0'), layer('c', '1', '0'), layer('d', '0', '4')];
    spread(layers, new Decimal('10'));
    expect(left(layers)).toEqual([
      ['a', '1', '3.33'],
      ['b', '1', '3.33'],
      ['c', '1', '3.34'],
      ['d', '0', '0'],
    ]);
  });
});
