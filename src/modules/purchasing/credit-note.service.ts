import type { FilterQuery } from '@mikro-orm/core';
import { assertNotCreator } from '../../auth/segregation';
import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import { exchangeRateOn } from '../currency';
import { creditNotePosted, type VendorCreditNotePosting } from './credit-note-hooks';
import { GrniClearing, money, receiptUnitCostOf } from './grni-share';
import {
  CreditNoteExceptionCode,
  CreditNoteState,
  type StoredCreditException,
  VendorCreditNote,
  VendorCreditNoteLine,
} from './credit-note.entity';
import type {
  VendorCreditNoteApproveInput,
  VendorCreditNoteCreateInput,
  VendorCreditNoteFilter,
  VendorCreditNoteRejectInput,
} from './credit-note.inputs';
import type { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { closeIfBilled, lockPurchaseOrder } from './purchase-order.service';
import { PurchaseOrderState, isPosted } from './purchasing.enums';
import { purchasingSettings, supplierFor } from './supplier.service';
import { SupplierReturn, SupplierReturnLine } from './supplier-return.entity';
import { VendorBill, VendorBillLine } from './vendor-bill.entity';

// Vendor credit notes (Odoo's vendor refunds): the three-way match in reverse. A credit note
// credits goods billed and then sent back (billed less credited may not fall below received),
// against a bill (at most what that bill billed of each line) or a supplier return (at most
// what the return sent back already billed). A mismatch holds it, as it holds a bill.

const CREDITABLE: readonly PurchaseOrderState[] = [
  PurchaseOrderState.CONFIRMED,
  PurchaseOrderState.PARTIALLY_RECEIVED,
  PurchaseOrderState.RECEIVED,
  PurchaseOrderState.BILLED,
];

/** Enters a supplier's credit note and matches it in reverse; MATCHED posts it at once, otherwise ON_HOLD. */
export async function createCreditNote(
  sc: ServiceContext,
  input: VendorCreditNoteCreateInput,
): Promise<VendorCreditNote> {
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId'], { activeOnly: false });
  const reference = input.reference.trim();
  if (
    await sc.em.count(VendorCreditNote, {
      supplier,
      reference,
      state: { $ne: CreditNoteState.REJECTED },
    })
  ) {
    fail(
      UserErrorCode.TAKEN,
      ['input', 'reference'],
      `reference "${reference}" is already a credit note of ${supplier.code}`,
    );
  }
  // The bill first (as vendorBillCancel locks it), then the orders in id order.
  let bill: VendorBill | null = null;
  if (input.billId) {
    const field = ['input', 'billId'];
    await sc.em.execute('select id from vendor_bill where id = ? and company_id = ? for update', [
      input.billId,
      sc.companyId,
    ]);
    bill = await sc.em.findOne(VendorBill, { id: input.billId, company: sc.companyId }, { refresh: true });
    if (!bill) fail(UserErrorCode.NOT_FOUND, field, `input.billId: no vendor bill ${input.billId}`);
    if (bill.supplier.id !== supplier.id) {
      fail(UserErrorCode.INVALID, field, `input.billId: bill ${bill.reference} is another supplier's`);
    }
    if (!isPosted(bill.state)) {
      fail(
        UserErrorCode.INVALID_STATE,
        field,
        `input.billId: bill ${bill.reference} is ${bill.state}; only a posted bill (MATCHED or APPROVED) is credited`,
      );
    }
  }
  let supplierReturn: SupplierReturn | null = null;
  if (input.returnId) {
    const field = ['input', 'returnId'];
    supplierReturn = isUuid(input.returnId)
      ? await sc.em.findOne(SupplierReturn, { id: input.returnId, company: sc.companyId })
      : null;
    if (!supplierReturn) fail(UserErrorCode.NOT_FOUND, field, `input.returnId: no supplier return ${input.returnId}`);
    if (supplierReturn.supplier.id !== supplier.id) {
      fail(UserErrorCode.INVALID, field, `input.returnId: return ${supplierReturn.name} went to another supplier`);
    }
  }
  const orders = await lockOrders(sc, input, supplier.id);
  const lineById = new Map(orders.flatMap((o) => o.lines.getItems().map((l) => [l.id, l] as const)));

  const settings = await purchasingSettings(sc);
  const qtyTolerance = new Decimal(settings.billQuantityTolerancePercent).div(100).plus(1);
  const priceTolerance = new Decimal(settings.billPriceTolerancePercent).div(100);
  const note = sc.em.create(VendorCreditNote, {
    company: sc.em.getReference(Company, sc.companyId),
    supplier,
    reference,
    creditDate: input.creditDate ?? new Date(),
    state: CreditNoteState.MATCHED,
    currency: input.currency ?? supplier.currency,
    amountTotal: '0',
    bill,
    supplierReturn,
    reason: input.reason ?? null,
    createdBy: sc.actor,
  });
  const billLines = bill ? await sc.em.find(VendorBillLine, { bill }) : [];
  const creditedOnBill = bill ? await creditedPerLine(sc, { bill: bill.id }) : new Map<string, Decimal>();
  const returnLines = supplierReturn ? await sc.em.find(SupplierReturnLine, { supplierReturn }) : [];
  const exceptions: StoredCreditException[] = [];
  let total = new Decimal(0);
  for (const [index, given] of input.lines.entries()) {
    const field = ['input', 'lines', String(index), 'purchaseLineId'];
    const line = lineById.get(given.purchaseLineId)!;
    const product = line.product.getEntity();
    const order = line.order.getEntity();
    const what = `line ${index + 1} (${product.sku}, ${order.name})`;
    const onBill = billLines.filter((b) => b.purchaseLine.id === line.id);
    if (bill && onBill.length === 0) {
      fail(UserErrorCode.INVALID, field, `${field.join('.')}: bill ${bill.reference} does not bill ${what}`);
    }
    const returnLine = returnLines.find((r) => r.purchaseLine.id === line.id) ?? null;
    if (supplierReturn && !returnLine) {
      fail(
        UserErrorCode.INVALID,
        field,
        `${field.join('.')}: return ${supplierReturn.name} sent back nothing of ${what}`,
      );
    }
    const lineUom = line.uom.getEntity();
    const quantity = lineUom.convert(given.quantity, product.uom.getEntity()).toDecimalPlaces(6);
    const add = (code: CreditNoteExceptionCode, message: string) =>
      exceptions.push({ lineIndex: index, purchaseLineId: line.id, code, message });

    const billed = new Decimal(line.billedQuantity);
    const received = new Decimal(line.receivedQuantity);
    const after = billed.minus(quantity);
    if (quantity.gt(billed.times(qtyTolerance))) {
      add(
        CreditNoteExceptionCode.CREDIT_OVER_BILLED,
        `${what}: ${decToString(quantity)} credited, ${decToString(billed)} billed (less credits)`,
      );
    } else if (bill) {
      const billedHere = onBill.reduce((s, b) => s.plus(b.productQuantity), new Decimal(0));
      const left = billedHere.minus(creditedOnBill.get(line.id) ?? 0);
      if (quantity.gt(left.times(qtyTolerance))) {
        add(
          CreditNoteExceptionCode.CREDIT_OVER_BILLED,
          `${what}: ${decToString(quantity)} credited, bill ${bill.reference} has ${decToString(left)} left to credit`,
        );
      }
    }
    if (received.gt(after.times(qtyTolerance))) {
      add(
        CreditNoteExceptionCode.CREDIT_OVER_RETURNED,
        `${what}: would leave ${decToString(after)} billed for ${decToString(received)} received; only goods sent back are credited`,
      );
    } else if (returnLine) {
      const left = new Decimal(returnLine.creditExpectedQuantity).minus(returnLine.creditedQuantity);
      if (quantity.gt(left.times(qtyTolerance))) {
        add(
          CreditNoteExceptionCode.CREDIT_OVER_RETURNED,
          `${what}: ${decToString(quantity)} credited, return ${supplierReturn!.name} sent back ${decToString(left)} billed and not yet credited`,
        );
      }
    }
    const billedPrice = onBill.length ? new Decimal(onBill[onBill.length - 1].unitPrice) : new Decimal(line.unitPrice);
    const unitPrice = given.unitPrice != null ? new Decimal(given.unitPrice) : billedPrice;
    const difference = unitPrice.minus(billedPrice).abs();
    if (order.currency !== note.currency) {
      add(
        CreditNoteExceptionCode.CURRENCY_MISMATCH,
        `${what}: credited in ${note.currency}, ordered in ${order.currency}`,
      );
    } else if (billedPrice.isZero() ? difference.gt(0) : difference.div(billedPrice).gt(priceTolerance)) {
      add(
        CreditNoteExceptionCode.PRICE_MISMATCH,
        `${what}: credited ${decToString(unitPrice)} per ${lineUom.name}, billed at ${decToString(billedPrice)}`,
      );
    }
    const amount = new Decimal(given.quantity).times(unitPrice).toDecimalPlaces(6);
    total = total.plus(amount);
    sc.em.create(VendorCreditNoteLine, {
      company: note.company,
      creditNote: note,
      purchaseLine: line,
      returnLine,
      product,
      quantity: new Decimal(given.quantity).toFixed(),
      productQuantity: quantity.toFixed(),
      unitPrice: unitPrice.toFixed(),
      amount: amount.toFixed(),
    });
  }
  note.amountTotal = total.toFixed();
  note.exceptionList = exceptions;
  if (exceptions.length) note.state = CreditNoteState.ON_HOLD;
  else await post(sc, note, lineById, ['input', 'creditDate']);
  await sc.em.flush();
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  return note;
}

/** Checks the lines' orders and locks them in id order (as bills and receipts lock them). */
async function lockOrders(
  sc: ServiceContext,
  input: VendorCreditNoteCreateInput,
  supplierId: string,
): Promise<PurchaseOrder[]> {
  const ids = input.lines.map((l) => l.purchaseLineId);
  const rows = await sc.em.execute<{ id: string; order_id: string }[]>(
    `select id, order_id from purchase_order_line where company_id = ? and id in (${ids.map(() => '?').join(', ')})`,
    [sc.companyId, ...ids],
  );
  const orderOf = new Map(rows.map((r) => [r.id, r.order_id]));
  const seen = new Set<string>();
  for (const [index, given] of input.lines.entries()) {
    const field = ['input', 'lines', String(index), 'purchaseLineId'];
    if (!orderOf.has(given.purchaseLineId)) {
      fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no purchase order line ${given.purchaseLineId}`);
    }
    if (seen.has(given.purchaseLineId)) fail(UserErrorCode.INVALID, field, `${field.join('.')}: line given twice`);
    seen.add(given.purchaseLineId);
  }
  const orders: PurchaseOrder[] = [];
  for (const id of [...new Set(orderOf.values())].sort()) {
    const order = await lockPurchaseOrder(sc, id, ['input', 'lines']);
    const index = input.lines.findIndex((l) => orderOf.get(l.purchaseLineId) === id);
    const field = ['input', 'lines', String(index), 'purchaseLineId'];
    if (order.supplier.id !== supplierId) {
      fail(
        UserErrorCode.INVALID,
        field,
        `${field.join('.')}: the line belongs to ${order.name}, an order to another supplier`,
      );
    }
    if (!CREDITABLE.includes(order.state)) {
      fail(
        UserErrorCode.INVALID_STATE,
        field,
        `${field.join('.')}: ${order.name} is ${order.state}; it has nothing billed`,
      );
    }
    orders.push(order);
  }
  return orders;
}

/** Quantity credited by posted credit notes, per order line, of a bill's or a return's credit notes. */
async function creditedPerLine(sc: ServiceContext, of: { bill: string }): Promise<Map<string, Decimal>> {
  const rows = await sc.em.execute<{ purchase_line_id: string; credited: string }[]>(
    `select cl.purchase_line_id, sum(cl.product_quantity) as credited
       from vendor_credit_note c join vendor_credit_note_line cl on cl.credit_note_id = c.id
      where c.bill_id = ? and c.state in ('MATCHED', 'APPROVED')
      group by cl.purchase_line_id`,
    [of.bill],
  );
  return new Map(rows.map((r) => [r.purchase_line_id, new Decimal(r.credited)]));
}

/** Locks a credit note that must still be on hold to be `decided` (approved or rejected). */
async function lockHeldNote(
  sc: ServiceContext,
  id: string,
  field: string[],
  decided: 'approved' | 'rejected',
): Promise<VendorCreditNote> {
  const note = await lockNote(sc, id, field);
  if (note.state !== CreditNoteState.ON_HOLD) {
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `credit note ${note.reference} is ${note.state}; only one on hold is ${decided}`,
    );
  }
  return note;
}

/** Releases a credit note from hold; never by the person who entered it. */
export async function approveCreditNote(
  sc: ServiceContext,
  input: VendorCreditNoteApproveInput,
): Promise<VendorCreditNote> {
  const field = ['input', 'creditNoteId'];
  const note = await lockHeldNote(sc, input.creditNoteId, field, 'approved');
  assertNotCreator(sc, note.createdBy, `credit note ${note.reference}`);
  if (note.bill) {
    await sc.em.execute('select id from vendor_bill where id = ? for update', [note.bill.id]);
    const bill = await sc.em.findOneOrFail(VendorBill, { id: note.bill.id }, { refresh: true });
    if (!isPosted(bill.state)) {
      fail(
        UserErrorCode.CONFLICT,
        field,
        `credit note ${note.reference}: bill ${bill.reference} was ${bill.state} meanwhile; reject the credit note`,
      );
    }
  }
  const orders = await lockOrdersOf(sc, note, field);
  const lineById = new Map(orders.flatMap((o) => o.lines.getItems().map((l) => [l.id, l] as const)));
  const lines = await sc.em.find(
    VendorCreditNoteLine,
    { creditNote: note },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  lines.forEach((creditLine, index) => {
    const line = lineById.get(creditLine.purchaseLine.id)!;
    // Whatever the approver accepted, a credit never takes billed below zero: that would pay twice.
    if (new Decimal(creditLine.productQuantity).gt(line.billedQuantity)) {
      fail(
        UserErrorCode.CONFLICT,
        field,
        `credit note ${note.reference} line ${index + 1}: ${decToString(creditLine.productQuantity)} credited, ${decToString(line.billedQuantity)} billed now (bills were cancelled or credited meanwhile); reject it`,
      );
    }
  });
  note.state = CreditNoteState.APPROVED;
  note.approvedBy = sc.actor;
  note.approvedAt = new Date();
  await post(sc, note, lineById, field);
  await sc.em.flush();
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  return note;
}

/** Refuses a credit note on hold: nothing was posted. */
export async function rejectCreditNote(
  sc: ServiceContext,
  input: VendorCreditNoteRejectInput,
): Promise<VendorCreditNote> {
  const field = ['input', 'creditNoteId'];
  const note = await lockHeldNote(sc, input.creditNoteId, field, 'rejected');
  const orders = await lockOrdersOf(sc, note, field);
  note.state = CreditNoteState.REJECTED;
  note.rejectedBy = sc.actor;
  note.rejectReason = input.reason;
  await sc.em.flush();
  for (const order of orders) await closeIfBilled(sc, order);
  await sc.em.flush();
  return note;
}

async function lockNote(sc: ServiceContext, id: string, field: string[]): Promise<VendorCreditNote> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no credit note ${id}`);
  await sc.em.execute('select id from vendor_credit_note where id = ? and company_id = ? for update', [
    id,
    sc.companyId,
  ]);
  const note = await sc.em.findOne(VendorCreditNote, { id, company: sc.companyId }, { refresh: true });
  if (!note) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no credit note ${id}`);
  return note;
}

async function lockOrdersOf(sc: ServiceContext, note: VendorCreditNote, field: string[]): Promise<PurchaseOrder[]> {
  const rows = await sc.em.execute<{ order_id: string }[]>(
    `select distinct pl.order_id from vendor_credit_note_line cl
       join purchase_order_line pl on pl.id = cl.purchase_line_id where cl.credit_note_id = ? order by 1`,
    [note.id],
  );
  const orders = [];
  for (const { order_id } of rows) orders.push(await lockPurchaseOrder(sc, order_id, field));
  return orders;
}

/**
 * Posts a credit note: its quantities stop counting as billed, the returns waiting for it are
 * credited (its own return first, then the line's oldest), and the books post it. A note or
 * order in a foreign currency is converted at the rate of the note date (EXCHANGE_RATE_MISSING
 * on `field` without one); GR/IR is credited with what the returns it credits debited it with
 * (their receipts' cost in the company currency), so GR/IR stays received - billed at cost.
 */
async function post(
  sc: ServiceContext,
  note: VendorCreditNote,
  lineById: Map<string, PurchaseOrderLine>,
  field: string[],
): Promise<void> {
  note.postedAt = new Date();
  await sc.em.flush();
  const lines = await sc.em.find(
    VendorCreditNoteLine,
    { creditNote: note },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const noteRate = await exchangeRateOn(sc.em, sc.companyId, note.currency, note.creditDate, field);
  const companyCurrency = noteRate.companyCurrency;
  const foreign =
    note.currency !== companyCurrency ||
    lines.some((l) => lineById.get(l.purchaseLine.id)!.order.getEntity().currency !== companyCurrency);
  const perProductUnit = (amount: Decimal.Value, quantity: Decimal.Value) =>
    new Decimal(quantity).isZero() ? '0' : new Decimal(amount).div(quantity).toDecimalPlaces(6).toFixed();
  const posting: VendorCreditNotePosting['lines'] = [];
  const grni = new GrniClearing(sc, { creditNoteId: note.id });
  for (const creditLine of lines) {
    const line = lineById.get(creditLine.purchaseLine.id)!;
    line.billedQuantity = new Decimal(line.billedQuantity).minus(creditLine.productQuantity).toFixed();
    const waiting = await sc.em.find(
      SupplierReturnLine,
      { purchaseLine: line },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const own = creditLine.returnLine?.id;
    waiting.sort((a, b) => Number(b.id === own) - Number(a.id === own));
    let left = new Decimal(creditLine.productQuantity);
    let returnedValue = new Decimal(0);
    for (const returnLine of waiting) {
      const open = new Decimal(returnLine.creditExpectedQuantity).minus(returnLine.creditedQuantity);
      const take = Decimal.min(left, open);
      if (!take.gt(0)) continue;
      returnLine.creditedQuantity = new Decimal(returnLine.creditedQuantity).plus(take).toFixed();
      returnedValue = returnedValue.plus(money(take.times(returnLine.unitCost)));
      left = left.minus(take);
    }
    const orderUnit = perProductUnit(new Decimal(line.unitPrice).times(line.quantity), line.productQuantity);
    const entry: VendorCreditNotePosting['lines'][number] = {
      productId: creditLine.product.id,
      quantity: creditLine.productQuantity,
      creditedUnitPrice: perProductUnit(creditLine.amount, creditLine.productQuantity),
      receivedUnitCost: orderUnit,
    };
    if (foreign) {
      const orderCurrency = line.order.getEntity().currency;
      const orderRate = await exchangeRateOn(sc.em, sc.companyId, orderCurrency, note.creditDate, field);
      const quantity = new Decimal(creditLine.productQuantity);
      const orderedAtNoteRate = money(quantity.times(orderUnit).times(orderRate.rate));
      // Credited beyond the returns waiting for a credit (within the tolerances): goods kept and
      // un-billed, back in GR/IR at what they were received at; none received, at the order price
      // of the note date.
      const receiptCost = left.gt(0) ? await receiptUnitCostOf(sc, line.id) : null;
      const rest = quantity.isZero()
        ? new Decimal(0)
        : receiptCost
          ? money(receiptCost.times(left))
          : money(orderedAtNoteRate.times(left).div(quantity));
      // GR/IR by its one rule (grni-share.ts): un-billing goods sent back takes back exactly what
      // their return left open, whatever rates they came in at; beyond, what the returns debited.
      entry.companyAmounts = {
        received: await grni.move(line.id, quantity, returnedValue.plus(rest)),
        orderedAtNoteRate,
        credited: money(new Decimal(creditLine.amount).times(noteRate.rate)),
      };
    }
    posting.push(entry);
  }
  await sc.em.flush();
  await creditNotePosted(sc, {
    creditNoteId: note.id,
    reference: note.reference,
    partnerId: note.supplier.id,
    billId: note.bill?.id ?? null,
    date: note.creditDate,
    lines: posting,
    foreign: foreign ? { amountTotal: new Decimal(note.amountTotal), rate: noteRate.rate } : undefined,
  });
}

/** Amount credited by posted credit notes, per bill: what lowers the bills' amount due. */
export async function creditedAmounts(sc: ServiceContext, billIds: readonly string[]): Promise<Map<string, Decimal>> {
  const result = new Map<string, Decimal>(billIds.map((id) => [id, new Decimal(0)]));
  if (billIds.length === 0) return result;
  const rows = await sc.em.execute<{ bill_id: string; credited: string }[]>(
    `select bill_id, sum(amount_total) as credited from vendor_credit_note
      where bill_id in (${billIds.map(() => '?').join(', ')}) and state in ('MATCHED', 'APPROVED')
      group by bill_id`,
    [...billIds],
  );
  for (const r of rows) result.set(r.bill_id, new Decimal(r.credited));
  return result;
}

export async function findCreditNote(sc: ServiceContext, id: string): Promise<VendorCreditNote | null> {
  return isUuid(id) ? sc.em.findOne(VendorCreditNote, { id, company: sc.companyId }) : null;
}

export async function listCreditNotes(sc: ServiceContext, filter: VendorCreditNoteFilter | undefined, page: PageArgs) {
  const where: FilterQuery<VendorCreditNote> = { company: sc.companyId };
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  if (filter?.billId) where.bill = isUuid(filter.billId) ? filter.billId : null;
  return paginate(sc.em, VendorCreditNote, where, { createdAt: 'desc' }, page);
}
