import { assertNotCreator } from '../../auth/segregation';
import type { FilterQuery } from '@mikro-orm/core';
import { Decimal, decToString } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { exchangeRateOn } from '../currency';
import { billApproved, billCancelled, type VendorBillPosting } from './bill-posting-hooks';
import { PaymentTerm } from './payment-term.entity';
import { paymentTermFor } from './payment-term.service';
import { localDay } from '../company/company-day';
import { schedule } from './payment-terms';
import { GrniClearing, money } from './grni-share';
import { PurchaseOrderLine } from './purchase-order.entity';
import { closeIfBilled, lockPurchaseOrder } from './purchase-order.service';
import { BillExceptionCode, isPosted, PurchaseOrderState, VendorBillState } from './purchasing.enums';
import type {
  VendorBillApproveInput,
  VendorBillCancelInput,
  VendorBillCreateInput,
  VendorBillFilter,
  VendorBillRejectInput,
} from './purchasing.inputs';
import { billHeld, recordPurchasingEvent } from './purchasing-events';
import { purchasingSettings, supplierFor } from './supplier.service';
import { type StoredBillException, VendorBill, VendorBillLine } from './vendor-bill.entity';

/** Orders that can be billed: confirmed, at any stage of receiving (bills may precede goods, and wait on hold). */
const BILLABLE: readonly PurchaseOrderState[] = [
  PurchaseOrderState.CONFIRMED,
  PurchaseOrderState.PARTIALLY_RECEIVED,
  PurchaseOrderState.RECEIVED,
  PurchaseOrderState.BILLED,
];

/**
 * Enters a supplier's invoice and matches it three ways: per line, billed (with earlier bills)
 * against received and ordered, within the quantity tolerance, and the billed price against
 * the order price, within the price tolerance; a bill in another currency than a line's order
 * cannot be compared and is an exception too (DOMAIN.md: a mismatch puts the bill on hold).
 * Any exception puts the bill ON_HOLD with the exceptions listed; otherwise it is MATCHED and
 * posted at once.
 */
