import { PairIndex } from '../../src/pubsub/subscription-index';

/** The product x warehouse index the stock event hub offers events through (issue 21 fan-out). */
const pair = (sku: string, warehouseCode: string) => ({
  productId: `id-${sku}`,
  sku,
  warehouseId: `wid-${warehouseCode}`,
  warehouseCode,
});

describe('PairIndex', () => {
  it('offers an event to the listeners of its pair only, each once', () => {
    const index = new PairIndex<string>();
    index.add('a-par', { products: { skus: ['A'] }, warehouses: { codes: ['PAR'] } });
    index.add('a-any', { products: { skus: ['A'] }, warehouses: null });
    index.add('b-any', { products: { skus: ['B'] }, warehouses: null });
    index.add('any-lyo', { products: null, warehouses: { ids: ['wid-LYO'] } });
    index.add('everything', { products: null, warehouses: null });
    // Named both by SKU and by id, and by code and by id: still offered once.
    index.add('a-both', {
      products: { skus: ['A'], ids: ['id-A'] },
      warehouses: { codes: ['PAR', 'LYO'], ids: ['wid-PAR'] },
    });

    expect(index.match(pair('A', 'PAR')).sort()).toEqual(['a-any', 'a-both', 'a-par', 'everything']);
    expect(index.match(pair('A', 'LYO')).sort()).toEqual(['a-any', 'a-both', 'any-lyo', 'everything']);
    expect(index.match(pair('B', 'PAR')).sort()).toEqual(['b-any', 'everything']);
    expect(index.match(pair('C', 'MAD')).sort()).toEqual(['everything']);
  });

  it('matches a product by id as well as by SKU', () => {
    const index = new PairIndex<string>();
    index.add('by-id', { products: { ids: ['id-A'] }, warehouses: null });
    expect(index.match(pair('A', 'PAR'))).toEqual(['by-id']);
    expect(index.match({ ...pair('A', 'PAR'), productId: 'other' })).toEqual([]);
  });

  it('an empty list matches nothing, as an empty filter does in the queries', () => {
    const index = new PairIndex<string>();
    index.add('none', { products: { skus: [], ids: [] }, warehouses: null });
    expect(index.match(pair('A', 'PAR'))).toEqual([]);
  });

  it('a removed listener is no longer offered anything, and removing twice is harmless', () => {
    const index = new PairIndex<string>();
    const remove = index.add('a', { products: { skus: ['A'] }, warehouses: null });
    index.add('b', { products: { skus: ['A'] }, warehouses: null });
    expect(index.size).toBe(2);
    remove();
    remove();
    expect(index.size).toBe(1);
    expect(index.match(pair('A', 'PAR'))).toEqual(['b']);
  });

  it('finds the few matching listeners among many', () => {
    const index = new PairIndex<number>();
    for (let i = 0; i < 10_000; i++) {
      index.add(i, { products: { skus: [`S${i % 200}`, `S${(i + 7) % 200}`] }, warehouses: null });
    }
    const found = index.match(pair('S3', 'PAR')).sort((a, b) => a - b);
    const expected = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 200 === 3 || (i + 7) % 200 === 3);
    expect(found).toEqual(expected);
  });
});
