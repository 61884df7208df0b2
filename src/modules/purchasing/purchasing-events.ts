import { decToString } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import type { Transfer } from '../inventory/transfer.entity';
import type { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import type { VendorBill, VendorBillLine } from './vendor-bill.entity';

// Purchasing events in the stock event stream (issue 22): staged in the purchasing change's own
// transaction and numbered at commit with the company's sequence, after the stock events of the
// same commit (migrations/Migration20261207055000PurchasingEvents). Webhooks and the
// purchasingChanged subscription read them like every other event: at least once, in order,
// nothing of a rolled-back change. The payload is built here, from the documents as the change
// leaves them; every decimal is a string.

/** What happened. The webhook topics and the GraphQL enum PurchasingEventType have the same names. */
export type PurchasingEventName = 'PURCHASE_ORDER_CONFIRMED' | 'PURCHASE_ORDER_RECEIVED' | 'VENDOR_BILL_HELD';

export interface PurchasingEventOrderData {
  id: string;
  name: string;
  state: string;
  warehouseId: string;
  warehouseCode: string;
  currency: string;
  amountTotal: string;
}

export interface PurchasingEventLineData {
  purchaseLineId: string;
  purchaseOrderId: string;
  purchaseOrderName: string;
  lineNumber: number;
  productId: string;
  sku: string;
  /** This event's quantity in the product's unit: ordered (confirmed), received by the receipt, billed by the bill. */
  quantity: string;
  orderedQuantity: string;
  /** Received on the line in all, after this event. */
  receivedQuantity: string;
  /** The order's price per line unit (confirmed, received) or the billed one (bill held). */
  unitPrice: string;
  expectedDate: string | null;
}

/** The payload stored with the event (stock_event.payload) and sent as a webhook's `data` (with sequence, committedAt). */
export interface PurchasingEventData {
  event: PurchasingEventName;
  /** The document's own name: the order's, or the bill's reference. */
  reference: string;
  supplierId: string;
  supplierCode: string;
  purchaseOrders: PurchasingEventOrderData[];
  receipt: { id: string; name: string; closedShort: boolean } | null;
  vendorBill: {
    id: string;
    reference: string;
    state: string;
    currency: string;
    amountTotal: string;
    billDate: string;
    exceptions: { lineIndex: number; purchaseLineId: string; code: string; message: string }[];
  } | null;
  lines: PurchasingEventLineData[];
}

interface Staged {
  data: PurchasingEventData;
  warehouseId: string | null;
  entityId: string;
  causeKind: 'PURCHASE_ORDER' | 'VENDOR_BILL';
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function orderData(order: PurchaseOrder): PurchasingEventOrderData {
  const warehouse = order.warehouse.getEntity();
  return {
    id: order.id,
    name: order.name,
    state: order.state,
    warehouseId: warehouse.id,
    warehouseCode: warehouse.code,
    currency: order.currency,
    amountTotal: decToString(order.amountTotal),
  };
}

function lineData(line: PurchaseOrderLine, quantity: string, unitPrice = line.unitPrice): PurchasingEventLineData {
  const order = line.order.getEntity();
  const product = line.product.getEntity();
  return {
    purchaseLineId: line.id,
    purchaseOrderId: order.id,
    purchaseOrderName: order.name,
    lineNumber: line.sequence,
    productId: product.id,
    sku: product.sku,
    quantity: decToString(quantity),
    orderedQuantity: decToString(line.productQuantity),
    receivedQuantity: decToString(line.receivedQuantity),
    unitPrice: decToString(unitPrice),
    expectedDate: iso(line.expectedDate),
  };
}

function orderEvent(event: PurchasingEventName, order: PurchaseOrder, lines: PurchasingEventLineData[]): Staged {
  const supplier = order.supplier.getEntity();
  return {
    data: {
      event,
      reference: order.name,
      supplierId: supplier.id,
      supplierCode: supplier.code,
      purchaseOrders: [orderData(order)],
      receipt: null,
      vendorBill: null,
      lines,
    },
    warehouseId: order.warehouse.id,
    entityId: order.id,
    causeKind: 'PURCHASE_ORDER',
  };
}

/** An order became CONFIRMED (confirmed under the approval threshold, or approved): its lines are incoming. */
export function orderConfirmed(order: PurchaseOrder): Staged {
  const lines = order.lines.getItems().map((l) => lineData(l, l.productQuantity));
  return orderEvent('PURCHASE_ORDER_CONFIRMED', order, lines);
}

/**
 * Goods were received on an order (each receipt; `closeShort` closes the rest): the lines this
 * receipt received, with the quantity it received (product unit); the order's state says whether
 * it is now fully received.
 */
export function orderReceived(
  order: PurchaseOrder,
  receipt: Transfer | null,
  received: ReadonlyMap<PurchaseOrderLine, { toFixed(): string }>,
  closedShort: boolean,
): Staged {
  const lines = [...received].map(([line, quantity]) => lineData(line, quantity.toFixed()));
  const staged = orderEvent('PURCHASE_ORDER_RECEIVED', order, lines);
  staged.data.receipt = receipt ? { id: receipt.id, name: receipt.name, closedShort } : null;
  return staged;
}

/** A vendor bill failed the three-way match and waits ON_HOLD, with its exceptions. */
export function billHeld(bill: VendorBill, lines: readonly VendorBillLine[]): Staged {
  const supplier = bill.supplier.getEntity();
  const orders = new Map<string, PurchaseOrder>();
  for (const l of lines) {
    const order = l.purchaseLine.getEntity().order.getEntity();
    orders.set(order.id, order);
  }
  const list = [...orders.values()].sort((a, b) => a.name.localeCompare(b.name));
  return {
    data: {
      event: 'VENDOR_BILL_HELD',
      reference: bill.reference,
      supplierId: supplier.id,
      supplierCode: supplier.code,
      purchaseOrders: list.map(orderData),
      receipt: null,
      vendorBill: {
        id: bill.id,
        reference: bill.reference,
        state: bill.state,
        currency: bill.currency,
        amountTotal: decToString(bill.amountTotal),
        billDate: iso(bill.billDate)!,
        exceptions: bill.exceptionList.map((e) => ({ ...e })),
      },
      lines: lines
        .map((l) => lineData(l.purchaseLine.getEntity(), l.productQuantity, l.unitPrice))
        .sort((a, b) => a.purchaseOrderName.localeCompare(b.purchaseOrderName) || a.lineNumber - b.lineNumber),
    },
    warehouseId: list.length === 1 ? list[0].warehouse.id : null,
    entityId: bill.id,
    causeKind: 'VENDOR_BILL',
  };
}

/**
 * Records a purchasing event in the current transaction: it is published at commit, numbered
 * in the company's event stream, or never if the transaction rolls back. Call it once the
 * documents are in the state the event reports.
 */
export async function recordPurchasingEvent(sc: ServiceContext, staged: Staged): Promise<void> {
  await sc.em.execute('select stock_event_stage_purchasing(?, ?, ?, ?, ?, ?::jsonb)', [
    sc.companyId,
    staged.warehouseId,
    staged.entityId,
    staged.causeKind,
    staged.entityId,
    JSON.stringify(staged.data),
  ]);
}
