import {
  ProductCreateDocument,
  ProductsWithRelationsDocument,
  UomsDocument,
  WarehousesDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  // 60 products so that a page of 50 is full.
  const { uoms } = await app.ok(UomsDocument);
  for (let i = 0; i < 40; i++) {
    await app.ok(ProductCreateDocument, {
      input: { sku: `LOAD-${String(i).padStart(3, '0')}`, name: `Load ${i}`, uomId: uoms[i % uoms.length].id },
    });
  }
});
afterAll(() => app.close());

describe('DataLoaders keep nested lists at a fixed number of SQL statements', () => {
  it('products(first: N) { uom { category } category { parent } } costs the same for 5 and 50 products', async () => {
    let small = 0;
    const smallCount = await app.countStatements(async () => {
      const data = await app.ok(ProductsWithRelationsDocument, { first: 5 });
      small = data.products.edges.length;
    });
    let large = 0;
    const largeCount = await app.countStatements(async () => {
      const data = await app.ok(ProductsWithRelationsDocument, { first: 50 });
      large = data.products.edges.length;
      expect(data.products.edges.every((e) => e.node.uom.category.name)).toBe(true);
    });
    expect(small).toBe(5);
    expect(large).toBe(50);
    expect(largeCount).toBe(smallCount);
    // page + count, then one batch each for uoms, uom categories, product categories and their parents.
    expect(largeCount).toBeLessThanOrEqual(6);
  });

  it('warehouses { locations, rootLocation { children } } costs the same whatever the number of warehouses', async () => {
    const count = await app.countStatements(() => app.ok(WarehousesDocument));
    expect(count).toBeLessThanOrEqual(4);
  });
});
