import type { FilterQuery } from '@mikro-orm/core';
import { ref } from '@mikro-orm/core';
import { type PageArgs, paginate } from '../../graphql/connection';
import { fail, UserErrorCode } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { Problems } from '../../graphql/problems';
import { queryRows } from '../../db/sql';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { CostingMethod, ProductTracking } from './catalog.enums';
import type {
  ProductCategoryCreateInput,
  ProductCreateInput,
  ProductFilter,
  ProductUpdateInput,
  UomCategoryCreateInput,
  UomCreateInput,
} from './catalog.inputs';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

const company = (sc: ServiceContext) => sc.em.getReference(Company, sc.companyId);

export async function createUomCategory(sc: ServiceContext, input: UomCategoryCreateInput): Promise<UomCategory> {
  const name = input.name.trim();
  if (await sc.em.count(UomCategory, { company: sc.companyId, name })) {
    fail(UserErrorCode.TAKEN, ['input', 'name'], `name "${name}" is already used by another UoM category`);
  }
  const category = sc.em.create(UomCategory, { company: company(sc), name });
  await sc.em.flush();
  return category;
}

export async function createUom(sc: ServiceContext, input: UomCreateInput): Promise<Uom> {
  const problems = new Problems();
  const name = input.name.trim();
  const category = await sc.em.findOne(UomCategory, { id: input.categoryId, company: sc.companyId });
  if (!category)
    problems.add(UserErrorCode.NOT_FOUND, ['input', 'categoryId'], `categoryId: no UoM category ${input.categoryId}`);
  if (await sc.em.count(Uom, { company: sc.companyId, name })) {
    problems.add(UserErrorCode.TAKEN, ['input', 'name'], `name "${name}" is already used by another unit of measure`);
  }
  problems.throwIfAny();
  const uom = sc.em.create(Uom, { company: company(sc), category: category!, name, factor: input.factor });
  await sc.em.flush();
  return uom;
}

export async function createProductCategory(
  sc: ServiceContext,
  input: ProductCategoryCreateInput,
): Promise<ProductCategory> {
  const problems = new Problems();
  const name = input.name.trim();
  let parent: ProductCategory | null = null;
  if (input.parentId) {
    parent = await sc.em.findOne(ProductCategory, { id: input.parentId, company: sc.companyId });
    if (!parent)
      problems.add(UserErrorCode.NOT_FOUND, ['input', 'parentId'], `parentId: no product category ${input.parentId}`);
  }
  if (await sc.em.count(ProductCategory, { company: sc.companyId, name })) {
    problems.add(UserErrorCode.TAKEN, ['input', 'name'], `name "${name}" is already used by another product category`);
  }
  problems.throwIfAny();
  const category = sc.em.create(ProductCategory, {
    company: company(sc),
    name,
    parent,
    costingMethod: input.costingMethod ?? parent?.costingMethod ?? CostingMethod.FIFO,
  });
  await sc.em.flush();
  return category;
}

async function checkUnique(
  sc: ServiceContext,
  problems: Problems,
  values: { sku?: string; barcode?: string | null },
  exceptId?: string,
): Promise<void> {
  const notSelf = exceptId ? { id: { $ne: exceptId } } : {};
  if (
    values.sku !== undefined &&
    (await sc.em.count(Product, { company: sc.companyId, sku: values.sku, ...notSelf }))
  ) {
    problems.add(UserErrorCode.TAKEN, ['input', 'sku'], `sku "${values.sku}" is already used by another product`);
  }
  if (values.barcode && (await sc.em.count(Product, { company: sc.companyId, barcode: values.barcode, ...notSelf }))) {
    problems.add(
      UserErrorCode.TAKEN,
      ['input', 'barcode'],
      `barcode "${values.barcode}" is already used by another product`,
    );
  }
}

