import { Decimal, decToString } from '../../db/decimal';
import { type ListPageArgs, listPage } from '../../graphql/connection';
import { DomainError, UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { refuseKit } from '../catalog/kit.service';
import type { Product } from '../catalog/product.entity';
import type { Uom } from '../catalog/uom.entity';
import { Company } from '../company/company.entity';
import { companyToday } from '../company/company-day';
import { toCompanyCurrency } from '../currency';
import { TransferType } from '../inventory/inventory.enums';
import { productFor, warehouseFor } from '../inventory/inventory.lookup';
import { stockFigures, type FigureRow } from '../inventory/stock-level.service';
import type { Transfer } from '../inventory/transfer.entity';
import { createTransfer, operationName } from '../inventory/transfer.service';
import type { Warehouse } from '../inventory/warehouse.entity';
import { type Partner, SupplierPrice } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { ProposalKind, PurchaseOrderState } from './purchasing.enums';
import type { ReorderRuleSetInput } from './purchasing.inputs';
import { ReorderRule } from './reorder-rule.entity';
import { priceBreakFor, priceIn, priceInCurrency } from './supplier.service';
import { pendingProposalsSql } from './sql/pending-proposals';

export const REPLENISHMENT = 'REPLENISHMENT';
const DAY = 86_400_000;
const key = (productId: string, warehouseId: string) => `${productId}|${warehouseId}`;

export async function setReorderRule(sc: ServiceContext, input: ReorderRuleSetInput): Promise<ReorderRule> {
  const product = await productFor(sc, input, ['input']);
  await refuseKit(sc, product, ['input', input.productId ? 'productId' : 'sku'], 'reorder rule');
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']);
  if (new Decimal(input.maxQuantity).lt(input.minQuantity)) {
    fail(UserErrorCode.INVALID, ['input', 'maxQuantity'], 'input.maxQuantity must be at least minQuantity');
  }
  const values = {
    minQuantity: input.minQuantity,
    maxQuantity: input.maxQuantity,
    multiple: input.multiple ?? '1',
    active: input.active ?? true,
  };
  let rule = await sc.em.findOne(ReorderRule, { product, warehouse });
  if (rule) sc.em.assign(rule, values);
  else
    rule = sc.em.create(ReorderRule, {
      company: sc.em.getReference(Company, sc.companyId),
      product,
      warehouse,
      ...values,
    });
  await sc.em.flush();
  return rule;
}

export async function listReorderRules(
  sc: ServiceContext,
  warehouseCodes: string[] | null | undefined,
  page: ListPageArgs,
): Promise<ReorderRule[]> {
  return listPage(
    sc.em,
    ReorderRule,
    {
      company: sc.companyId,
      ...(warehouseCodes ? { warehouse: { code: { $in: warehouseCodes.map((c) => c.toUpperCase()) } } } : {}),
    },
    { product: { sku: 'asc' }, warehouse: { code: 'asc' } },
    page,
    ['product', 'warehouse'],
  );
}

export interface Proposal {
  kind: ProposalKind;
  product: Product;
  warehouse: Warehouse;
  forecast: string;
  minQuantity: string;
  maxQuantity: string;
  /** In the product unit. */
  quantity: string;
  sourceWarehouse: Warehouse | null;
  transfer: Transfer | null;
  purchaseOrder: PurchaseOrder | null;
  supplier: Partner | null;
}

export interface ReplenishmentResult {
  proposals: Proposal[];
  transfers: Transfer[];
  purchaseOrders: PurchaseOrder[];
}

/** Where a product stands in a warehouse for replenishment, kept current as the run proposes. */
interface Position {
  forecast: Decimal;
  /** What could leave without touching reservations, quality hold, damaged or safety stock. */
  free: Decimal;
}

/**
 * For every active reorder rule of the warehouses asked whose forecast (DOMAIN.md, plus open
 * proposals: draft purchase orders and transfers between warehouses not shipped yet) is below
 * its min, proposes bringing it back to max: first transfers from other warehouses holding more
 * than their own max, then a line on a draft purchase order to the product's preferred supplier
 * (else its cheapest in the company currency), in the supplier's purchase unit, rounded up to the rule's multiple, to
 * whole purchase units and to the supplier's minimum. Open proposals count in the forecast, so
 * running it again proposes only what is still missing.
 */
export async function runReplenishment(sc: ServiceContext, warehouseCodes: string[]): Promise<ReplenishmentResult> {
  if (warehouseCodes.length === 0 || warehouseCodes.length > 50) {
    fail(UserErrorCode.INVALID, ['input', 'warehouseCodes'], 'input.warehouseCodes: give 1 to 50 warehouse codes');
  }
  // One run at a time per company: two runs at once would both see the same shortfall.
  await sc.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`replenishment:${sc.companyId}`]);
  const targets: Warehouse[] = [];
  for (const [i, code] of warehouseCodes.entries()) {
    targets.push(await warehouseFor(sc, { code }, ['input', 'warehouseCodes', String(i)]));
  }
  const rules = await sc.em.find(
    ReorderRule,
    // Archived products are not bought again.
    { company: sc.companyId, warehouse: { $in: targets }, active: true, product: { active: true } },
    {
      populate: ['product', 'product.uom', 'warehouse'],
      orderBy: { product: { sku: 'asc' }, warehouse: { code: 'asc' } },
    },
  );
  const result: ReplenishmentResult = { proposals: [], transfers: [], purchaseOrders: [] };
  if (rules.length === 0) return result;
  const productIds = [...new Set(rules.map((r) => r.product.id))];
  // Rules of the same products elsewhere: a warehouse's max says what it can spare.
  const everyRule = await sc.em.find(
    ReorderRule,
    { company: sc.companyId, product: { $in: productIds }, active: true },
    { populate: ['warehouse'] },
  );
  const positions = await positionsOf(sc, productIds);
  // Price lists apply as of today in the company time zone, as on an order made by hand.
  const { today } = await companyToday(sc);
  // One instant for every conversion of the run: the rate cache is keyed by it, so each
  // currency's rate is read once per run, not once per product.
  const now = new Date();

  const transferLines = new Map<string, { source: Warehouse; destination: Warehouse; lines: Proposal[] }>();
  const orderLines = new Map<
    string,
    { supplier: Partner; price: SupplierPrice; proposal: Proposal; purchaseQuantity: Decimal }[]
  >();
  for (const rule of rules) {
    const product = rule.product.getEntity();
    const warehouse = rule.warehouse.getEntity();
    const here = positions.get(key(product.id, warehouse.id)) ?? { forecast: new Decimal(0), free: new Decimal(0) };
    if (here.forecast.gte(rule.minQuantity)) continue;
    const multiple = new Decimal(rule.multiple);
    let need = new Decimal(rule.maxQuantity).minus(here.forecast).div(multiple).ceil().times(multiple);
    const base = {
      product,
      warehouse,
      minQuantity: decToString(rule.minQuantity),
      maxQuantity: decToString(rule.maxQuantity),
      transfer: null,
      purchaseOrder: null,
      supplier: null,
      sourceWarehouse: null,
    };

    const sources = everyRule
      .filter((r) => r.product.id === product.id && r.warehouse.id !== warehouse.id)
      .map((r) => {
        const there = positions.get(key(product.id, r.warehouse.id)) ?? {
          forecast: new Decimal(0),
          free: new Decimal(0),
        };
        return { rule: r, there, surplus: Decimal.min(there.free, there.forecast).minus(r.maxQuantity) };
      })
      .filter((s) => s.surplus.gt(0))
      .sort(
        (a, b) =>
          b.surplus.comparedTo(a.surplus) ||
          a.rule.warehouse.getEntity().code.localeCompare(b.rule.warehouse.getEntity().code),
      );
    for (const source of sources) {
      if (need.lte(0)) break;
      const take = Decimal.min(need, source.surplus);
      const from = source.rule.warehouse.getEntity();
      const proposal: Proposal = {
        ...base,
        kind: ProposalKind.TRANSFER,
        forecast: decToString(here.forecast),
        quantity: decToString(take),
        sourceWarehouse: from,
      };
      const group = transferLines.get(key(from.id, warehouse.id)) ?? {
        source: from,
        destination: warehouse,
        lines: [],
      };
      group.lines.push(proposal);
      transferLines.set(key(from.id, warehouse.id), group);
      result.proposals.push(proposal);
      source.there.forecast = source.there.forecast.minus(take);
      source.there.free = source.there.free.minus(take);
      here.forecast = here.forecast.plus(take);
      need = need.minus(take);
    }
    if (need.lte(0)) continue;

    const source = await supplierPriceFor(sc, product, today, now);
    if (!source) {
      result.proposals.push({
        ...base,
        kind: ProposalKind.NO_SOURCE,
        forecast: decToString(here.forecast),
        quantity: decToString(need),
      });
      continue;
    }
    const { breaks, entry } = source;
    const productUom = product.uom.getEntity();
    // The need in whole purchase units, at least the supplier's minimum (its entry line's)...
    const entryUom = entry.purchaseUom.getEntity();
    const atLeast = wholeUnits(productUom.convert(need, entryUom), entryUom, productUom);
    const needed = entryUom.convert(Decimal.max(atLeast, entry.minQuantity), productUom);
    // ...then the line for that quantity, which may be in another unit (boxes from 10 boxes).
    const price = priceBreakFor(breaks, needed, today, productUom)!.price;
    const purchaseUom = price.purchaseUom.getEntity();
    const purchaseQuantity = wholeUnits(productUom.convert(needed, purchaseUom), purchaseUom, productUom);
    const quantity = purchaseUom.convert(purchaseQuantity, productUom).toDecimalPlaces(6);
    const supplier = price.supplier.getEntity();
    const proposal: Proposal = {
      ...base,
      kind: ProposalKind.PURCHASE,
      forecast: decToString(here.forecast),
      quantity: decToString(quantity),
      supplier,
    };
    const group = orderLines.get(key(supplier.id, warehouse.id)) ?? [];
    group.push({ supplier, price, proposal, purchaseQuantity });
    orderLines.set(key(supplier.id, warehouse.id), group);
    result.proposals.push(proposal);
    here.forecast = here.forecast.plus(quantity);
  }

  for (const { source, destination, lines } of transferLines.values()) {
    const transfer = await createTransfer(sc, {
      type: TransferType.INTERNAL,
      warehouseId: source.id,
      destinationWarehouseCode: destination.code,
      referenceDocumentUri: 'replenishment',
      lines: lines.map((p) => ({ productId: p.product.id, quantity: p.quantity })),
    });
    for (const p of lines) p.transfer = transfer;
    result.transfers.push(transfer);
  }
  for (const group of orderLines.values()) {
    const order = await draftOrderFor(sc, group[0].supplier, group[0].proposal.warehouse);
    for (const { price, proposal, purchaseQuantity } of group) {
      addLine(sc, order, proposal.product, price, purchaseQuantity);
      proposal.purchaseOrder = order;
    }
    result.purchaseOrders.push(order);
  }
  await sc.em.flush();
  return result;
}

