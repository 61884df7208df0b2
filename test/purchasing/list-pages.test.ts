import {
  ReorderRuleSetDocument,
  ReorderRulesDocument,
  SupplierPricesDocument,
  SuppliersDocument,
  WarehouseCreateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** supplierPrices and reorderRules are plain lists paged like connections: `first` (20, at most 100) and `after` an id. */
let app: TestApp;
let supplierId: string;
const skus = Array.from({ length: 25 }, (_, i) => `PG-${String(i + 1).padStart(2, '0')}`);
beforeAll(async () => {
  app = await startTestApp({ seed: false });
  const h = stockHelpers(app);
  const p = purchasingHelpers(app);
  await app.ok(WarehouseCreateDocument, { input: { code: 'PGW', name: 'Paging', timeZone: 'UTC' } });
  supplierId = (await p.supplier('PAGER')).id;
  // Created out of order: the lists come back by SKU.
  for (const sku of [...skus].reverse()) {
    await h.product(sku);
    await p.price({ supplierId, sku, unitPrice: '1' });
    const { reorderRuleSet } = await app.ok(ReorderRuleSetDocument, {
      input: { sku, warehouseCode: 'PGW', minQuantity: '1', maxQuantity: '2' },
    });
    expect(reorderRuleSet.userErrors).toEqual([]);
  }
}, 120_000);
afterAll(() => app.close());

async function everyPage<T extends { id: string }>(page: (after?: string) => Promise<T[]>) {
  const pages: T[][] = [];
  let after: string | undefined;
  for (;;) {
    const items = await page(after);
    if (items.length === 0) break;
    pages.push(items);
    after = items[items.length - 1].id;
  }
  return pages;
}

describe('paged lists', () => {
  it('supplierPrices: 20 by default, then page by page after the last id, in SKU order', async () => {
    const first = (await app.ok(SupplierPricesDocument, { supplierId })).supplierPrices;
    expect(first.map((x) => x.product.sku)).toEqual(skus.slice(0, 20));
    const pages = await everyPage(
      async (after) => (await app.ok(SupplierPricesDocument, { supplierId, first: 10, after })).supplierPrices,
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((x) => x.product.sku)).toEqual(skus);
  });

  it('reorderRules: the same, with its warehouse filter', async () => {
    expect((await app.ok(ReorderRulesDocument, {})).reorderRules).toHaveLength(20);
    const pages = await everyPage(
      async (after) => (await app.ok(ReorderRulesDocument, { warehouseCodes: ['PGW'], first: 12, after })).reorderRules,
    );
    expect(pages.map((p) => p.length)).toEqual([12, 12, 1]);
    expect(pages.flat().map((r) => r.product.sku)).toEqual(skus);
    expect((await app.ok(ReorderRulesDocument, { first: 100 })).reorderRules).toHaveLength(25);
  });

  it('refuses a page over 100 or an `after` that is not an item of the list', async () => {
    const big = await app.gql(SupplierPricesDocument, { supplierId, first: 101 });
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const [rule] = (await app.ok(ReorderRulesDocument, { first: 1 })).reorderRules;
    for (const after of ['00000000-0000-4000-8000-000000000000', 'not-an-id', rule.id]) {
      const body = await app.gql(SupplierPricesDocument, { supplierId, after });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
    const other = await app.gql(ReorderRulesDocument, { warehouseCodes: ['PAR'], after: rule.id });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it("a supplier's nested price list is not paged", async () => {
    const { suppliers } = await app.ok(SuppliersDocument, { search: 'PAGER' });
    expect(suppliers.edges[0].node.prices).toHaveLength(25);
  });
});
