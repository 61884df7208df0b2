import type { FilterQuery } from '@mikro-orm/core';
import { Decimal, decToString } from '../../db/decimal';
import { DomainError, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import { locationIn, toProductQuantity, virtualLocation } from '../inventory/inventory.lookup';
import { Location } from '../inventory/location.entity';
import { LocationType, ON_HAND_TYPES } from '../inventory/location-type.enum';
import { postMoves } from '../inventory/stock-ledger.service';
import { StockMove } from '../inventory/stock-move.entity';
import { buildMove } from '../inventory/stock-moves';
import { operationName } from '../inventory/transfer.service';
import type { Warehouse } from '../inventory/warehouse.entity';
import type { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { closeIfBilled, lineOf, lockPurchaseOrder } from './purchase-order.service';
import { PurchaseOrderState } from './purchasing.enums';
import type { PurchaseOrderReturnInput, SupplierReturnFilter } from './supplier-return.inputs';
import { ReturnCreditStatus, SupplierReturn, SupplierReturnLine, SupplierReturnMove } from './supplier-return.entity';

// Goods of a purchase order sent back to the supplier (purchaseOrderReturn), as Odoo returns a
// receipt: out through the stock ledger from the receipt's own moves, valued at their cost, and
// taken off the order line's received quantity so that the three-way match stops billing them.

/** Orders whose received goods may go back. */
const RETURNABLE: readonly PurchaseOrderState[] = [
  PurchaseOrderState.CONFIRMED,
  PurchaseOrderState.PARTIALLY_RECEIVED,
  PurchaseOrderState.RECEIVED,
  PurchaseOrderState.BILLED,
];

/** A done receipt move of an order line and what of it has not gone back yet. */
interface ReceiptPiece {
  lineId: string;
  moveId: string;
  lot: string;
  unitCost: string | null;
  destinationId: string;
  returnable: Decimal;
}

export interface ReturnResult {
  supplierReturn: SupplierReturn;
  purchaseOrder: PurchaseOrder;
}

/**
 * Sends goods of an order back to its supplier. Under the order's lock (so concurrent returns
 * and receipts of a line run one after the other and can never send back more than was
 * received), for each line: the quantity is split over the line's receipt moves, newest first
 * (what is left of each after earlier returns), one move per piece from the receipt's
 * destination (or `locationId`) to the supplier, carrying the receipt move as its origin; the
 * ledger posts them (quants, valuation at the receipt's cost, GR/IR). The line's received
 * quantity drops; what was billed already beyond what stays received is expected on a credit note.
 */
export async function returnToSupplier(sc: ServiceContext, input: PurchaseOrderReturnInput): Promise<ReturnResult> {
  const orderField = ['input', 'purchaseOrderId'];
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId, orderField);
  if (!RETURNABLE.includes(order.state)) {
    fail(UserErrorCode.INVALID_STATE, orderField, `${order.name} is ${order.state}; it has no goods to send back`);
  }
  const warehouse = order.warehouse.getEntity() as Warehouse;
  const lines = input.lines.map((given, index) => {
    const path = ['input', 'lines', String(index)];
    return { given, path, line: lineOf(order, given.lineId, [...path, 'lineId']) };
  });
  const seen = new Set<string>();
  for (const { line, path } of lines) {
    if (seen.has(line.id)) fail(UserErrorCode.INVALID, [...path, 'lineId'], `${path.join('.')}: line given twice`);
    seen.add(line.id);
  }
  const pieces = await receiptPieces(
    sc,
    lines.map((l) => l.line),
  );
  const supplierLocation = await virtualLocation(sc, LocationType.SUPPLIER);
  const name = operationName(warehouse.code, 'RTS');
  const now = new Date();
  const supplierReturn = sc.em.create(SupplierReturn, {
    company: sc.em.getReference(Company, sc.companyId),
    name,
    order,
    supplier: order.supplier,
    reason: input.reason.trim(),
    returnDate: now,
    createdBy: sc.actor,
  });

  const moves: StockMove[] = [];
  const fieldOfMove = new Map<StockMove, string[]>();
  const returned: { line: PurchaseOrderLine; returnLine: SupplierReturnLine; quantity: Decimal }[] = [];
  const lineOfOrigin = new Map<string, SupplierReturnLine>();
  for (const { given, path, line } of lines) {
    const product = line.product.getEntity();
    const { quantity } = await toProductQuantity(sc, product, given.quantity, given.uomId ?? line.uom.id, path);
    const received = new Decimal(line.receivedQuantity);
    if (quantity.gt(received)) {
      throw new DomainError(
        UserErrorCode.OVER_RETURN,
        [...path, 'quantity'],
        `${path.join('.')}.quantity: ${decToString(quantity)} ${product.sku} cannot go back on line ${line.sequence} of ${order.name}: ${decToString(received)} received (after earlier returns)`,
        decToString(received),
      );
    }
    const location = given.locationId
      ? await locationIn(sc, given.locationId, warehouse, [...path, 'locationId'])
      : null;
    if (location && !ON_HAND_TYPES.includes(location.type)) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'locationId'],
        `${path.join('.')}.locationId: ${location.fullName} holds no physical stock`,
      );
    }
    const returnLine = sc.em.create(SupplierReturnLine, {
      company: supplierReturn.company,
      supplierReturn,
      purchaseLine: line,
      product,
      productQuantity: quantity.toFixed(),
      unitCost: '0',
    });
    let need = quantity;
    let cost = new Decimal(0);
    for (const piece of pieces.filter((p) => p.lineId === line.id)) {
      if (need.isZero()) break;
      const take = Decimal.min(need, piece.returnable);
      if (!take.gt(0)) continue;
      const source =
        location ?? (await sc.em.findOneOrFail(Location, { id: piece.destinationId }, { populate: ['warehouse'] }));
      const move = buildMove(sc, {
        product,
        quantity: take,
        requestedQuantity: take.toFixed(),
        requestedUom: product.uom,
        source,
        destination: supplierLocation,
        lot: piece.lot,
        reasonCode: 'SUPPLIER_RETURN',
        reference: name,
        referenceDocumentUri: `purchase-order:${order.name}`,
        unitCost: piece.unitCost,
      });
      move.originMove = sc.em.getReference(StockMove, piece.moveId, { wrapped: true });
      moves.push(move);
      fieldOfMove.set(move, [...path, 'quantity']);
      lineOfOrigin.set(piece.moveId, returnLine);
      cost = cost.plus(
        take.times(piece.unitCost ?? new Decimal(line.unitPrice).times(line.quantity).div(line.productQuantity)),
      );
      need = need.minus(take);
    }
    if (need.gt(0)) {
      // The receipts of the line hold less than its received quantity: goods received outside purchaseOrderReceive.
      throw new DomainError(
        UserErrorCode.OVER_RETURN,
        [...path, 'quantity'],
        `${path.join('.')}.quantity: the receipts of line ${line.sequence} of ${order.name} hold ${decToString(quantity.minus(need))} that can still go back`,
        decToString(quantity.minus(need)),
      );
    }
    returnLine.unitCost = cost.div(quantity).toDecimalPlaces(6).toFixed();
    returned.push({ line, returnLine, quantity });
  }
  await sc.em.flush();
  // The one writer of quants; the books value the moves in this transaction (at the receipt's cost).
  await postMoves(sc, moves, { fieldOf: (m) => fieldOfMove.get(m) ?? null, at: now });

  // The ledger may have split a move over the bins holding the goods: link every piece.
  const posted = await sc.em.find(StockMove, {
    company: sc.companyId,
    reference: name,
    originMove: { $in: [...lineOfOrigin.keys()] },
  });
  for (const move of posted) {
    sc.em.create(SupplierReturnMove, {
      company: supplierReturn.company,
      line: lineOfOrigin.get(move.originMove!.id)!,
      move,
    });
  }

  const outstanding = await outstandingCredits(
    sc,
    returned.map((r) => r.line.id),
  );
  let toCredit = false;
  for (const { line, returnLine, quantity } of returned) {
    const receivedAfter = new Decimal(line.receivedQuantity).minus(quantity);
    line.receivedQuantity = receivedAfter.toFixed();
    // Billed beyond what stays received, less what earlier returns already expect to be credited.
    const expected = Decimal.max(
      0,
      Decimal.min(quantity, new Decimal(line.billedQuantity).minus(receivedAfter).minus(outstanding.get(line.id) ?? 0)),
    );
    returnLine.creditExpectedQuantity = expected.toFixed();
    if (expected.gt(0)) toCredit = true;
  }
  // A closed order opens again until the credit note comes.
  if (toCredit && order.state === PurchaseOrderState.BILLED) order.state = PurchaseOrderState.RECEIVED;
  await sc.em.flush();
  await closeIfBilled(sc, order);
  await sc.em.flush();
  return { supplierReturn, purchaseOrder: order };
}

