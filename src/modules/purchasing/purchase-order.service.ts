import { assertNotCreator } from '../../auth/segregation';
import { type FilterQuery, ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { companyToday } from '../company/company-day';
import { toCompanyCurrency } from '../currency';
import { prefetchProducts, productFor, toProductQuantity, warehouseFor } from '../inventory/inventory.lookup';
import { cancelTransfer, operationName } from '../inventory/transfer.service';
import { type Partner, SupplierPrice } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { PurchaseOrderState } from './purchasing.enums';
import type {
  PurchaseOrderActionInput,
  PurchaseOrderCreateInput,
  PurchaseOrderFilter,
  PurchaseOrderLineInput,
  PurchaseOrderRescheduleInput,
  PurchaseOrderUpdateInput,
} from './purchasing.inputs';
import { orderConfirmed, recordPurchasingEvent } from './purchasing-events';
import { openMoves, openReceipt } from './receipt-moves';
import { priceBreakFor, priceIn, priceInCurrency, purchasingSettings, supplierFor } from './supplier.service';

const DAY = 86_400_000;
export const ORDER_FIELD = ['input', 'purchaseOrderId'];

/** Orders whose lines are (or were) incoming: they own receipt moves. */
export const OPEN_STATES: readonly PurchaseOrderState[] = [
  PurchaseOrderState.CONFIRMED,
  PurchaseOrderState.PARTIALLY_RECEIVED,
];

/**
 * Locks the order row before reading it: receipts, bills and state changes of one order run
 * one after the other, so two concurrent receipts of a line can never both pass the
 * over-receipt check. Always taken before any transfer lock (fixed order, no deadlock).
 */
export async function lockPurchaseOrder(sc: ServiceContext, id: string, field = ORDER_FIELD): Promise<PurchaseOrder> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no purchase order ${id}`);
  await sc.em.execute('select id from purchase_order where id = ? and company_id = ? for update', [id, sc.companyId]);
  const order = await sc.em.findOne(
    PurchaseOrder,
    { id, company: sc.companyId },
    { populate: ['lines', 'lines.product', 'lines.product.uom', 'lines.uom', 'warehouse', 'supplier'], refresh: true },
  );
  if (!order) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no purchase order ${id}`);
  return order;
}

export function assertState(order: PurchaseOrder, allowed: readonly PurchaseOrderState[], doing: string): void {
  if (!allowed.includes(order.state)) {
    fail(UserErrorCode.INVALID_STATE, ORDER_FIELD, `${order.name} is ${order.state}; it cannot be ${doing}`);
  }
}

/** Builds the order lines from input: UoM conversion, default price, unit and expected date from the price list. */
async function buildLines(
  sc: ServiceContext,
  order: PurchaseOrder,
  supplier: Partner,
  inputs: PurchaseOrderLineInput[],
): Promise<void> {
  const products = await prefetchProducts(sc, inputs);
  const prices = await sc.em.find(
    SupplierPrice,
    { supplier, product: { $in: [...new Set([...products.values()].map((p) => p.id))] } },
    { populate: ['purchaseUom'] },
  );
  const breaksOf = new Map<string, SupplierPrice[]>();
  for (const p of prices) {
    if (priceInCurrency(p, order.currency)) breaksOf.set(p.product.id, [...(breaksOf.get(p.product.id) ?? []), p]);
  }
  // The price list applies as of today in the company time zone (a line valid from the 1st applies
  // from midnight there, not from midnight UTC).
  const { today } = await companyToday(sc);
  let total = new Decimal(0);
  for (const [index, input] of inputs.entries()) {
    const path = ['input', 'lines', String(index)];
    const product = await productFor(sc, input, path, products);
    const breaks = breaksOf.get(product.id) ?? [];
    // Unless told, a line is ordered in the unit of the supplier's entry line (its smallest
    // minimum valid today), not of whichever line the database returned first.
    const entry = priceBreakFor(breaks, 0, today, product.uom.getEntity())?.price;
    const uomId = input.uomId ?? entry?.purchaseUom.id ?? product.uom.id;
    const { quantity, uom } = await toProductQuantity(sc, product, input.quantity, uomId, path);
    // The break for the ordered quantity, each line's minimum counted in the line's unit.
    const chosen = priceBreakFor(breaks, input.quantity, today, uom);
    const price = chosen?.price;
    let unitPrice: string;
    if (input.unitPrice != null) unitPrice = input.unitPrice;
    else if (price) unitPrice = priceIn(price, uom).toFixed();
    else {
      fail(
        UserErrorCode.INVALID,
        [...path, 'unitPrice'],
        `${path.join('.')}.unitPrice: ${supplier.code} has no price in ${order.currency} for ${product.sku}; give unitPrice`,
      );
    }
    const leadTimeDays = price?.leadTimeDays ?? supplier.leadTimeDays;
    const expectedDate = input.expectedDate ?? new Date(Date.now() + leadTimeDays * DAY);
    sc.em.create(PurchaseOrderLine, {
      company: order.company,
      order,
      sequence: index + 1,
      product,
      quantity: new Decimal(input.quantity).toFixed(),
      uom,
      productQuantity: quantity.toFixed(),
      unitPrice,
      expectedDate,
      belowMinimum: chosen?.belowMinimum ?? false,
    });
    total = total.plus(new Decimal(input.quantity).times(unitPrice));
  }
  order.amountTotal = total.toDecimalPlaces(6).toFixed();
}

