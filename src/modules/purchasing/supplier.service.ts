import { type FilterQuery, ref } from '@mikro-orm/core';
import { type ListPageArgs, listPage, type PageArgs, paginate } from '../../graphql/connection';
import { requireDay } from '../../domain/days';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Decimal } from '../../db/decimal';
import { Uom } from '../catalog/uom.entity';
import { Company } from '../company/company.entity';
import { productFor } from '../inventory/inventory.lookup';
import { Partner, SupplierPrice } from './partner.entity';
import type {
  PurchasingSettingsUpdateInput,
  SupplierCreateInput,
  SupplierPriceSetInput,
  SupplierUpdateInput,
} from './purchasing.inputs';
import { PurchasingSettings } from './purchasing-settings.entity';
import { paymentTermFor } from './payment-term.service';

const company = (sc: ServiceContext) => sc.em.getReference(Company, sc.companyId);

export async function createSupplier(sc: ServiceContext, input: SupplierCreateInput): Promise<Partner> {
  const code = input.code.trim().toUpperCase();
  if (await sc.em.count(Partner, { company: sc.companyId, code })) {
    fail(UserErrorCode.TAKEN, ['input', 'code'], `code "${code}" is already used by another partner`);
  }
  const owner = await sc.em.findOneOrFail(Company, sc.companyId);
  const supplier = sc.em.create(Partner, {
    company: owner,
    code,
    name: input.name.trim(),
    email: input.email ?? null,
    currency: input.currency ?? owner.currency,
    leadTimeDays: input.leadTimeDays ?? 0,
    isSupplier: true,
    paymentTerm: input.paymentTermId ? await paymentTermFor(sc, input.paymentTermId, ['input', 'paymentTermId']) : null,
  });
  await sc.em.flush();
  return supplier;
}

/**
 * Edits a supplier. Its prices keep their own currency: after a currency change they are not
 * taken as order prices (see priceInCurrency) until set again, since no rate converts them.
 */
export async function updateSupplier(sc: ServiceContext, input: SupplierUpdateInput): Promise<Partner> {
  const supplier = await supplierFor(sc, input.id, ['input', 'id'], { activeOnly: false });
  if (input.name != null) supplier.name = input.name.trim();
  if (input.email !== undefined) supplier.email = input.email;
  if (input.currency != null) supplier.currency = input.currency;
  if (input.leadTimeDays != null) supplier.leadTimeDays = input.leadTimeDays;
  if (input.active != null) supplier.active = input.active;
  if (input.paymentTermId !== undefined) {
    supplier.paymentTerm = input.paymentTermId
      ? ref(await paymentTermFor(sc, input.paymentTermId, ['input', 'paymentTermId']))
      : null;
  }
  await sc.em.flush();
  return supplier;
}

/**
 * A supplier the caller named: it must exist in the company and be a supplier, and for new
 * business (orders, prices) be active; bills and figures of past orders take inactive ones too.
 */