export async function createVendorBill(sc: ServiceContext, input: VendorBillCreateInput): Promise<VendorBill> {
  // A deactivated supplier's goods already received are still billed.
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId'], { activeOnly: false });
  const reference = input.reference.trim();
  if (
    await sc.em.count(VendorBill, {
      supplier,
      reference,
      state: { $nin: [VendorBillState.REJECTED, VendorBillState.CANCELLED] },
    })
  ) {
    fail(UserErrorCode.TAKEN, ['input', 'reference'], `reference "${reference}" is already a bill of ${supplier.code}`);
  }
  const ids = input.lines.map((l) => l.purchaseLineId);
  const found = await sc.em.find(
    PurchaseOrderLine,
    { id: { $in: ids }, company: sc.companyId },
    { populate: ['order'] },
  );
  const orderIds = new Set<string>();
  for (const [index, given] of input.lines.entries()) {
    const field = ['input', 'lines', String(index), 'purchaseLineId'];
    const line = found.find((l) => l.id === given.purchaseLineId);
    if (!line)
      fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no purchase order line ${given.purchaseLineId}`);
    const order = line.order.getEntity();
    if (order.supplier.id !== supplier.id) {
      fail(
        UserErrorCode.INVALID,
        field,
        `${field.join('.')}: the line belongs to ${order.name}, an order to another supplier`,
      );
    }
    if (!BILLABLE.includes(order.state)) {
      fail(
        UserErrorCode.INVALID_STATE,
        field,
        `${field.join('.')}: ${order.name} is ${order.state}; it cannot be billed`,
      );
    }
    orderIds.add(order.id);
  }
  // Lock every order involved, in id order, so concurrent bills of one line see each other.
  const orders = [];
  for (const id of [...orderIds].sort()) orders.push(await lockPurchaseOrder(sc, id, ['input', 'lines']));
  const lineById = new Map(orders.flatMap((o) => o.lines.getItems().map((l) => [l.id, l] as const)));

  const settings = await purchasingSettings(sc);
  const qtyTolerance = new Decimal(settings.billQuantityTolerancePercent).div(100).plus(1);
  const priceTolerance = new Decimal(settings.billPriceTolerancePercent).div(100);
  const paymentTerm = input.paymentTermId
    ? await paymentTermFor(sc, input.paymentTermId, ['input', 'paymentTermId'])
    : (supplier.paymentTerm ?? null);
  const bill = sc.em.create(VendorBill, {
    company: sc.em.getReference(Company, sc.companyId),
    paymentTerm,
    supplier,
    reference,
    billDate: input.billDate ?? new Date(),
    state: VendorBillState.MATCHED,
    currency: input.currency ?? supplier.currency,
    amountTotal: '0',
    createdBy: sc.actor,
  });
  const exceptions: StoredBillException[] = [];
  let total = new Decimal(0);
  for (const [index, given] of input.lines.entries()) {
    const line = lineById.get(given.purchaseLineId)!;
    const product = line.product.getEntity();
    const lineUom = line.uom.getEntity();
    const productQuantity = lineUom.convert(given.quantity, product.uom.getEntity()).toDecimalPlaces(6);
    // Posted bills only: a held bill bills nothing until approved (its quantity is checked again then).
    const billed = new Decimal(line.billedQuantity).plus(productQuantity);
    const received = new Decimal(line.receivedQuantity);
    const ordered = new Decimal(line.productQuantity);
    const add = (code: BillExceptionCode, message: string) =>
      exceptions.push({ lineIndex: index, purchaseLineId: line.id, code, message });
    const what = `line ${index + 1} (${product.sku}, ${line.order.getEntity().name})`;
    if (billed.gt(received.times(qtyTolerance))) {
      add(
        BillExceptionCode.QUANTITY_OVER_RECEIVED,
        `${what}: ${decToString(billed)} billed in all, ${decToString(received)} received`,
      );
    }
    if (billed.gt(ordered.times(qtyTolerance))) {
      add(
        BillExceptionCode.QUANTITY_OVER_ORDERED,
        `${what}: ${decToString(billed)} billed in all, ${decToString(ordered)} ordered`,
      );
    }
    const orderPrice = new Decimal(line.unitPrice);
    const difference = new Decimal(given.unitPrice).minus(orderPrice).abs();
    const orderCurrency = line.order.getEntity().currency;
    if (orderCurrency !== bill.currency) {
      // A bill in another currency than its order is unusual: a person checks it (once approved it
      // posts converted at the bill date's rate, onVendorBillPosted).
      add(BillExceptionCode.CURRENCY_MISMATCH, `${what}: billed in ${bill.currency}, ordered in ${orderCurrency}`);
    } else if (orderPrice.isZero() ? difference.gt(0) : difference.div(orderPrice).gt(priceTolerance)) {
      add(
        BillExceptionCode.PRICE_MISMATCH,
        `${what}: billed ${decToString(given.unitPrice)} per ${lineUom.name}, ordered at ${decToString(orderPrice)}`,
      );
    }
    const amount = new Decimal(given.quantity).times(given.unitPrice).toDecimalPlaces(6);
    total = total.plus(amount);
    sc.em.create(VendorBillLine, {
      company: bill.company,
      bill,
      purchaseLine: line,
      product,
      quantity: new Decimal(given.quantity).toFixed(),
      productQuantity: productQuantity.toFixed(),
      unitPrice: new Decimal(given.unitPrice).toFixed(),
      amount: amount.toFixed(),
    });
  }
  bill.amountTotal = total.toFixed();
  bill.exceptionList = exceptions;
  if (exceptions.length) bill.state = VendorBillState.ON_HOLD;
  else await post(sc, bill, lineById, ['input', 'billDate']);
  await sc.em.flush();
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  if (bill.state === VendorBillState.ON_HOLD) {
    await recordPurchasingEvent(sc, billHeld(bill, await sc.em.find(VendorBillLine, { bill })));
  }
  return bill;
}

/** Releases a bill from hold; never by the person who entered it. */
export async function approveVendorBill(sc: ServiceContext, input: VendorBillApproveInput): Promise<VendorBill> {
  const field = ['input', 'billId'];
  const bill = await lockBill(sc, input.billId, field);
  if (bill.state !== VendorBillState.ON_HOLD) {
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `bill ${bill.reference} is ${bill.state}; only a bill on hold is approved`,
    );
  }
  assertNotCreator(sc, bill.createdBy, `bill ${bill.reference}`);
  const orders = await lockOrdersOf(sc, bill, field);
  const lineById = new Map(orders.flatMap((o) => o.lines.getItems().map((l) => [l.id, l] as const)));
  await refuseNewOverBilling(sc, bill, lineById, field);
  bill.state = VendorBillState.APPROVED;
  bill.approvedBy = sc.actor;
  bill.approvedAt = new Date();
  await post(sc, bill, lineById, ['input', 'billId']);
  await sc.em.flush();
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  return bill;
}

/** Locks a bill's row, then loads it; NOT_FOUND when it is not the company's. */
async function lockBill(sc: ServiceContext, id: string, field: string[]): Promise<VendorBill> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no vendor bill ${id}`);
  await sc.em.execute('select id from vendor_bill where id = ? and company_id = ? for update', [id, sc.companyId]);
  const bill = await sc.em.findOne(VendorBill, { id, company: sc.companyId }, { refresh: true });
  if (!bill) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no vendor bill ${id}`);
  return bill;
}

/** The orders a bill bills, locked in id order (as createVendorBill locks them). */
async function lockOrdersOf(sc: ServiceContext, bill: VendorBill, field: string[]) {
  const rows = await sc.em.execute<{ order_id: string }[]>(
    `select distinct pl.order_id from vendor_bill_line bl join purchase_order_line pl on pl.id = bl.purchase_line_id
      where bl.bill_id = ? order by 1`,
    [bill.id],
  );
  const orders = [];
  for (const { order_id } of rows) orders.push(await lockPurchaseOrder(sc, order_id, field));
  return orders;
}

/**
 * A bill held for its price may meanwhile have been overtaken: another bill of the same goods
 * was posted. Approving it then would pay twice for the goods, an exception its approver never
 * saw: refused (reject this bill, or cancel the other).
 */
async function refuseNewOverBilling(
  sc: ServiceContext,
  bill: VendorBill,
  lineById: Map<string, PurchaseOrderLine>,
  field: string[],
): Promise<void> {
  const settings = await purchasingSettings(sc);
  const qtyTolerance = new Decimal(settings.billQuantityTolerancePercent).div(100).plus(1);
  const lines = await sc.em.find(VendorBillLine, { bill }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  lines.forEach((billLine, index) => {
    const line = lineById.get(billLine.purchaseLine.id)!;
    const billed = new Decimal(line.billedQuantity).plus(billLine.productQuantity);
    const seen = bill.exceptionList.some(
      (e) => e.lineIndex === index && e.code === BillExceptionCode.QUANTITY_OVER_RECEIVED,
    );
    if (!seen && billed.gt(new Decimal(line.receivedQuantity).times(qtyTolerance))) {
      fail(
        UserErrorCode.CONFLICT,
        field,
        `bill ${bill.reference} line ${index + 1}: ${decToString(billed)} would be billed in all for ${decToString(line.receivedQuantity)} received; other bills of these goods were posted while it was on hold. Reject it (vendorBillReject) or cancel the other bill`,
      );
    }
  });
}

/**
 * Refuses a bill on hold (Odoo's "cancel" of a draft bill): nothing was posted, so nothing is
 * reversed; the order lines never counted it as billed. Its reference is free again.
 */
export async function rejectVendorBill(sc: ServiceContext, input: VendorBillRejectInput): Promise<VendorBill> {
  const field = ['input', 'billId'];
  const bill = await lockBill(sc, input.billId, field);
  if (bill.state !== VendorBillState.ON_HOLD) {
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `bill ${bill.reference} is ${bill.state}; only a bill on hold is rejected${isPosted(bill.state) ? ' (a posted bill is cancelled: vendorBillCancel)' : ''}`,
    );
  }
  const orders = await lockOrdersOf(sc, bill, field);
  bill.state = VendorBillState.REJECTED;
  bill.cancelledBy = sc.actor;
  bill.cancelledAt = new Date();
  bill.cancelReason = input.reason;
  await sc.em.flush();
  // The order may have waited only for this bill to close.
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  return bill;
}

/**
 * Cancels a posted bill: the books post the reversal of its entry (dated `date`), its lines stop
 * counting as billed, and a BILLED order opens again for the corrected bill.
 */
export async function cancelVendorBill(sc: ServiceContext, input: VendorBillCancelInput): Promise<VendorBill> {
  const field = ['input', 'billId'];
  const bill = await lockBill(sc, input.billId, field);
  if (!isPosted(bill.state)) {
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `bill ${bill.reference} is ${bill.state}; only a posted bill (MATCHED or APPROVED) is cancelled${bill.state === VendorBillState.ON_HOLD ? ' (a bill on hold is rejected: vendorBillReject)' : ''}`,
    );
  }
  const [credited] = await sc.em.execute<{ references: string | null }[]>(
    `select string_agg(reference, ', ') as references from vendor_credit_note
      where bill_id = ? and state in ('MATCHED', 'APPROVED', 'ON_HOLD')`,
    [bill.id],
  );
  if (credited?.references) {
    // Its credit notes credit it: cancelled under them, the supplier would be owed back twice.
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `bill ${bill.reference} has credit notes against it (${credited.references}); it is settled by them, not cancelled`,
    );
  }
  const orders = await lockOrdersOf(sc, bill, field);
  const lineById = new Map(orders.flatMap((o) => o.lines.getItems().map((l) => [l.id, l] as const)));
  const lines = await sc.em.find(VendorBillLine, { bill });
  // A credit note against a return (not this bill) may have credited goods only this bill billed:
  // cancelled, the line would be billed below zero and the supplier credited for goods never billed.
  // Summed per order line: two lines of this bill may bill one order line.
  const billedByThis = new Map<string, Decimal>();
  for (const billLine of lines) {
    const id = billLine.purchaseLine.id;
    billedByThis.set(id, (billedByThis.get(id) ?? new Decimal(0)).plus(billLine.productQuantity));
  }
  for (const [id, quantity] of billedByThis) {
    const line = lineById.get(id)!;
    if (quantity.gt(line.billedQuantity)) {
      fail(
        UserErrorCode.INVALID_STATE,
        field,
        `bill ${bill.reference}: ${decToString(quantity)} billed by it, ${decToString(line.billedQuantity)} billed on its order line now (credit notes credited the rest); it is settled by them, not cancelled`,
      );
    }
  }
  // The cancellation gives a foreign line's goods back to GR/IR by the one rule, as every document
  // that moves its open quantity does (read before the bill stops counting as billed: what is
  // open now, this bill's clearing included).
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  const clearing = new GrniClearing(sc);
  // Each line's adjustment is kept on the line: openGrniOf reads what the cancelled bill left in
  // GR/IR per order line there (the journal lines carry the product, and one bill may bill a
  // product on several order lines received at different rates).
  const grniAdjustments: { productId: string; amount: Decimal }[] = [];
  for (const billLine of lines) {
    const line = lineById.get(billLine.purchaseLine.id)!;
    const order = orders.find((o) => o.id === line.order.id)!;
    billLine.cancelGrniAdjustment = '0.00';
    if (order.currency === company.currency || billLine.clearedValue == null) continue;
    const cleared = new Decimal(billLine.clearedValue);
    const grni = await clearing.move(line.id, new Decimal(billLine.productQuantity), cleared);
    billLine.cancelGrniAdjustment = grni.minus(cleared).toFixed(2);
    if (!grni.eq(cleared)) grniAdjustments.push({ productId: billLine.product.id, amount: grni.minus(cleared) });
  }
  for (const billLine of lines) {
    const line = lineById.get(billLine.purchaseLine.id)!;
    line.billedQuantity = new Decimal(line.billedQuantity).minus(billLine.productQuantity).toFixed();
  }
  bill.state = VendorBillState.CANCELLED;
  bill.cancelledBy = sc.actor;
  bill.cancelledAt = new Date();
  bill.cancelReason = input.reason;
  for (const order of orders) if (order.state === PurchaseOrderState.BILLED) order.state = PurchaseOrderState.RECEIVED;
  await sc.em.flush();
  await billCancelled(sc, {
    billId: bill.id,
    reference: bill.reference,
    date: input.date ?? new Date(),
    reason: input.reason,
    grniAdjustments,
  });
  return bill;
}

/**
 * Posts a bill: its quantities count as billed on the order lines, and the books post it
 * (`field` names the input an EXCHANGE_RATE_MISSING refusal points at).
 */
async function post(
  sc: ServiceContext,
  bill: VendorBill,
  lineById: Map<string, PurchaseOrderLine>,
  field: string[],
): Promise<void> {
  bill.postedAt = new Date();
  await sc.em.flush();
  const lines = await sc.em.find(VendorBillLine, { bill });
  for (const billLine of lines) {
    const line = lineById.get(billLine.purchaseLine.id)!;
    line.billedQuantity = new Decimal(line.billedQuantity).plus(billLine.productQuantity).toFixed();
  }
  await onVendorBillPosted(sc, bill, field);
  // After the posting: the schedule splits what accounts payable was credited (companyAmountTotal).
  await scheduleBill(sc, bill);
}

/**
 * Sets a posted bill's installments, due date and early payment discount from its date (the day
 * it falls on in the company time zone) and its payment term, as Odoo computes the due dates of
 * a posted bill's payable lines. The amounts split what the posting credited to accounts payable,
 * in the company currency (a foreign-currency bill's at its bill-date rate), so the installments
 * add up to the bill's residual before any payment.
 */
async function scheduleBill(sc: ServiceContext, bill: VendorBill): Promise<void> {
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  const term = bill.paymentTerm ? await sc.em.findOneOrFail(PaymentTerm, bill.paymentTerm.id) : null;
  const plan = schedule(bill.companyAmountTotal ?? bill.amountTotal, localDay(bill.billDate, company.timeZone), term);
  bill.installments = plan.installments;
  bill.dueDate = plan.dueDate;
  bill.discountDate = plan.discountDate;
  bill.discountAmount = plan.discountAmount;
}

/**
 * The one call site where a posted bill (matched, or approved from hold) reaches the books,
 * in the same transaction: GRNI (+ price variance) against accounts payable. The conversion
 * point of bills (issue 23): every line goes to the books in the company currency, the bill at
 * the rate of its bill date, the GRNI it clears at the value the receipts booked its goods at
 * (receipt-date rates); a bill or order in a foreign currency with no rate on or before the
 * bill date is refused with EXCHANGE_RATE_MISSING.
 */
export async function onVendorBillPosted(
  sc: ServiceContext,
  bill: VendorBill,
  dateField: string[] = ['input', 'billDate'],
): Promise<VendorBillPosting> {
  const lines = await sc.em.find(
    VendorBillLine,
    { bill },
    { populate: ['purchaseLine', 'purchaseLine.order'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const perProductUnit = (amount: Decimal.Value, quantity: Decimal.Value) =>
    new Decimal(quantity).isZero() ? '0' : new Decimal(amount).div(quantity).toDecimalPlaces(6).toFixed();
  const billRate = await exchangeRateOn(sc.em, sc.companyId, bill.currency, bill.billDate, dateField);
  // What a bill clears from GRNI for the goods of a foreign-currency order line: its share of what
  // the receipts (at their receipt-date rates) left open, by grni-share.ts's one rule; goods billed
  // before they are received at the order price at the bill-date rate (their receipt then takes
  // that back under the same rule).
  const clearing = new GrniClearing(sc, { billId: bill.id });
  let payable = new Decimal(0);
  const postingLines: VendorBillPosting['lines'] = [];
  for (const l of lines) {
    const po = l.purchaseLine.getEntity();
    const orderCurrency = po.order.getEntity().currency;
    const quantity = new Decimal(l.productQuantity);
    // The order price per product unit, in the order currency (what a receipt in that currency valued the goods at).
    const orderUnit = perProductUnit(new Decimal(po.unitPrice).times(po.quantity), po.productQuantity);
    const billedUnitPrice = perProductUnit(l.amount, l.productQuantity);
    let companyAmounts: NonNullable<VendorBillPosting['lines'][number]['companyAmounts']>;
    if (bill.currency === billRate.companyCurrency && orderCurrency === billRate.companyCurrency) {
      // All in the company currency: the figures postVendorBill has always computed.
      const received = money(quantity.times(orderUnit));
      companyAmounts = { received, orderedAtBillRate: received, billed: money(quantity.times(billedUnitPrice)) };
    } else {
      const orderRate = await exchangeRateOn(sc.em, sc.companyId, orderCurrency, bill.billDate, dateField);
      const orderedAtBillRate = money(
        new Decimal(po.unitPrice).times(po.quantity).times(quantity).times(orderRate.rate).div(po.productQuantity),
      );
      const received =
        orderCurrency === billRate.companyCurrency
          ? money(quantity.times(orderUnit))
          : (await clearing.move(po.id, quantity.negated(), orderedAtBillRate)).negated();
      companyAmounts = { received, orderedAtBillRate, billed: money(new Decimal(l.amount).times(billRate.rate)) };
    }
    l.clearedValue = companyAmounts.received.toFixed(2);
    payable = payable.plus(companyAmounts.billed);
    postingLines.push({
      productId: l.product.id,
      quantity: l.productQuantity,
      billedUnitPrice,
      receivedUnitCost: orderUnit,
      companyAmounts,
    });
  }
  bill.exchangeRate = billRate.rate.toFixed();
  bill.companyAmountTotal = payable.toFixed(2);
  const posting = {
    billId: bill.id,
    reference: bill.reference,
    partnerId: bill.supplier.id,
    date: bill.billDate,
    lines: postingLines,
  };
  // The journal lines reference the bill: it must be in the database first.
  await sc.em.flush();
  await billApproved(sc, posting);
  return posting;
}

export async function findVendorBill(sc: ServiceContext, id: string): Promise<VendorBill | null> {
  return isUuid(id) ? sc.em.findOne(VendorBill, { id, company: sc.companyId }) : null;
}

export async function listVendorBills(sc: ServiceContext, filter: VendorBillFilter | undefined, page: PageArgs) {
  const where: FilterQuery<VendorBill> = { company: sc.companyId };
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  if (filter?.purchaseOrderId) {
    const rows = isUuid(filter.purchaseOrderId)
      ? await sc.em.execute<{ bill_id: string }[]>(
          `select distinct bl.bill_id from vendor_bill_line bl join purchase_order_line pl on pl.id = bl.purchase_line_id
            where pl.order_id = ?`,
          [filter.purchaseOrderId],
        )
      : [];
    where.id = { $in: rows.map((r) => r.bill_id) };
  }
  return paginate(sc.em, VendorBill, where, { createdAt: 'desc' }, page);
}