export async function createPurchaseOrder(
  sc: ServiceContext,
  input: PurchaseOrderCreateInput,
  origin: string | null = null,
): Promise<PurchaseOrder> {
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId']);
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']);
  const order = sc.em.create(PurchaseOrder, {
    company: sc.em.getReference(Company, sc.companyId),
    name: operationName(warehouse.code, 'PO'),
    supplier,
    warehouse,
    state: PurchaseOrderState.DRAFT,
    currency: input.currency ?? supplier.currency,
    notes: input.notes ?? null,
    origin,
    createdBy: sc.actor,
  });
  await buildLines(sc, order, supplier, input.lines);
  await sc.em.flush();
  return order;
}

export async function updatePurchaseOrder(sc: ServiceContext, input: PurchaseOrderUpdateInput): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(sc, input.id, ['input', 'id']);
  if (input.version !== order.version) {
    fail(
      UserErrorCode.CONFLICT,
      ['input', 'version'],
      `version ${input.version} is stale: ${order.name} is at version ${order.version}; read it again`,
    );
  }
  if (order.state !== PurchaseOrderState.DRAFT) {
    fail(UserErrorCode.INVALID_STATE, ['input', 'id'], `${order.name} is ${order.state}; only a draft can be edited`);
  }
  if (input.warehouseCode) {
    order.warehouse = ref(await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']));
  }
  if (input.notes !== undefined) order.notes = input.notes;
  if (input.lines) {
    for (const line of order.lines.getItems()) sc.em.remove(line);
    order.lines.removeAll();
    await buildLines(sc, order, order.supplier.getEntity(), input.lines);
  }
  // A change of lines only touches child rows; the version must still move for other editors.
  order.updatedAt = new Date();
  await sc.em.flush();
  return order;
}

/**
 * Confirms a draft: above the approval threshold (compared in the company currency) it waits for
 * approval, otherwise its lines become incoming.
 */
export async function confirmPurchaseOrder(
  sc: ServiceContext,
  input: PurchaseOrderActionInput,
): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId);
  assertState(order, [PurchaseOrderState.DRAFT], 'confirmed');
  const supplier = order.supplier.getEntity();
  if (!supplier.active) {
    // Confirming places the order: a deactivated supplier takes no new ones.
    fail(UserErrorCode.INVALID_STATE, ORDER_FIELD, `${order.name}: ${supplier.code} is no longer an active supplier`);
  }
  const settings = await purchasingSettings(sc);
  order.confirmedAt = new Date();
  // The threshold is in the company currency: a foreign order is converted at today's rate
  // (none: EXCHANGE_RATE_MISSING, nothing confirmed), as Odoo's double validation does.
  const amount = await toCompanyCurrency(sc.em, sc.companyId, order.currency, order.amountTotal, order.confirmedAt, [
    ...ORDER_FIELD,
  ]);
  if (amount.gt(settings.approvalThreshold)) {
    order.state = PurchaseOrderState.TO_APPROVE;
  } else {
    await openReceipt(sc, order);
    order.state = PurchaseOrderState.CONFIRMED;
    await recordPurchasingEvent(sc, orderConfirmed(order));
  }
  await sc.em.flush();
  return order;
}