export async function supplierFor(
  sc: ServiceContext,
  id: string,
  field: string[],
  options: { activeOnly?: boolean } = {},
): Promise<Partner> {
  const supplier = isUuid(id) ? await sc.em.findOne(Partner, { id, company: sc.companyId }) : null;
  if (!supplier) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no supplier ${id}`);
  if (!supplier.isSupplier)
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: ${supplier.code} is not a supplier`);
  if ((options.activeOnly ?? true) && !supplier.active) {
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: ${supplier.code} is not an active supplier`);
  }
  return supplier;
}

/**
 * The price line for `quantity` on `day` (YYYY-MM-DD), as
 * Odoo picks a vendor pricelist line: among the lines valid that day, those with the largest
 * minimum not above the quantity; of several (one break with a scheduled change), the latest
 * `validFrom` (no start is the earliest), then the lowest price, then the id, so the choice never
 * depends on the order rows come in. Below every minimum, the smallest minimum's line, flagged
 * `belowMinimum` (as Odoo, the order is not refused; the buyer sees it).
 */
export function priceBreakFor(
  breaks: SupplierPrice[],
  quantity: Decimal.Value,
  day: string,
  /**
   * The unit of `quantity`: each line's minimum is compared in it, since lines may be in other
   * purchase units (a box of 12 from 10 boxes, pieces from 1).
   */
  unit: Uom,
): { price: SupplierPrice; belowMinimum: boolean } | undefined {
  const valid = breaks.filter((b) => (!b.validFrom || b.validFrom <= day) && (!b.validTo || b.validTo >= day));
  if (valid.length === 0) return undefined;
  // Each line's minimum in `unit`, converted once.
  const minimums = new Map(valid.map((b) => [b, b.purchaseUom.getEntity().convert(b.minQuantity, unit)]));
  const minimumOf = (b: SupplierPrice) => minimums.get(b)!;
  const applicable = valid.filter((b) => minimumOf(b).lte(quantity));
  const belowMinimum = applicable.length === 0;
  const pool = belowMinimum ? valid : applicable;
  const target = belowMinimum ? Decimal.min(...pool.map(minimumOf)) : Decimal.max(...pool.map(minimumOf));
  const [price] = pool
    .filter((b) => target.eq(minimumOf(b)))
    .sort(
      (a, b) =>
        (b.validFrom ?? '').localeCompare(a.validFrom ?? '') ||
        new Decimal(a.unitPrice).cmp(b.unitPrice) ||
        a.id.localeCompare(b.id),
    );
  return { price, belowMinimum };
}

/** The price of a line (per its purchase unit) per `uom` of the same category. */
export function priceIn(price: SupplierPrice, uom: Uom): Decimal {
  const purchaseUom = price.purchaseUom.getEntity();
  return new Decimal(price.unitPrice).times(uom.factor).div(purchaseUom.factor).toDecimalPlaces(6);
}

/** A list price usable on an order in `currency`: one in another currency (set before a change) is not. */
export function priceInCurrency(price: SupplierPrice | undefined, currency: string): SupplierPrice | undefined {
  return price && price.currency === currency ? price : undefined;
}

export async function setSupplierPrice(sc: ServiceContext, input: SupplierPriceSetInput): Promise<SupplierPrice> {
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId']);
  const product = await productFor(sc, input, ['input']);
  const productUom = product.uom.getEntity();
  let purchaseUom: Uom = productUom;
  if (input.purchaseUomId && input.purchaseUomId !== productUom.id) {
    const uom = await sc.em.findOne(Uom, { id: input.purchaseUomId, company: sc.companyId });
    if (!uom)
      fail(UserErrorCode.NOT_FOUND, ['input', 'purchaseUomId'], `purchaseUomId: no unit ${input.purchaseUomId}`);
    if (uom.category.id !== productUom.category.id) {
      fail(
        UserErrorCode.UOM_MISMATCH,
        ['input', 'purchaseUomId'],
        `purchaseUomId: ${uom.name} does not convert to ${productUom.name}, the unit of ${product.sku}`,
      );
    }
    purchaseUom = uom;
  }
  const minQuantity = new Decimal(input.minQuantity ?? '0').toFixed();
  const validFrom = input.validFrom == null ? null : requireDay(input.validFrom, ['input', 'validFrom']);
  if (input.validTo != null) requireDay(input.validTo, ['input', 'validTo']);
  // A line is its (minimum, validFrom): the same again updates that line (price, unit, and the
  // supplier reference, lead time and validTo when given; validTo: null removes its end), another
  // start schedules a new price beside it. Lines of one minimum may overlap: on a day the later
  // start wins (priceBreakFor).
  const breaks = await sc.em.find(SupplierPrice, { supplier, product });
  let price = breaks.find((b) => new Decimal(b.minQuantity).eq(minQuantity) && (b.validFrom ?? null) === validFrom);
  const validTo = input.validTo === undefined ? (price?.validTo ?? null) : input.validTo;
  if (validFrom && validTo && validTo < validFrom) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'validTo'],
      `input.validTo: ${validTo} is before the line's validFrom ${validFrom}`,
    );
  }
  const values = {
    supplierSku: input.supplierSku ?? price?.supplierSku ?? null,
    purchaseUom,
    unitPrice: input.unitPrice,
    currency: supplier.currency,
    minQuantity,
    validFrom,
    validTo,
    leadTimeDays: input.leadTimeDays ?? price?.leadTimeDays ?? supplier.leadTimeDays,
  };
  if (input.preferred) {
    // One preferred supplier per product: replenishment needs an unambiguous choice.
    await sc.em.nativeUpdate(
      SupplierPrice,
      { company: sc.companyId, product, supplier: { $ne: supplier.id } },
      { preferred: false },
    );
  }
  // Preferred is the supplier's for the product: all its breaks carry the same flag.
  const preferred = input.preferred ?? breaks.some((b) => b.preferred);
  for (const b of breaks) b.preferred = preferred;
  if (price) {
    sc.em.assign(price, values);
  } else {
    price = sc.em.create(SupplierPrice, { company: company(sc), supplier, product, preferred, ...values });
  }
  await sc.em.flush();
  return price;
}

