import { Decimal, decToString } from '../../db/decimal';
import { DomainError, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { Location } from './location.entity';
import { LocationType } from './location-type.enum';
import { Warehouse } from './warehouse.entity';

/** Lookups shared by the inventory operations; each failure names the input field. */

/** Loads the products of many lines in one query, for productFor to find them there. */
export async function prefetchProducts(
  sc: ServiceContext,
  lines: { sku?: string | null; productId?: string | null }[],
): Promise<Map<string, Product>> {
  const skus = lines.filter((l) => !l.productId && l.sku).map((l) => l.sku!);
  const ids = lines.filter((l) => l.productId && isUuid(l.productId)).map((l) => l.productId!);
  const products = await sc.em.find(
    Product,
    { company: sc.companyId, $or: [{ sku: { $in: skus } }, { id: { $in: ids } }] },
    { populate: ['uom'] },
  );
  return new Map(products.flatMap((p) => [[`sku:${p.sku}`, p] as const, [`id:${p.id}`, p] as const]));
}

/**
 * Both a productId and a sku given: they must name the same product, or the caller meant
 * something else than what would move. The one rule for every input that takes both.
 */
export function productConflict(
  by: { sku?: string | null; productId?: string | null },
  product: { sku: string },
  path: string[],
): DomainError | null {
  if (!by.productId || !by.sku || product.sku === by.sku) return null;
  const field = [...path, 'sku'];
  return new DomainError(
    UserErrorCode.INVALID,
    field,
    `${field.join('.')}: ${by.sku} is not the SKU of productId ${by.productId} (${product.sku}); give one of them`,
  );
}

/** Both a warehouse id and a code given: they must name the same warehouse. */
export function warehouseConflict(
  by: { code?: string | null; id?: string | null },
  warehouse: { code: string },
  field: string[],
): DomainError | null {
  if (!by.id || !by.code || warehouse.code === by.code.toUpperCase()) return null;
  return new DomainError(
    UserErrorCode.INVALID,
    field,
    `${field.join('.')}: ${by.code} is not the code of warehouse ${by.id} (${warehouse.code}); give one of them`,
  );
}

export async function productFor(
  sc: ServiceContext,
  by: { sku?: string | null; productId?: string | null },
  path: string[],
  known?: Map<string, Product>,
): Promise<Product> {
  if (!by.sku && !by.productId) fail(UserErrorCode.INVALID, path, `${path.join('.')}: give sku or productId`);
  const cached = known?.get(by.productId ? `id:${by.productId}` : `sku:${by.sku}`);
  const product = cached
    ? cached
    : by.productId
      ? await sc.em.findOne(Product, { id: by.productId, company: sc.companyId }, { populate: ['uom'] })
      : await sc.em.findOne(Product, { sku: by.sku!, company: sc.companyId }, { populate: ['uom'] });
  const field = [...path, by.productId ? 'productId' : 'sku'];
  if (!product) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no product ${by.productId ?? by.sku}`);
  const conflict = productConflict(by, product, path);
  if (conflict) throw conflict;
  if (!product.active) fail(UserErrorCode.INVALID, field, `${field.join('.')}: product ${product.sku} is archived`);
  return product;
}

/** Converts a quantity given in `uomId` (default: the product unit) into the product unit. */
export async function toProductQuantity(
  sc: ServiceContext,
  product: Product,
  quantity: string,
  uomId: string | null | undefined,
  path: string[],
): Promise<{ quantity: Decimal; uom: Uom }> {
  const productUom = product.uom.getEntity();
  if (!uomId || uomId === productUom.id) return { quantity: new Decimal(quantity), uom: productUom };
  const uom = await sc.em.findOne(Uom, { id: uomId, company: sc.companyId });
  const field = [...path, 'uomId'];
  if (!uom) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no unit of measure ${uomId}`);
  if (uom.category.id !== productUom.category.id) {
    fail(
      UserErrorCode.UOM_MISMATCH,
      field,
      `${field.join('.')}: ${uom.name} does not convert to ${productUom.name}, the unit of ${product.sku}`,
    );
  }
  const converted = uom.convert(quantity, productUom).toDecimalPlaces(6);
  if (converted.lte(0)) fail(UserErrorCode.INVALID, [...path, 'quantity'], `${path.join('.')}.quantity rounds to 0`);
  return { quantity: converted, uom };
}