/** Approves an order waiting for approval; never by the person who created it. */
export async function approvePurchaseOrder(
  sc: ServiceContext,
  input: PurchaseOrderActionInput,
): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId);
  assertState(order, [PurchaseOrderState.TO_APPROVE], 'approved');
  assertNotCreator(sc, order.createdBy, `${order.name}`);
  order.approvedBy = sc.actor;
  order.approvedAt = new Date();
  await openReceipt(sc, order);
  order.state = PurchaseOrderState.CONFIRMED;
  await recordPurchasingEvent(sc, orderConfirmed(order));
  await sc.em.flush();
  return order;
}

export async function cancelPurchaseOrder(sc: ServiceContext, input: PurchaseOrderActionInput): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId);
  assertState(
    order,
    [PurchaseOrderState.DRAFT, PurchaseOrderState.TO_APPROVE, PurchaseOrderState.CONFIRMED],
    'cancelled',
  );
  const lines = order.lines.getItems();
  if (lines.some((l) => new Decimal(l.receivedQuantity).gt(0))) {
    fail(UserErrorCode.INVALID_STATE, ORDER_FIELD, `${order.name} has received goods; it cannot be cancelled`);
  }
  const open = [...(await openMoves(sc, lines)).values()].flat();
  for (const transferId of new Set(open.map((m) => m.transfer!.id))) {
    await cancelTransfer(sc, transferId, { asOwner: true });
  }
  order.state = PurchaseOrderState.CANCELLED;
  order.reason = input.reason ?? null;
  await sc.em.flush();
  return order;
}

/** New expected dates for lines; their open receipt moves move too, so incoming and ATP follow. */
export async function reschedulePurchaseOrder(
  sc: ServiceContext,
  input: PurchaseOrderRescheduleInput,
): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId);
  assertState(
    order,
    [PurchaseOrderState.DRAFT, PurchaseOrderState.TO_APPROVE, ...OPEN_STATES],
    'rescheduled (nothing is expected any more)',
  );
  const lines = order.lines.getItems();
  const open = await openMoves(sc, lines);
  for (const [index, given] of input.lines.entries()) {
    const line = lineOf(order, given.lineId, ['input', 'lines', String(index), 'lineId']);
    line.expectedDate = given.expectedDate;
    for (const move of open.get(line.id) ?? []) move.expectedDate = given.expectedDate;
  }
  order.updatedAt = new Date();
  await sc.em.flush();
  return order;
}

export function lineOf(order: PurchaseOrder, lineId: string, field: string[]): PurchaseOrderLine {
  const line = order.lines.getItems().find((l) => l.id === lineId);
  if (!line) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: ${order.name} has no line ${lineId}`);
  return line;
}

/**
 * An order received in full and billed in full (no bill or credit note on hold, no supplier
 * return waiting for its credit note) is closed: BILLED.
 */
export async function closeIfBilled(sc: ServiceContext, order: PurchaseOrder): Promise<void> {
  if (order.state !== PurchaseOrderState.RECEIVED) return;
  const lines = order.lines.getItems();
  const [row] = await sc.em.execute<{ held: string }[]>(
    `select (select count(*) from vendor_bill b join vendor_bill_line bl on bl.bill_id = b.id
              join purchase_order_line pl on pl.id = bl.purchase_line_id
             where pl.order_id = ? and b.state = 'ON_HOLD')
          + (select count(*) from vendor_credit_note c join vendor_credit_note_line cl on cl.credit_note_id = c.id
              join purchase_order_line pl on pl.id = cl.purchase_line_id
             where pl.order_id = ? and c.state = 'ON_HOLD')
          + (select count(*) from supplier_return_line rl join purchase_order_line pl on pl.id = rl.purchase_line_id
             where pl.order_id = ? and rl.credit_expected_quantity > rl.credited_quantity) as held`,
    [order.id, order.id, order.id],
  );
  if (Number(row.held) > 0) return;
  if (lines.every((l) => new Decimal(l.billedQuantity).gte(l.receivedQuantity)))
    order.state = PurchaseOrderState.BILLED;
}

export async function findPurchaseOrder(sc: ServiceContext, id: string): Promise<PurchaseOrder | null> {
  return isUuid(id) ? sc.em.findOne(PurchaseOrder, { id, company: sc.companyId }) : null;
}

export async function listPurchaseOrders(sc: ServiceContext, filter: PurchaseOrderFilter | undefined, page: PageArgs) {
  const where: FilterQuery<PurchaseOrder> = { company: sc.companyId };
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  if (filter?.warehouseCode) where.warehouse = { code: filter.warehouseCode.toUpperCase() };
  if (filter?.origin) where.origin = filter.origin;
  return paginate(sc.em, PurchaseOrder, where, { createdAt: 'desc' }, page);
}
