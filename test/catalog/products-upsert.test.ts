import {
  ProductDocument,
  ProductsDocument,
  ProductsUpsertDocument,
  type ProductsUpsertInput,
  UomsDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let unitId: string;
let dozenId: string;
let kgId: string;

beforeAll(async () => {
  app = await startTestApp();
  h = stockHelpers(app);
  const { uoms } = await app.ok(UomsDocument);
  const byName = (name: string) => uoms.find((u) => u.name === name)!.id;
  unitId = byName('Unit');
  dozenId = byName('Dozen');
  kgId = byName('kg');
});
afterAll(() => app.close());

const upsert = (input: ProductsUpsertInput) => app.ok(ProductsUpsertDocument, { input });
const productCount = async () => Number((await app.sql<{ n: string }>(`select count(*)::text n from product`))[0].n);
const missing = '00000000-0000-4000-8000-000000000000';

describe('productsUpsert', () => {
  it('creates unknown SKUs and updates known ones in one call', async () => {
    await h.product('UPS-OLD');
    const { productsUpsert } = await upsert({
      items: [
        { sku: 'UPS-NEW', name: 'New one', uomId: kgId, barcode: 'UPS-BC-1', tracking: 'LOT', weight: '1.5' },
        { sku: 'UPS-OLD', name: '  Renamed  ', uomId: dozenId, requiresInspection: true },
      ],
    });
    expect(productsUpsert.userErrors).toEqual([]);
    expect(productsUpsert.results!.map((r) => [r.index, r.sku, r.created])).toEqual([
      [0, 'UPS-NEW', true],
      [1, 'UPS-OLD', false],
    ]);
    const { product: created } = await app.ok(ProductDocument, { sku: 'UPS-NEW' });
    expect(created).toMatchObject({
      id: productsUpsert.results![0].productId,
      name: 'New one',
      barcode: 'UPS-BC-1',
      tracking: 'LOT',
      uom: { name: 'kg' },
    });
    const { product: updated } = await app.ok(ProductDocument, { sku: 'UPS-OLD' });
    expect(updated).toMatchObject({
      id: productsUpsert.results![1].productId,
      name: 'Renamed',
      requiresInspection: true,
      uom: { name: 'Dozen' },
      version: 2,
    });
  });

  it('answers every item error with its index and writes nothing', async () => {
    await h.product('UPS-STOCKED');
    await h.receive('PAR', [{ sku: 'UPS-STOCKED', quantity: '3' }]);
    await h.product('UPS-UNIT');
    const before = await productCount();
    const { productsUpsert } = await upsert({
      items: [
        { sku: 'UPS-FINE', name: 'Fine', uomId: unitId },
        { sku: 'UPS-BAD-UOM', name: 'Bad', uomId: missing },
        { sku: 'UPS-STOCKED', name: 'Stocked', uomId: dozenId },
        { sku: 'UPS-STOCKED-T', name: 'Bad category', uomId: unitId, categoryId: missing },
        { sku: 'UPS-UNIT', name: 'Wrong unit category', uomId: kgId },
        { sku: 'UPS-FINE', name: 'Twice', uomId: unitId },
        { sku: 'UPS-BC-A', name: 'Barcode', uomId: unitId, barcode: 'UPS-BC-SAME' },
        { sku: 'UPS-BC-B', name: 'Barcode again', uomId: unitId, barcode: 'UPS-BC-SAME' },
        { sku: 'UPS-STOCKED', name: 'Tracking', uomId: unitId, tracking: 'SERIAL' },
      ],
    });
    expect(productsUpsert.results).toBeNull();
    expect(productsUpsert.userErrors.map((e) => [e.field!.join('.'), e.code])).toEqual([
      ['input.items.1.uomId', 'NOT_FOUND'],
      ['input.items.2.uomId', 'IN_USE'],
      ['input.items.3.categoryId', 'NOT_FOUND'],
      ['input.items.4.uomId', 'UOM_MISMATCH'],
      ['input.items.5.sku', 'INVALID'],
      ['input.items.7.barcode', 'TAKEN'],
      ['input.items.8.sku', 'INVALID'],
    ]);
    expect(await productCount()).toBe(before);
    const { product } = await app.ok(ProductDocument, { sku: 'UPS-STOCKED' });
    expect(product).toMatchObject({ uom: { name: 'Unit' }, version: 1 });
  });

  it('refuses a tracking change of a product with stock (the rule of productUpdate)', async () => {
    await h.product('UPS-TRACK');
    await h.receive('PAR', [{ sku: 'UPS-TRACK', quantity: '2' }]);
    const { productsUpsert } = await upsert({
      items: [{ sku: 'UPS-TRACK', name: 'Track', uomId: unitId, tracking: 'LOT' }],
    });
    expect(productsUpsert.userErrors).toEqual([
      expect.objectContaining({ code: 'IN_USE', field: ['input', 'items', '0', 'tracking'] }),
    ]);
  });

  it('refuses more than 250 items and a barcode of another product', async () => {
    await app.ok(ProductsUpsertDocument, {
      input: { items: [{ sku: 'UPS-HOLDER', name: 'Holder', uomId: unitId, barcode: 'UPS-BC-HELD' }] },
    });
    const taken = await upsert({ items: [{ sku: 'UPS-THIEF', name: 'Thief', uomId: unitId, barcode: 'UPS-BC-HELD' }] });
    expect(taken.productsUpsert.userErrors).toEqual([
      expect.objectContaining({ code: 'TAKEN', field: ['input', 'items', '0', 'barcode'] }),
    ]);
    const items = Array.from({ length: 251 }, (_, i) => ({ sku: `UPS-MAX-${i}`, name: 'Too many', uomId: unitId }));
    const tooMany = await upsert({ items });
    expect(tooMany.productsUpsert.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'items'] });
  });

  it('replays the first result for the same idempotency key', async () => {
    const input = { idempotencyKey: 'ups-idem-1', items: [{ sku: 'UPS-IDEM', name: 'Idem', uomId: unitId }] };
    const first = await upsert(input);
    expect(first.productsUpsert.userErrors).toEqual([]);
    const again = await upsert(input);
    expect(again.productsUpsert).toEqual(first.productsUpsert);
    const reused = await upsert({ ...input, items: [{ ...input.items[0], name: 'Other' }] });
    expect(reused.productsUpsert.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('is for those who may create products', async () => {
    const storefront = app.as(await app.createKey(['STOREFRONT']));
    const refused = await storefront.gql(ProductsUpsertDocument, {
      input: { items: [{ sku: 'UPS-ROLE', name: 'Role', uomId: unitId }] },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const buyer = app.as(await app.createKey(['BUYER']));
    const allowed = await buyer.ok(ProductsUpsertDocument, {
      input: { items: [{ sku: 'UPS-ROLE', name: 'Role', uomId: unitId }] },
    });
    expect(allowed.productsUpsert.userErrors).toEqual([]);
  });

  it('two callers creating one new SKU at once: one creates it, the other answers TAKEN, never an internal error', async () => {
    const input = { items: [{ sku: 'UPS-RACE', name: 'Race', uomId: unitId }] };
    const bodies = await Promise.all(Array.from({ length: 6 }, () => app.gql(ProductsUpsertDocument, { input })));
    for (const body of bodies) expect(body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    const answers = bodies.filter((b) => b.data).map((b) => b.data!.productsUpsert);
    const created = answers.filter((a) => a.results?.[0]?.created);
    expect(created).toHaveLength(1);
    for (const a of answers) {
      if (a.userErrors.length) expect(a.userErrors[0].code).toBe('TAKEN');
    }
    expect(
      Number((await app.sql<{ n: string }>(`select count(*)::text n from product where sku = 'UPS-RACE'`))[0].n),
    ).toBe(1);
  });

  it('upserts 250 items with a number of statements that does not grow with the items', async () => {
    const skus = Array.from({ length: 250 }, (_, i) => `UPS-BULK-${String(i).padStart(3, '0')}`);
    const call = (n: number, name: string) =>
      app.countStatements(async () => {
        const { productsUpsert } = await upsert({
          items: skus.slice(0, n).map((sku) => ({ sku, name, uomId: unitId, weight: '2' })),
        });
        expect(productsUpsert.userErrors).toEqual([]);
      });
    // All new, then all existing (updates), 10 then 250 items; then a mix.
    const create10 = await call(10, 'First');
    const create250 = await call(250, 'First'); // 10 updates (name unchanged: none), 240 creates
    const update10 = await call(10, 'Second');
    const update250 = await call(250, 'Second');
    console.log(
      `statements per call: create 10 ${create10}, mixed 250 ${create250}, update 10 ${update10}, update 250 ${update250}`,
    );
    expect(create250).toBeLessThanOrEqual(create10 + 2);
    expect(update250).toBeLessThanOrEqual(update10 + 2);
    const { products } = await app.ok(ProductsDocument, { filter: { skus: [skus[0], skus[249]] }, first: 10 });
    expect(products.edges.map((e) => e.node.name)).toEqual(['Second', 'Second']);
  }, 120_000);
});