/**
 * Forecast and free stock per product x warehouse: the status model's forecast plus what open
 * proposals will bring (draft or to-approve purchase orders are not incoming yet, nor are
 * transfers between warehouses until shipped), so a second run does not propose them again.
 */
async function positionsOf(sc: ServiceContext, productIds: string[]): Promise<Map<string, Position>> {
  const figures = await stockFigures(sc, { productIds });
  const positions = new Map<string, Position>();
  for (const row of figures as FigureRow[]) {
    const onHand = new Decimal(row.on_hand);
    positions.set(key(row.product_id, row.warehouse_id), {
      forecast: onHand.plus(row.incoming).minus(row.outgoing).minus(row.reserved),
      free: onHand.minus(row.quality_hold).minus(row.damaged).minus(row.reserved).minus(row.safety_stock),
    });
  }
  const pending = await sc.em.execute<{ product_id: string; warehouse_id: string; quantity: string }[]>(
    pendingProposalsSql(productIds.length),
    [sc.companyId, ...productIds, sc.companyId, ...productIds],
  );
  for (const row of pending) {
    const k = key(row.product_id, row.warehouse_id);
    const position = positions.get(k) ?? { forecast: new Decimal(0), free: new Decimal(0) };
    position.forecast = position.forecast.plus(row.quantity);
    positions.set(k, position);
  }
  return positions;
}