export async function createProduct(sc: ServiceContext, input: ProductCreateInput): Promise<Product> {
  const problems = new Problems();
  const uom = await sc.em.findOne(Uom, { id: input.uomId, company: sc.companyId });
  if (!uom) problems.add(UserErrorCode.NOT_FOUND, ['input', 'uomId'], `uomId: no unit of measure ${input.uomId}`);
  let category: ProductCategory | null = null;
  if (input.categoryId) {
    category = await sc.em.findOne(ProductCategory, { id: input.categoryId, company: sc.companyId });
    if (!category)
      problems.add(
        UserErrorCode.NOT_FOUND,
        ['input', 'categoryId'],
        `categoryId: no product category ${input.categoryId}`,
      );
  }
  await checkUnique(sc, problems, { sku: input.sku, barcode: input.barcode });
  problems.throwIfAny();
  const product = sc.em.create(Product, {
    company: company(sc),
    sku: input.sku,
    name: input.name.trim(),
    uom: uom!,
    category,
    barcode: input.barcode ?? null,
    tracking: input.tracking ?? ProductTracking.NONE,
    requiresInspection: input.requiresInspection ?? false,
    weight: input.weight ?? null,
  });
  await sc.em.flush();
  return product;
}

export async function updateProduct(sc: ServiceContext, input: ProductUpdateInput): Promise<Product> {
  const problems = new Problems();
  const product = await sc.em.findOne(Product, { id: input.id, company: sc.companyId }, { populate: ['uom'] });
  if (!product) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `id: no product ${input.id}`);
  if (input.version != null && input.version !== product.version) {
    problems.add(
      UserErrorCode.CONFLICT,
      ['input', 'version'],
      `version ${input.version} is stale: the product is at version ${product.version}; read it again`,
    );
  }
  const uomChanges = !!input.uomId && input.uomId !== product.uom.id;
  const trackingChanges = input.tracking != null && input.tracking !== product.tracking;
  if (uomChanges) {
    const uom = await sc.em.findOne(Uom, { id: input.uomId!, company: sc.companyId });
    if (uomChangeProblem(problems, ['input'], product, input.uomId!, uom)) product.uom = ref(uom!);
  }
  if (uomChanges || trackingChanges) {
    const use = (await productsInUse(sc, [product.id])).get(product.id) ?? null;
    inUseProblem(problems, ['input'], product, uomChanges, use);
  }
  if (input.categoryId !== undefined && input.categoryId !== null) {
    const category = await sc.em.findOne(ProductCategory, { id: input.categoryId, company: sc.companyId });
    if (!category)
      problems.add(
        UserErrorCode.NOT_FOUND,
        ['input', 'categoryId'],
        `categoryId: no product category ${input.categoryId}`,
      );
    else product.category = ref(category);
  }
  await checkUnique(
    sc,
    problems,
    {
      sku: input.sku !== product.sku ? input.sku : undefined,
      barcode: input.barcode !== product.barcode ? input.barcode : undefined,
    },
    product.id,
  );
  problems.throwIfAny();
  if (input.sku !== undefined) product.sku = input.sku;
  if (input.name !== undefined) product.name = input.name.trim();
  if (input.barcode !== undefined) product.barcode = input.barcode;
  if (input.tracking != null) product.tracking = input.tracking;
  if (input.requiresInspection != null) product.requiresInspection = input.requiresInspection;
  if (input.active != null) product.active = input.active;
  if (input.weight != null) product.weight = input.weight;
  await sc.em.flush();
  return product;
}

/**
 * A product's unit may change only within its unit category (quantities convert); false when
 * the change is refused (problem added at `at`.uomId).
 */
export function uomChangeProblem(
  problems: Problems,
  at: string[],
  product: Product,
  uomId: string,
  uom: Uom | null | undefined,
): boolean {
  if (!uom) {
    problems.add(UserErrorCode.NOT_FOUND, [...at, 'uomId'], `uomId: no unit of measure ${uomId}`);
    return false;
  }
  if (uom.category.id !== product.uom.getEntity().category.id) {
    problems.add(
      UserErrorCode.UOM_MISMATCH,
      [...at, 'uomId'],
      `uomId: ${uom.name} is not in the category of the product's current unit ${product.uom.getEntity().name}`,
    );
    return false;
  }
  return true;
}

