import {
  ProductArchiveDocument,
  ProductCreateDocument,
  ProductDocument,
  ProductsDocument,
  ProductUpdateDocument,
  UomsDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let unitId: string;
let kgId: string;
let dozenId: string;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  const { uoms } = await app.ok(UomsDocument);
  const byName = (name: string) => uoms.find((u) => u.name === name)!.id;
  unitId = byName('Unit');
  kgId = byName('kg');
  dozenId = byName('Dozen');
});
afterAll(() => app.close());

const countProducts = async () => Number((await app.sql<{ n: string }>('select count(*) n from product'))[0].n);

describe('product queries on the demo data', () => {
  it('pages through the 20 demo products in SKU order with opaque cursors', async () => {
    const first = await app.ok(ProductsDocument, { first: 8 });
    expect(first.products.totalCount).toBe(20);
    expect(first.products.edges).toHaveLength(8);
    expect(first.products.pageInfo.hasNextPage).toBe(true);
    const skus: string[] = first.products.edges.map((e) => e.node.sku);
    let after = first.products.pageInfo.endCursor;
    while (after) {
      const page = await app.ok(ProductsDocument, { first: 8, after });
      skus.push(...page.products.edges.map((e) => e.node.sku));
      after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
    }
    expect(skus).toHaveLength(20);
    expect(new Set(skus).size).toBe(20);
    expect([...skus].sort()).toEqual(skus);
  });

  it('filters by search text, SKU list and active flag', async () => {
    const search = await app.ok(ProductsDocument, { filter: { search: 'usb-c' } });
    expect(search.products.edges.map((e) => e.node.sku).sort()).toEqual(['EL-CABLE-USBC', 'EL-CHARGER-65']);
    const bySku = await app.ok(ProductsDocument, { filter: { skus: ['HW-BOLT-M8', 'BULK-RICE', 'NOPE'] } });
    expect(bySku.products.totalCount).toBe(2);
    const archived = await app.ok(ProductsDocument, { filter: { active: false } });
    expect(archived.products.totalCount).toBe(0);
  });

  it('finds one product by id or by SKU, and answers null for unknown ones', async () => {
    const bySku = await app.ok(ProductDocument, { sku: 'BEV-COLA-033' });
    expect(bySku.product).toMatchObject({
      sku: 'BEV-COLA-033',
      uom: { name: 'Unit' },
      category: { name: 'Beverages' },
    });
    const byId = await app.ok(ProductDocument, { id: bySku.product!.id });
    expect(byId.product!.sku).toBe('BEV-COLA-033');
    expect((await app.ok(ProductDocument, { sku: 'MISSING' })).product).toBeNull();
    // A malformed id is malformed input, named (issue 18), not an unknown product.
    expect((await app.gql(ProductDocument, { id: 'not-a-uuid' })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['id'],
    });
  });

  it('refuses a page size above the maximum with a GraphQL error', async () => {
    const res = await app.gql(ProductsDocument, { first: 1000 });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/first/);
  });

  it('refuses a forged cursor with a GraphQL error', async () => {
    const res = await app.gql(ProductsDocument, { first: 5, after: 'garbage!!' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('productCreate', () => {
  it('creates a product and returns it with its relations', async () => {
    const { productCreate } = await app.ok(ProductCreateDocument, {
      input: { sku: 'NEW-001', name: 'New thing', uomId: kgId, barcode: '999000111', tracking: 'LOT' },
    });
    expect(productCreate.userErrors).toEqual([]);
    expect(productCreate.product).toMatchObject({
      sku: 'NEW-001',
      name: 'New thing',
      tracking: 'LOT',
      requiresInspection: false,
      active: true,
      version: 1,
      uom: { id: kgId, name: 'kg' },
      category: null,
    });
  });

  it.each([
    ['an empty SKU', { sku: '' }, ['input', 'sku'], 'INVALID'],
    ['an overlong SKU', { sku: 'X'.repeat(65) }, ['input', 'sku'], 'INVALID'],
    ['a SKU with spaces', { sku: 'A B' }, ['input', 'sku'], 'INVALID'],
    ['a blank name', { name: '   ' }, ['input', 'name'], 'INVALID'],
    ['an overlong name', { name: 'n'.repeat(201) }, ['input', 'name'], 'INVALID'],
    ['a malformed uom id', { uomId: 'abc' }, ['input', 'uomId'], 'INVALID'],
    ['an unknown uom id', { uomId: '00000000-0000-4000-8000-000000000000' }, ['input', 'uomId'], 'NOT_FOUND'],
    [
      'an unknown category',
      { categoryId: '00000000-0000-4000-8000-000000000000' },
      ['input', 'categoryId'],
      'NOT_FOUND',
    ],
    ['a SKU already taken', { sku: 'BEV-COLA-033' }, ['input', 'sku'], 'TAKEN'],
    ['a barcode already taken', { barcode: '3000000000011' }, ['input', 'barcode'], 'TAKEN'],
  ])('refuses %s with a userError and writes nothing', async (_label, override, field, code) => {
    const before = await countProducts();
    const { productCreate } = await app.ok(ProductCreateDocument, {
      input: { sku: 'VALID-SKU', name: 'Valid', uomId: unitId, ...override },
    });
    expect(productCreate.product).toBeNull();
    expect(productCreate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    const error = productCreate.userErrors.find((e) => e.code === code)!;
    expect(error.message).toContain(field[1]);
    expect(await countProducts()).toBe(before);
  });

  it('reports every invalid field at once', async () => {
    const { productCreate } = await app.ok(ProductCreateDocument, { input: { sku: '', name: '', uomId: 'x' } });
    expect(productCreate.userErrors.map((e) => e.field?.join('.')).sort()).toEqual(
      expect.arrayContaining(['input.name', 'input.sku', 'input.uomId']),
    );
  });

  it('answers a malformed request (missing required field) with a standard GraphQL error', async () => {
    const res = await app.gql(ProductCreateDocument, { input: { sku: 'X', name: 'Y' } as never });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/uomId/);
  });

  it('lets exactly one of many concurrent creates of the same SKU win', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.ok(ProductCreateDocument, { input: { sku: 'RACE-1', name: 'Race', uomId: unitId } }),
      ),
    );
    const won = results.filter((r) => r.productCreate.product);
    const lost = results.filter((r) => r.productCreate.userErrors.some((e) => e.code === 'TAKEN'));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    expect(await app.sql("select id from product where sku = 'RACE-1'")).toHaveLength(1);
  });
});

describe('productUpdate and productArchive', () => {
  let productId: string;
  beforeAll(async () => {
    const { productCreate } = await app.ok(ProductCreateDocument, {
      input: { sku: 'UPD-001', name: 'Before', uomId: unitId },
    });
    productId = productCreate.product!.id;
  });

  it('changes fields, bumps the version and keeps the rest', async () => {
    const { productUpdate } = await app.ok(ProductUpdateDocument, {
      input: { id: productId, version: 1, name: 'After', uomId: dozenId, requiresInspection: true },
    });
    expect(productUpdate.userErrors).toEqual([]);
    expect(productUpdate.product).toMatchObject({
      sku: 'UPD-001',
      name: 'After',
      uom: { name: 'Dozen' },
      requiresInspection: true,
      version: 2,
    });
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const { productUpdate } = await app.ok(ProductUpdateDocument, {
      input: { id: productId, version: 1, name: 'Stale' },
    });
    expect(productUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: ['input', 'version'] }),
    ]);
    expect((await app.ok(ProductDocument, { id: productId })).product!.name).toBe('After');
  });

  it('refuses a UoM of another category with UOM_MISMATCH and changes nothing', async () => {
    const { productUpdate } = await app.ok(ProductUpdateDocument, {
      input: { id: productId, uomId: kgId, name: 'Nope' },
    });
    expect(productUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'UOM_MISMATCH', field: ['input', 'uomId'] }),
    ]);
    const { product } = await app.ok(ProductDocument, { id: productId });
    expect(product).toMatchObject({ name: 'After', uom: { name: 'Dozen' }, version: 2 });
  });

  it('refuses a SKU taken by another product', async () => {
    const { productUpdate } = await app.ok(ProductUpdateDocument, { input: { id: productId, sku: 'BEV-COLA-033' } });
    expect(productUpdate.userErrors).toEqual([expect.objectContaining({ code: 'TAKEN', field: ['input', 'sku'] })]);
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    const { productUpdate } = await app.ok(ProductUpdateDocument, {
      input: { id: '00000000-0000-4000-8000-000000000000', name: 'X' },
    });
    expect(productUpdate.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] })]);
  });

  it('archives a product, which keeps it readable and filterable', async () => {
    const { productArchive } = await app.ok(ProductArchiveDocument, { id: productId });
    expect(productArchive.product).toMatchObject({ id: productId, active: false });
    const archived = await app.ok(ProductsDocument, { filter: { active: false } });
    expect(archived.products.edges.map((e) => e.node.id)).toEqual([productId]);
  });
});