/**
 * The preferred supplier's price lines and its entry line, else the cheapest active supplier's (none: undefined); deactivated suppliers
 * are skipped, and so are prices left in a currency the supplier no longer bills in. `today` is
 * the company's day (companyToday). Suppliers compare on their entry price (the line of their
 * smallest minimum, priceBreakFor) per product unit in the company currency, at the rate in force
 * today (toCompanyCurrency), as Odoo compares vendor prices converted: 10 USD at 0.9 beats 9.5 EUR.
 * A supplier whose currency has no rate on or before today cannot be compared: it comes after
 * every one that can (among themselves, by currency, then price), rather than failing the run.
 */
async function supplierPriceFor(
  sc: ServiceContext,
  product: Product,
  today: string,
  now: Date,
): Promise<{ breaks: SupplierPrice[]; entry: SupplierPrice } | undefined> {
  const prices = (
    await sc.em.find(
      SupplierPrice,
      { company: sc.companyId, product, supplier: { active: true, isSupplier: true } },
      { populate: ['supplier', 'purchaseUom'] },
    )
  ).filter(
    (price) =>
      priceInCurrency(price, price.supplier.getEntity().currency) &&
      (!price.validFrom || price.validFrom <= today) &&
      (!price.validTo || price.validTo >= today),
  );
  const bySupplier = new Map<string, SupplierPrice[]>();
  for (const price of prices) bySupplier.set(price.supplier.id, [...(bySupplier.get(price.supplier.id) ?? []), price]);
  const productUom = product.uom.getEntity();
  const candidates: { breaks: SupplierPrice[]; entry: SupplierPrice; perUnit: Decimal; converted: Decimal | null }[] =
    [];
  for (const breaks of bySupplier.values()) {
    const entry = priceBreakFor(breaks, 0, today, productUom)!.price;
    const perUnit = priceIn(entry, productUom);
    candidates.push({ breaks, entry, perUnit, converted: await inCompanyCurrency(sc, entry.currency, perUnit, now) });
  }
  candidates.sort(
    (a, b) =>
      Number(b.entry.preferred) - Number(a.entry.preferred) ||
      (a.converted && b.converted
        ? a.converted.cmp(b.converted)
        : Number(!a.converted) - Number(!b.converted) ||
          a.entry.currency.localeCompare(b.entry.currency) ||
          a.perUnit.cmp(b.perUnit)) ||
      a.entry.supplier.getEntity().code.localeCompare(b.entry.supplier.getEntity().code),
  );
  return candidates[0];
}

