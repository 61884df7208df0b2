import {
  ProductCategoriesDocument,
  ProductCategoryCreateDocument,
  UomCategoryCreateDocument,
  UomCreateDocument,
  UomsDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: false });
});
afterAll(() => app.close());

const countUoms = async () => Number((await app.sql<{ n: string }>('select count(*) n from uom'))[0].n);

describe('units of measure without demo data', () => {
  it('starts a bare company with the standard categories and no products', async () => {
    const { uomCategories } = await app.ok(UomsDocument);
    expect(uomCategories.map((c) => c.name)).toEqual(['Length', 'Unit', 'Volume', 'Weight']);
    expect(await app.sql('select * from product')).toEqual([]);
  });

  it('creates a category and a unit with an exact factor', async () => {
    const { uomCategoryCreate } = await app.ok(UomCategoryCreateDocument, { input: { name: 'Area' } });
    expect(uomCategoryCreate.userErrors).toEqual([]);
    const { uomCreate } = await app.ok(UomCreateDocument, {
      input: { categoryId: uomCategoryCreate.uomCategory!.id, name: 'sq ft', factor: '0.09290304' },
    });
    expect(uomCreate.userErrors).toEqual([]);
    expect(uomCreate.uom).toMatchObject({ name: 'sq ft', factor: '0.09290304' });
    const [row] = await app.sql<{ factor: string }>("select factor::text from uom where name = 'sq ft'");
    expect(row.factor).toBe('0.0929030400');
  });

  it.each([
    ['a non-decimal factor', { factor: 'abc' }, ['input', 'factor'], 'INVALID'],
    ['a float-looking exponent', { factor: '1e3' }, ['input', 'factor'], 'INVALID'],
    ['a zero factor', { factor: '0' }, ['input', 'factor'], 'INVALID'],
    ['a negative factor', { factor: '-2' }, ['input', 'factor'], 'INVALID'],
    ['a name already taken', { name: 'kg' }, ['input', 'name'], 'TAKEN'],
    [
      'an unknown category',
      { categoryId: '00000000-0000-4000-8000-000000000000' },
      ['input', 'categoryId'],
      'NOT_FOUND',
    ],
  ])('refuses %s and writes nothing', async (_label, override, field, code) => {
    const { uomCategories } = await app.ok(UomsDocument);
    const before = await countUoms();
    const { uomCreate } = await app.ok(UomCreateDocument, {
      input: { categoryId: uomCategories[0].id, name: 'Fresh unit', factor: '2', ...override },
    });
    expect(uomCreate.uom).toBeNull();
    expect(uomCreate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await countUoms()).toBe(before);
  });

  it('creates product categories that inherit the costing method of their parent', async () => {
    const parent = await app.ok(ProductCategoryCreateDocument, { input: { name: 'Food', costingMethod: 'AVERAGE' } });
    const child = await app.ok(ProductCategoryCreateDocument, {
      input: { name: 'Dairy', parentId: parent.productCategoryCreate.productCategory!.id },
    });
    expect(child.productCategoryCreate.productCategory).toMatchObject({
      costingMethod: 'AVERAGE',
      parent: { id: parent.productCategoryCreate.productCategory!.id },
    });
    const taken = await app.ok(ProductCategoryCreateDocument, { input: { name: 'Food' } });
    expect(taken.productCategoryCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'TAKEN', field: ['input', 'name'] }),
    ]);
    const { productCategories } = await app.ok(ProductCategoriesDocument);
    expect(productCategories.map((c) => c.name)).toEqual(['Dairy', 'Food']);
  });
});