/** Done receipt moves of the lines, newest first, with what earlier returns left of each. */
async function receiptPieces(sc: ServiceContext, lines: PurchaseOrderLine[]): Promise<ReceiptPiece[]> {
  const rows = await sc.em.execute<
    {
      line_id: string;
      move_id: string;
      lot: string;
      unit_cost: string | null;
      destination_id: string;
      returnable: string;
    }[]
  >(
    `select plm.line_id, m.id as move_id, m.lot, m.unit_cost, m.destination_id,
            m.quantity - coalesce((select sum(r.quantity) from stock_move r
                                    where r.origin_move_id = m.id and r.state = 'DONE'), 0) as returnable
       from purchase_line_move plm
       join stock_move m on m.id = plm.move_id
       join location s on s.id = m.source_id
      where plm.line_id in (${lines.map(() => '?').join(', ')}) and m.state = 'DONE' and s.type = 'SUPPLIER'
      order by m.effective_date desc, m.id desc`,
    lines.map((l) => l.id),
  );
  return rows.map((r) => ({
    lineId: r.line_id,
    moveId: r.move_id,
    lot: r.lot,
    unitCost: r.unit_cost,
    destinationId: r.destination_id,
    returnable: new Decimal(r.returnable),
  }));
}

/** Per order line: quantity earlier returns expect on a credit note and no posted credit note has credited yet. */
export async function outstandingCredits(sc: ServiceContext, lineIds: string[]): Promise<Map<string, Decimal>> {
  const result = new Map<string, Decimal>();
  if (lineIds.length === 0) return result;
  const rows = await sc.em.execute<{ purchase_line_id: string; open: string }[]>(
    `select purchase_line_id, sum(credit_expected_quantity - credited_quantity) as open
       from supplier_return_line where purchase_line_id in (${lineIds.map(() => '?').join(', ')})
      group by purchase_line_id`,
    lineIds,
  );
  for (const r of rows) result.set(r.purchase_line_id, new Decimal(r.open));
  return result;
}