/** Unit and tracking are part of recorded quantities: they cannot change while the product is in use. */
export function inUseProblem(
  problems: Problems,
  at: string[],
  product: Product,
  uomChanges: boolean,
  use: string | null,
): void {
  if (!use) return;
  const field = uomChanges ? 'uomId' : 'tracking';
  problems.add(
    UserErrorCode.IN_USE,
    [...at, field],
    `${field}: ${product.sku} has ${use}; its ${uomChanges ? 'unit' : 'tracking'} cannot change (quantities would change meaning)`,
  );
}

/**
 * What makes products' unit and tracking part of recorded quantities: stock on hand, open
 * moves, reservations holding them; one statement for any number of products. Products
 * absent from the answer are in no use (their quantities are all history).
 */
export async function productsInUse(sc: ServiceContext, productIds: string[]): Promise<Map<string, string>> {
  const uses = new Map<string, string>();
  if (productIds.length === 0) return uses;
  const rows = await queryRows<{ id: string; stock: boolean; moves: boolean; reservations: boolean }>(
    sc.em,
    `select p.id,
            exists (select from quant q join location l on l.id = q.location_id
                     where q.product_id = p.id and q.quantity <> 0 and l.type in ('INTERNAL', 'QUALITY', 'DAMAGED', 'TRANSIT')) as stock,
            exists (select from stock_move where product_id = p.id and state in ('DRAFT', 'CONFIRMED')) as moves,
            exists (select from reservation_line where product_id = p.id and state = 'ACTIVE' and quantity > fulfilled_quantity) as reservations
       from unnest(?::uuid[]) as p(id)`,
    [productIds],
  );
  for (const row of rows) {
    const use = [row.stock && 'stock', row.moves && 'open moves', row.reservations && 'active reservations'].filter(
      Boolean,
    );
    if (use.length) uses.set(row.id, use.join(', '));
  }
  return uses;
}

export async function archiveProduct(sc: ServiceContext, id: string): Promise<Product> {
  const product = await sc.em.findOne(Product, { id, company: sc.companyId });
  if (!product) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no product ${id}`);
  product.active = false;
  await sc.em.flush();
  return product;
}

export async function findProduct(
  sc: ServiceContext,
  by: { id?: string | null; sku?: string | null },
): Promise<Product | null> {
  if (by.id) return isUuid(by.id) ? sc.em.findOne(Product, { id: by.id, company: sc.companyId }) : null;
  if (by.sku) return sc.em.findOne(Product, { sku: by.sku, company: sc.companyId });
  return null;
}

export async function listProducts(sc: ServiceContext, filter: ProductFilter | undefined, page: PageArgs) {
  const where: FilterQuery<Product> = { company: sc.companyId };
  if (filter?.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [{ sku: { $ilike: like } }, { name: { $ilike: like } }, { barcode: { $ilike: like } }];
  }
  if (filter?.skus) where.sku = { $in: filter.skus };
  if (filter?.categoryId) where.category = isUuid(filter.categoryId) ? filter.categoryId : null;
  if (filter?.active != null) where.active = filter.active;
  return paginate(sc.em, Product, where, { sku: 'asc' }, page);
}

export async function listUoms(sc: ServiceContext): Promise<Uom[]> {
  return sc.em.find(Uom, { company: sc.companyId }, { orderBy: { name: 'asc' } });
}

export async function listUomCategories(sc: ServiceContext): Promise<UomCategory[]> {
  return sc.em.find(UomCategory, { company: sc.companyId }, { orderBy: { name: 'asc' } });
}

export async function listProductCategories(sc: ServiceContext): Promise<ProductCategory[]> {
  return sc.em.find(ProductCategory, { company: sc.companyId }, { orderBy: { name: 'asc' } });
}