/** A purchase unit other than the product's (a box) cannot be split: rounded up, as 6 decimals otherwise. */
function wholeUnits(quantity: Decimal, purchaseUom: Uom, productUom: Uom): Decimal {
  return purchaseUom.id !== productUom.id ? quantity.ceil() : quantity.toDecimalPlaces(6, Decimal.ROUND_UP);
}

/** `amount` in the company currency at today's rate, or null when the currency has no rate yet. */
async function inCompanyCurrency(
  sc: ServiceContext,
  currency: string,
  amount: Decimal,
  at: Date,
): Promise<Decimal | null> {
  try {
    return await toCompanyCurrency(sc.em, sc.companyId, currency, amount, at);
  } catch (error) {
    if (error instanceof DomainError && error.code === UserErrorCode.EXCHANGE_RATE_MISSING) return null;
    throw error;
  }
}

/** The open replenishment draft for this supplier and warehouse, or a new one: proposals gather there. */
async function draftOrderFor(sc: ServiceContext, supplier: Partner, warehouse: Warehouse): Promise<PurchaseOrder> {
  const existing = await sc.em.findOne(
    PurchaseOrder,
    {
      company: sc.companyId,
      supplier,
      warehouse,
      // A draft from before a currency change of the supplier is left alone.
      currency: supplier.currency,
      state: PurchaseOrderState.DRAFT,
      origin: REPLENISHMENT,
    },
    { populate: ['lines'], orderBy: { createdAt: 'asc' } },
  );
  if (existing) return existing;
  return sc.em.create(PurchaseOrder, {
    company: sc.em.getReference(Company, sc.companyId),
    name: operationName(warehouse.code, 'PO'),
    supplier,
    warehouse,
    state: PurchaseOrderState.DRAFT,
    currency: supplier.currency,
    origin: REPLENISHMENT,
    createdBy: sc.actor,
  });
}

function addLine(
  sc: ServiceContext,
  order: PurchaseOrder,
  product: Product,
  price: SupplierPrice,
  purchaseQuantity: Decimal,
) {
  const purchaseUom = price.purchaseUom.getEntity();
  const same = order.lines.getItems().find((l) => l.product.id === product.id && l.uom.id === purchaseUom.id);
  if (same) {
    same.quantity = new Decimal(same.quantity).plus(purchaseQuantity).toFixed();
    same.productQuantity = purchaseUom.convert(same.quantity, product.uom.getEntity()).toDecimalPlaces(6).toFixed();
  } else {
    sc.em.create(PurchaseOrderLine, {
      company: order.company,
      order,
      sequence: order.lines.length + 1,
      product,
      quantity: purchaseQuantity.toFixed(),
      uom: purchaseUom,
      productQuantity: purchaseUom.convert(purchaseQuantity, product.uom.getEntity()).toDecimalPlaces(6).toFixed(),
      unitPrice: price.unitPrice,
      expectedDate: new Date(Date.now() + price.leadTimeDays * DAY),
    });
  }
  order.amountTotal = order.lines
    .getItems()
    .reduce((sum, l) => sum.plus(new Decimal(l.quantity).times(l.unitPrice)), new Decimal(0))
    .toDecimalPlaces(6)
    .toFixed();
}
