import { Decimal, decToString } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import { exchangeRateOn } from '../currency';
import type { Product } from '../catalog/product.entity';
import { MoveState } from '../inventory/inventory.enums';
import type { TransferValidateLineInput } from '../inventory/inventory.inputs';
import { checkTracking, toProductQuantity } from '../inventory/inventory.lookup';
import type { StockMove } from '../inventory/stock-move.entity';
import { piecesOf, splitMove } from '../inventory/stock-moves';
import type { Transfer } from '../inventory/transfer.entity';
import { cancelTransfer, validateTransfer } from '../inventory/transfer.service';
import { PurchaseLineMove, type PurchaseOrder, type PurchaseOrderLine } from './purchase-order.entity';
import {
  assertState,
  closeIfBilled,
  lineOf,
  lockPurchaseOrder,
  OPEN_STATES,
  ORDER_FIELD,
} from './purchase-order.service';
import { PurchaseOrderState } from './purchasing.enums';
import type { PurchaseOrderReceiveInput } from './purchasing.inputs';
import { orderReceived, recordPurchasingEvent } from './purchasing-events';
import { link, openMoves } from './receipt-moves';
import { purchasingSettings } from './supplier.service';

// Receiving goods on a purchase order (purchaseOrderReceive): over-receipt checks, serial and lot
// pieces, the receipt transfer's validation and the order's received quantities and state.

export interface ReceiveResult {
  purchaseOrder: PurchaseOrder;
  receipt: Transfer | null;
  backorder: Transfer | null;
}

/**
 * Receives goods on an order: the lines' open receipt moves are validated for the quantities
 * given (the rest goes to a backorder, or is cancelled with closeShort). Each line's open move
 * is split here first (received piece(s) + remainder, each linked to the line), so the
 * transfer validation never has to split a move and every move keeps its order line.
 */
export async function receivePurchaseOrder(
  sc: ServiceContext,
  input: PurchaseOrderReceiveInput,
): Promise<ReceiveResult> {
  const order = await lockPurchaseOrder(sc, input.purchaseOrderId);
  assertState(order, OPEN_STATES, 'received');
  if (input.closeShort && !input.reason) {
    fail(UserErrorCode.INVALID, ['input', 'reason'], 'input.reason: say why the rest of the order is closed');
  }
  if (input.lines.length === 0 && !input.closeShort) {
    fail(UserErrorCode.INVALID, ['input', 'lines'], 'input.lines: nothing received');
  }
  const settings = await purchasingSettings(sc);
  const tolerance = new Decimal(settings.overReceiptTolerancePercent).div(100);
  const lines = order.lines.getItems();
  const open = await openMoves(sc, lines);
  const transferIds = new Set([...open.values()].flat().map((m) => m.transfer!.id));
  if (transferIds.size > 1) {
    fail(
      UserErrorCode.INVALID_STATE,
      ORDER_FIELD,
      `${order.name}: its open receipt was split outside purchasing; validate those transfers directly`,
    );
  }
  const [transferId] = [...transferIds];
  // The receipt date's rate values a foreign order's goods (stock and GRNI) in the company currency.
  const receivedAt = new Date();

  const validate: TransferValidateLineInput[] = [];
  /** Input line index of each validation line, to name the right field in errors. */
  const inputIndex: number[] = [];
  const received = new Map<PurchaseOrderLine, Decimal>();
  for (const [index, given] of input.lines.entries()) {
    const path = ['input', 'lines', String(index)];
    const line = lineOf(order, given.lineId, [...path, 'lineId']);
    if (received.has(line)) fail(UserErrorCode.INVALID, [...path, 'lineId'], `${path.join('.')}: line given twice`);
    const product = line.product.getEntity();
    const { quantity } = await toProductQuantity(sc, product, given.quantity, given.uomId ?? line.uom.id, path);
    const ordered = new Decimal(line.productQuantity);
    const before = new Decimal(line.receivedQuantity);
    const allowed = ordered.times(tolerance.plus(1));
    if (before.plus(quantity).gt(allowed)) {
      throw new DomainError(
        UserErrorCode.OVER_RECEIPT,
        [...path, 'quantity'],
        `${path.join('.')}.quantity: ${decToString(quantity)} ${product.sku} would make ${decToString(before.plus(quantity))} received of ${decToString(ordered)} ordered; at most ${decToString(Decimal.max(0, allowed.minus(before)))} more (over-receipt tolerance ${decToString(settings.overReceiptTolerancePercent)}%)`,
        decToString(Decimal.max(0, allowed.minus(before))),
      );
    }
    const moves = open.get(line.id) ?? [];
    if (moves.length === 0) {
      fail(
        UserErrorCode.INVALID_STATE,
        [...path, 'lineId'],
        `${path.join('.')}: nothing is open on line ${line.sequence}`,
      );
    }
    const { rate, companyCurrency } = await exchangeRateOn(
      sc.em,
      sc.companyId,
      order.currency,
      receivedAt,
      ORDER_FIELD,
    );
    const unitCost = order.currency === companyCurrency ? null : companyUnitCost(line, rate);
    for (const piece of splitForReceipt(sc, line, product, moves[0], quantity, given, path, unitCost)) {
      validate.push(piece);
      inputIndex.push(index);
    }
    received.set(line, quantity);
  }
  await sc.em.flush();

  let receipt: Transfer | null = null;
  let backorder: Transfer | null = null;
  if (validate.length > 0) {
    try {
      ({ transfer: receipt, backorder } = await validateTransfer(
        sc,
        { transferId, lines: validate, createBackorder: !input.closeShort },
        'validate',
        { asOwner: true },
      ));
    } catch (error) {
      throw renameLineFields(error, inputIndex);
    }
  } else if (transferId) {
    await cancelTransfer(sc, transferId, { asOwner: true });
  }

  for (const [line, quantity] of received) {
    line.receivedQuantity = new Decimal(line.receivedQuantity).plus(quantity).toFixed();
  }
  if (input.closeShort) {
    order.reason = input.reason ?? null;
    for (const line of lines) {
      if (new Decimal(line.receivedQuantity).lt(line.productQuantity)) line.closedShort = true;
    }
    const closed = await sc.em.find(
      PurchaseLineMove,
      { line: { $in: lines }, move: { state: MoveState.CANCELLED } },
      {
        populate: ['move'],
      },
    );
    for (const l of closed) l.move.getEntity().reasonCode ??= 'CLOSED_SHORT';
  }
  const complete = lines.every((l) => l.closedShort || new Decimal(l.receivedQuantity).gte(l.productQuantity));
  order.state = complete ? PurchaseOrderState.RECEIVED : PurchaseOrderState.PARTIALLY_RECEIVED;
  await closeIfBilled(sc, order);
  await recordPurchasingEvent(sc, orderReceived(order, receipt, received, !!input.closeShort));
  await sc.em.flush();
  return { purchaseOrder: order, receipt, backorder };
}

