import { Decimal, decToString } from '../../src/db/decimal';
import { CostingMethod } from '../../src/modules/catalog/catalog.enums';
import { returnLines } from '../../src/modules/accounting/return-valuation';
import { consumeReturn, type LayerTake, type OpenLayer } from '../../src/modules/accounting/valuation.service';
import type { Books } from '../../src/modules/accounting/posting';

const layer = (id: string, quantity: string, value: string, stockMoveId: string | null = null): OpenLayer => ({
  id,
  isNew: false,
  productId: 'p',
  warehouseId: 'w',
  remainingQuantity: new Decimal(quantity),
  remainingValue: new Decimal(value),
  stockMoveId,
});
const left = (layers: OpenLayer[]) =>
  layers.map((l) => [l.id, decToString(l.remainingQuantity), decToString(l.remainingValue)]);
const takesOf = (takes: LayerTake[]) => takes.map((t) => [t.layerId, decToString(t.quantity)]);

describe('goods sent back to their supplier (consumeReturn)', () => {
  it('FIFO: take the receipt layer first (20), not the oldest (27.50)', () => {
    const layers = [layer('old', '5', '137.5'), layer('receipt', '3', '60', 'm1')];
    const takes: LayerTake[] = [];
    const value = consumeReturn(
      layers,
      { moveId: 'm1', unitCost: new Decimal(20) },
      new Decimal(1),
      CostingMethod.FIFO,
      new Decimal(0),
      takes,
    );
    expect(decToString(value)).toBe('20');
    expect(takesOf(takes)).toEqual([['receipt', '1']]);
    expect(left(layers)).toEqual([
      ['old', '5', '137.5'],
      ['receipt', '2', '40'],
    ]);
  });

  it('FIFO: what the receipt layer no longer holds comes from the oldest', () => {
    const layers = [layer('old', '5', '137.5'), layer('receipt', '1', '20', 'm1')];
    const takes: LayerTake[] = [];
    const value = consumeReturn(
      layers,
      { moveId: 'm1', unitCost: new Decimal(20) },
      new Decimal(2),
      CostingMethod.FIFO,
      new Decimal(0),
      takes,
    );
    expect(decToString(value)).toBe('47.5');
    expect(takesOf(takes)).toEqual([
      ['receipt', '1'],
      ['old', '1'],
    ]);
  });

  it('average: valued at the receipt cost, the rest of the value spread over what remains', () => {
    const layers = [layer('old', '5', '137.5'), layer('receipt', '3', '60', 'm1')];
    const takes: LayerTake[] = [];
    const value = consumeReturn(
      layers,
      { moveId: 'm1', unitCost: new Decimal(20) },
      new Decimal(1),
      CostingMethod.AVERAGE,
      new Decimal(0),
      takes,
    );
    expect(decToString(value)).toBe('20');
    expect(takesOf(takes)).toEqual([['receipt', '1']]);
    const remaining = layers.reduce((s, l) => s.plus(l.remainingValue), new Decimal(0));
    expect(decToString(remaining)).toBe('177.5');
  });

  it('average: taking all that is left takes exactly the value left', () => {
    const layers = [layer('receipt', '2', '45', 'm1')];
    const value = consumeReturn(
      layers,
      { moveId: 'm1', unitCost: new Decimal(20) },
      new Decimal(2),
      CostingMethod.AVERAGE,
      new Decimal(0),
    );
    expect(decToString(value)).toBe('45');
    expect(left(layers)).toEqual([['receipt', '0', '0']]);
  });
});

describe('the entry of goods sent back (returnLines)', () => {
  const books = {
    accounts: { GRNI: 'grni', PRICE_VARIANCE: 'ppv', INVENTORY: 'inv' },
    journals: {},
  } as unknown as Books;
  const inventory = { accountId: 'inv', productId: 'p', warehouseId: 'w' };
  const sides = (lines: ReturnType<typeof returnLines>) =>
    lines.map((l) => [l.accountId, decToString(l.debit), decToString(l.credit)]);

  it('debits GR/IR at the receipt cost and credits Inventory at the value taken; the difference is a price variance', () => {
    expect(
      sides(
        returnLines(books, { moveId: 'm1', unitCost: new Decimal(20) }, new Decimal(2), new Decimal('47.5'), inventory),
      ),
    ).toEqual([
      ['grni', '40', '0'],
      ['inv', '0', '47.5'],
      ['ppv', '7.5', '0'],
    ]);
    expect(
      sides(
        returnLines(books, { moveId: 'm1', unitCost: new Decimal(20) }, new Decimal(1), new Decimal('20'), inventory),
      ),
    ).toEqual([
      ['grni', '20', '0'],
      ['inv', '0', '20'],
    ]);
  });
});