/** Whether a return still waits for its credit note, and how much of it. */
export function creditStatusOf(lines: SupplierReturnLine[]): ReturnCreditStatus {
  const expected = lines.reduce((s, l) => s.plus(l.creditExpectedQuantity), new Decimal(0));
  const credited = lines.reduce((s, l) => s.plus(l.creditedQuantity), new Decimal(0));
  if (expected.isZero()) return ReturnCreditStatus.NOTHING_TO_CREDIT;
  return credited.gte(expected) ? ReturnCreditStatus.CREDITED : ReturnCreditStatus.TO_CREDIT;
}

export async function findSupplierReturn(sc: ServiceContext, id: string): Promise<SupplierReturn | null> {
  return isUuid(id) ? sc.em.findOne(SupplierReturn, { id, company: sc.companyId }) : null;
}

export async function listSupplierReturns(
  sc: ServiceContext,
  filter: SupplierReturnFilter | undefined,
  page: PageArgs,
) {
  const where: FilterQuery<SupplierReturn> = { company: sc.companyId };
  if (filter?.purchaseOrderId) where.order = isUuid(filter.purchaseOrderId) ? filter.purchaseOrderId : null;
  if (filter?.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  return paginate(sc.em, SupplierReturn, where, { createdAt: 'desc' }, page);
}

/**
 * Registered with inventory (supplier-return-guard.ts): goods of a product received on purchase
 * orders of the warehouse (and not all sent back yet) go back with purchaseOrderReturn, which ties
 * them to their order line, not with the untied RETURN_TO_SUPPLIER disposition (it credited the
 * warehouse's oldest layer and left the order billing what went back). Goods that came in on
 * plain receipts only keep the untied path.
 */
export async function refuseUntiedSupplierReturn(
  sc: ServiceContext,
  goods: { productId: string; sku: string; warehouseId: string; warehouseCode: string; field: string[] },
): Promise<void> {
  const [found] = await sc.em.execute<{ orders: string | null }[]>(
    `select string_agg(distinct o.name, ', ' order by o.name) as orders
       from purchase_order_line l join purchase_order o on o.id = l.order_id
      where l.company_id = ? and l.product_id = ? and o.warehouse_id = ? and l.received_quantity > 0`,
    [sc.companyId, goods.productId, goods.warehouseId],
  );
  if (found?.orders) {
    fail(
      UserErrorCode.RETURN_ON_ORDER,
      goods.field,
      `${goods.field.join('.')}: ${goods.sku} was received at ${goods.warehouseCode} on purchase orders (${found.orders}); send it back with purchaseOrderReturn(input: { purchaseOrderId, lines: [{ lineId, quantity, locationId }] }) so the order line stops billing it and it leaves at its receipt cost`,
    );
  }
}