/** Lot and serial rules of the product's tracking mode. */
export function checkTracking(product: Product, quantity: Decimal, lot: string, path: string[]): void {
  if (product.tracking === ProductTracking.NONE && lot) {
    fail(
      UserErrorCode.INVALID,
      [...path, 'lot'],
      `${path.join('.')}.lot: ${product.sku} is not tracked by lot or serial`,
    );
  }
  if (product.tracking !== ProductTracking.NONE && !lot) {
    const what = product.tracking === ProductTracking.SERIAL ? 'serial number' : 'lot';
    fail(UserErrorCode.LOT_REQUIRED, [...path, 'lot'], `${path.join('.')}: ${product.sku} needs a ${what}`);
  }
  if (product.tracking === ProductTracking.SERIAL && !quantity.eq(1)) {
    fail(
      UserErrorCode.INVALID,
      [...path, 'quantity'],
      `${path.join('.')}.quantity: a serial number holds exactly 1 unit, got ${decToString(quantity)}`,
    );
  }
}

export async function warehouseFor(
  sc: ServiceContext,
  by: { code?: string | null; id?: string | null },
  field: string[],
): Promise<Warehouse> {
  if (!by.code && !by.id) fail(UserErrorCode.INVALID, field, `${field.join('.')}: give a warehouse code or id`);
  const warehouse = by.id
    ? isUuid(by.id)
      ? await sc.em.findOne(Warehouse, { id: by.id, company: sc.companyId })
      : null
    : await sc.em.findOne(Warehouse, { code: by.code!.toUpperCase(), company: sc.companyId });
  if (!warehouse) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no warehouse ${by.id ?? by.code}`);
  const conflict = warehouseConflict(by, warehouse, field);
  if (conflict) throw conflict;
  if (!warehouse.active)
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: warehouse ${warehouse.code} is inactive`);
  return warehouse;
}

/**
 * Refuses warehouse codes that name no warehouse of the company (NOT_FOUND naming the code's
 * position), where a filter would otherwise silently match nothing.
 */
export async function assertWarehouseCodes(sc: ServiceContext, codes: string[], field: string[]): Promise<void> {
  const wanted = codes.map((c) => c.toUpperCase());
  const found = await sc.em.find(Warehouse, { company: sc.companyId, code: { $in: wanted } }, { fields: ['code'] });
  const known = new Set(found.map((w) => w.code));
  const missing = wanted.findIndex((code) => !known.has(code));
  if (missing >= 0) {
    const at = [...field, String(missing)];
    fail(UserErrorCode.NOT_FOUND, at, `${at.join('.')}: no warehouse ${codes[missing]}`);
  }
}

/** A standard location of a warehouse: Stock, Input, Quality, Output or Damaged. */
export async function standardLocation(sc: ServiceContext, warehouse: Warehouse, name: string): Promise<Location> {
  return sc.em.findOneOrFail(Location, { company: sc.companyId, fullName: `${warehouse.code}/${name}` });
}

export async function virtualLocation(sc: ServiceContext, type: LocationType): Promise<Location> {
  return sc.em.findOneOrFail(Location, { company: sc.companyId, warehouse: null, type });
}

/**
 * The company's Opening balance location. Companies created before it existed get it on first
 * use: a migration cannot insert a location type it adds in the same transaction. Insert-or-keep,
 * so two first opening receipts at once do not collide.
 */
export async function openingLocation(sc: ServiceContext): Promise<Location> {
  const found = await sc.em.findOne(Location, { company: sc.companyId, warehouse: null, type: LocationType.OPENING });
  if (found) return found;
  await sc.em.execute(
    `insert into location (id, company_id, warehouse_id, parent_id, name, full_name, type, sellable, active)
     values (gen_random_uuid(), ?, null, null, 'Opening balance', 'Virtual/Opening balance', 'OPENING', false, true)
     on conflict do nothing`,
    [sc.companyId],
  );
  return virtualLocation(sc, LocationType.OPENING);
}

/** A location the caller named, which must belong to `warehouse` and hold stock. */
export async function locationIn(
  sc: ServiceContext,
  id: string,
  warehouse: Warehouse,
  field: string[],
): Promise<Location> {
  const location = await sc.em.findOne(Location, { id, company: sc.companyId });
  if (!location) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no location ${id}`);
  if (location.warehouse?.id !== warehouse.id) {
    fail(
      UserErrorCode.INVALID,
      field,
      `${field.join('.')}: ${location.fullName} is not a location of warehouse ${warehouse.code}`,
    );
  }
  if (location.type === LocationType.VIEW) {
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: ${location.fullName} is a view and holds no stock`);
  }
  return location;
}