export async function listSuppliers(sc: ServiceContext, search: string | undefined, page: PageArgs) {
  const where: FilterQuery<Partner> = { company: sc.companyId, isSupplier: true };
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [{ code: { $ilike: like } }, { name: { $ilike: like } }];
  }
  return paginate(sc.em, Partner, where, { code: 'asc' }, page);
}

export async function findSupplier(sc: ServiceContext, id: string): Promise<Partner | null> {
  return isUuid(id) ? sc.em.findOne(Partner, { id, company: sc.companyId, isSupplier: true }) : null;
}

/** Supplier prices by product SKU, then price: one page, or (for one supplier's price list) up to 1000. */
export async function listSupplierPrices(
  sc: ServiceContext,
  filter: { supplierId?: string | null; sku?: string | null },
  page?: ListPageArgs,
): Promise<SupplierPrice[]> {
  const where: FilterQuery<SupplierPrice> = { company: sc.companyId };
  if (filter.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  if (filter.sku) where.product = { sku: filter.sku };
  const orderBy = { product: { sku: 'asc' }, unitPrice: 'asc' } as const;
  if (page) return listPage(sc.em, SupplierPrice, where, orderBy, page, ['product']);
  return sc.em.find(SupplierPrice, where, { orderBy: { ...orderBy, id: 'asc' }, limit: 1000 });
}

/** The company's purchasing rules; the defaults until someone changes them. */
export async function purchasingSettings(sc: ServiceContext): Promise<PurchasingSettings> {
  const found = await sc.em.findOne(PurchasingSettings, { company: sc.companyId });
  return found ?? sc.em.create(PurchasingSettings, { company: company(sc) }, { persist: false });
}

export async function updatePurchasingSettings(
  sc: ServiceContext,
  input: PurchasingSettingsUpdateInput,
): Promise<PurchasingSettings> {
  // The first update creates the company's row: concurrent first updates take turns, so the
  // second finds it instead of inserting it twice (a unique violation, found by the fuzz test).
  await sc.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`purchasing_settings:${sc.companyId}`]);
  let settings = await sc.em.findOne(PurchasingSettings, { company: sc.companyId });
  settings ??= sc.em.create(PurchasingSettings, { company: company(sc) });
  for (const key of [
    'approvalThreshold',
    'overReceiptTolerancePercent',
    'billQuantityTolerancePercent',
    'billPriceTolerancePercent',
  ] as const) {
    if (input[key] != null) settings[key] = input[key];
  }
  await sc.em.flush();
  return settings;
}