/**
 * A foreign order line's cost per product unit in the company currency at `rate` (the receipt
 * date's): price x ordered quantity / product quantity x rate, to the 6 decimals of a move's
 * unit cost. The receipt values the goods (and credits GRNI) at quantity x this, to the cent.
 */
function companyUnitCost(line: PurchaseOrderLine, rate: Decimal): string {
  return new Decimal(line.unitPrice)
    .times(line.quantity)
    .times(rate)
    .div(line.productQuantity)
    .toDecimalPlaces(6)
    .toFixed();
}

/**
 * Turns the line's open move into the received piece(s) (one per serial number) and a
 * remainder, all linked to the line (splitMove, shared with transfers), and returns what to validate.
 */
function splitForReceipt(
  sc: ServiceContext,
  line: PurchaseOrderLine,
  product: Product,
  move: StockMove,
  quantity: Decimal,
  given: { lot?: string; serials?: string[] },
  path: string[],
  unitCost: string | null,
): TransferValidateLineInput[] {
  const serial = product.tracking === ProductTracking.SERIAL;
  const serials = serial ? (given.serials ?? []) : null;
  const lot = given.lot ?? '';
  if (serials) {
    if (!quantity.eq(serials.length)) {
      fail(
        serials.length ? UserErrorCode.INVALID : UserErrorCode.LOT_REQUIRED,
        [...path, 'serials'],
        `${path.join('.')}.serials: ${product.sku} needs one serial number per unit: ${serials.length} for ${decToString(quantity)}`,
      );
    }
    if (new Set(serials).size !== serials.length) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'serials'],
        `${path.join('.')}.serials: the same serial number appears twice`,
      );
    }
  } else {
    if (given.serials?.length) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'serials'],
        `${path.join('.')}.serials: ${product.sku} is not serial-tracked`,
      );
    }
    checkTracking(product, quantity, lot, path);
  }
  const pieces = piecesOf(quantity, lot, serials);
  const split = splitMove(sc, move.transfer!.getEntity(), move, pieces);
  // The received pieces only: the remainder keeps the order price until its own receipt converts it.
  if (unitCost != null) for (const piece of split.pieces) piece.unitCost = unitCost;
  for (const piece of split.pieces) if (piece !== move) link(sc, line, piece);
  if (split.remainder) link(sc, line, split.remainder);
  return pieces.map((piece, i) => ({
    moveId: split.pieces[i].id,
    quantity: piece.quantity.toFixed(),
    ...(serial ? { serials: [piece.lot] } : { lot: piece.lot || undefined }),
  }));
}

/** Errors of the transfer validation name its own line index; give them the receipt input's. */
function renameLineFields(error: unknown, inputIndex: number[]): unknown {
  const rename = (e: DomainError) => {
    const f = e.field;
    if (!f || f[0] !== 'input' || f[1] !== 'lines' || f.length < 3) return e;
    const mapped = inputIndex[Number(f[2])];
    if (mapped === undefined) return e;
    const field = ['input', 'lines', String(mapped), ...f.slice(3).filter((p) => p !== 'moveId')];
    return new DomainError(
      e.code,
      field,
      e.message.replace(/input\.lines\.\d+/g, `input.lines.${mapped}`),
      e.quantityAvailable,
    );
  };
  if (error instanceof DomainError) return rename(error);
  if (error instanceof DomainErrors) return new DomainErrors(error.errors.map(rename));
  return error;
}
