import { assertNotCreator } from '../../auth/segregation';
import { type FilterQuery, ref } from '@mikro-orm/core';
import { Decimal, decToString } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../graphql/errors';
import { isUuid } from '../../graphql/problems';
import type { ServiceContext } from '../../graphql/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import type { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { Company } from '../company/company.entity';
import { MoveState, TransferType } from '../inventory/inventory.enums';
import type { TransferValidateLineInput } from '../inventory/inventory.inputs';
import {
  checkTracking,
  prefetchProducts,
  productFor,
  toProductQuantity,
  warehouseFor,
} from '../inventory/inventory.lookup';
import type { StockMove } from '../inventory/stock-move.entity';
import { Transfer } from '../inventory/transfer.entity';
import {
  buildMove,
  cancelTransfer,
  createTransfer,
  operationName,
  validateTransfer,
} from '../inventory/transfer.service';
import type { Warehouse } from '../inventory/warehouse.entity';
import { type Partner, SupplierPrice } from './partner.entity';
import { PurchaseLineMove, PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { PurchaseOrderState } from './purchasing.enums';
import type {
  PurchaseOrderActionInput,
  PurchaseOrderCreateInput,
  PurchaseOrderFilter,
  PurchaseOrderLineInput,
  PurchaseOrderReceiveInput,
  PurchaseOrderRescheduleInput,
  PurchaseOrderUpdateInput,
} from './purchasing.inputs';
import { priceInCurrency, purchasingSettings, supplierFor } from './supplier.service';

const DAY = 86_400_000;
const RECEIPT_URI = 'purchase-order:';
const ORDER_FIELD = ['input', 'purchaseOrderId'];

/** Orders whose lines are (or were) incoming: they own receipt moves. */
const OPEN_STATES: readonly PurchaseOrderState[] = [
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

function assertState(order: PurchaseOrder, allowed: readonly PurchaseOrderState[], doing: string): void {
  if (!allowed.includes(order.state)) {
    fail(UserErrorCode.INVALID_STATE, ORDER_FIELD, `${order.name} is ${order.state}; it cannot be ${doing}`);
  }
}

/** The price of `price` (per its purchase unit) per `uom` of the same category. */
function priceIn(price: SupplierPrice, uom: Uom): Decimal {
  const purchaseUom = price.purchaseUom.getEntity();
  return new Decimal(price.unitPrice).times(uom.factor).div(purchaseUom.factor).toDecimalPlaces(6);
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
  const priceOf = new Map(prices.map((p) => [p.product.id, p]));
  let total = new Decimal(0);
  for (const [index, input] of inputs.entries()) {
    const path = ['input', 'lines', String(index)];
    const product = await productFor(sc, input, path, products);
    const price = priceInCurrency(priceOf.get(product.id), order.currency);
    const uomId = input.uomId ?? price?.purchaseUom.id ?? product.uom.id;
    const { quantity, uom } = await toProductQuantity(sc, product, input.quantity, uomId, path);
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

/** Confirms a draft: above the approval threshold it waits for approval, otherwise its lines become incoming. */
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
  if (new Decimal(order.amountTotal).gt(settings.approvalThreshold)) {
    order.state = PurchaseOrderState.TO_APPROVE;
  } else {
    await openReceipt(sc, order);
    order.state = PurchaseOrderState.CONFIRMED;
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
  await sc.em.flush();
  return order;
}

/**
 * Creates the receipt of a confirmed order through the ledger's own transfer model: one
 * confirmed move per line at the line's expected date and price, so stockLevels' `incoming` and
 * ATP see it unchanged. One-step receipt (docs/stock-figures.md): the goods land in WH/Stock,
 * where they can be sold and picked at once (WH/Quality for goods needing inspection); a
 * warehouse that puts away from WH/Input receives there with a RECEIPT transfer of its own.
 */
async function openReceipt(sc: ServiceContext, order: PurchaseOrder): Promise<Transfer> {
  const warehouse = order.warehouse.getEntity() as Warehouse;
  const lines = order.lines.getItems();
  const earliest = new Date(Math.min(...lines.map((l) => l.expectedDate.getTime())));
  const transfer = await createTransfer(sc, {
    type: TransferType.RECEIPT,
    warehouseId: warehouse.id,
    expectedDate: earliest,
    referenceDocumentUri: `${RECEIPT_URI}${order.name}`,
    lines: lines.map((line) => ({
      productId: line.product.id,
      quantity: line.quantity,
      uomId: line.uom.id,
      unitCost: line.unitPrice,
    })),
  });
  // createTransfer builds one move per line, in line order (no serials are given here).
  const moves = transfer.moves.getItems();
  if (moves.length !== lines.length || moves.some((m, i) => m.product.id !== lines[i].product.id)) {
    throw new Error(`receipt ${transfer.name} does not have one move per line of ${order.name}`);
  }
  lines.forEach((line, i) => {
    moves[i].expectedDate = line.expectedDate;
    line.promisedDate = line.expectedDate;
    link(sc, line, moves[i]);
  });
  await sc.em.flush();
  return transfer;
}

function link(sc: ServiceContext, line: PurchaseOrderLine, move: StockMove): void {
  sc.em.create(PurchaseLineMove, { company: line.company, line, move });
}

/** Open (CONFIRMED) receipt moves of the given lines, by line id. */
async function openMoves(sc: ServiceContext, lines: PurchaseOrderLine[]): Promise<Map<string, StockMove[]>> {
  const links = await sc.em.find(
    PurchaseLineMove,
    { line: { $in: lines.map((l) => l.id) }, move: { state: MoveState.CONFIRMED } },
    {
      populate: ['move', 'move.source', 'move.destination', 'move.transfer'],
      orderBy: { createdAt: 'asc', id: 'asc' },
    },
  );
  const byLine = new Map<string, StockMove[]>();
  for (const l of links) byLine.set(l.line.id, [...(byLine.get(l.line.id) ?? []), l.move.getEntity()]);
  return byLine;
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

function lineOf(order: PurchaseOrder, lineId: string, field: string[]): PurchaseOrderLine {
  const line = order.lines.getItems().find((l) => l.id === lineId);
  if (!line) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: ${order.name} has no line ${lineId}`);
  return line;
}

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
    for (const piece of splitForReceipt(sc, line, product, moves[0], quantity, given, path)) {
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
  await sc.em.flush();
  return { purchaseOrder: order, receipt, backorder };
}

/**
 * Turns the line's open move into the received piece(s) (one per serial number) and a
 * remainder, all linked to the line, and returns what to validate.
 */
function splitForReceipt(
  sc: ServiceContext,
  line: PurchaseOrderLine,
  product: Product,
  move: StockMove,
  quantity: Decimal,
  given: { lot?: string; serials?: string[] },
  path: string[],
): TransferValidateLineInput[] {
  const serial = product.tracking === ProductTracking.SERIAL;
  let pieces: { quantity: Decimal; lot: string }[];
  if (serial) {
    const serials = given.serials ?? [];
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
    pieces = serials.map((lot) => ({ quantity: new Decimal(1), lot }));
  } else {
    if (given.serials?.length) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'serials'],
        `${path.join('.')}.serials: ${product.sku} is not serial-tracked`,
      );
    }
    const lot = given.lot ?? '';
    checkTracking(product, quantity, lot, path);
    pieces = [{ quantity, lot }];
  }
  const planned = new Decimal(move.quantity);
  const rest = planned.minus(quantity);
  const base = {
    product,
    requestedUom: product.uom,
    source: move.source.getEntity(),
    destination: move.destination.getEntity(),
    unitCost: move.unitCost,
    expectedDate: move.expectedDate,
    transfer: move.transfer!.getEntity(),
  };
  const lines: TransferValidateLineInput[] = [];
  pieces.forEach((piece, i) => {
    let target = move;
    if (i > 0) {
      target = buildMove(sc, {
        ...base,
        quantity: piece.quantity,
        requestedQuantity: piece.quantity.toFixed(),
        lot: piece.lot,
      });
      link(sc, line, target);
    } else if (!piece.quantity.eq(planned)) {
      target.quantity = piece.quantity.toFixed();
      target.requestedQuantity = piece.quantity.toFixed();
      target.requestedUom = product.uom;
    }
    target.lot = piece.lot;
    lines.push({
      moveId: target.id,
      quantity: piece.quantity.toFixed(),
      ...(serial ? { serials: [piece.lot] } : { lot: piece.lot || undefined }),
    });
  });
  if (rest.gt(0)) {
    const remainder = buildMove(sc, {
      ...base,
      quantity: rest,
      requestedQuantity: rest.toFixed(),
      lot: product.tracking === ProductTracking.LOT ? move.lot : '',
    });
    link(sc, line, remainder);
  }
  return lines;
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

/** An order received in full and billed in full (no bill on hold) is closed: BILLED. */
export async function closeIfBilled(sc: ServiceContext, order: PurchaseOrder): Promise<void> {
  if (order.state !== PurchaseOrderState.RECEIVED) return;
  const lines = order.lines.getItems();
  const [row] = await sc.em.execute<{ held: string }[]>(
    `select count(*) as held from vendor_bill b join vendor_bill_line bl on bl.bill_id = b.id
      join purchase_order_line pl on pl.id = bl.purchase_line_id
     where pl.order_id = ? and b.state = 'ON_HOLD'`,
    [order.id],
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

/** Receipt transfers (with backorders) of an order, oldest first. */
export async function receiptsOf(sc: ServiceContext, orderId: string): Promise<Transfer[]> {
  const rows = await sc.em.execute<{ transfer_id: string }[]>(
    `select distinct m.transfer_id from purchase_line_move plm
       join purchase_order_line pl on pl.id = plm.line_id
       join stock_move m on m.id = plm.move_id
      where pl.order_id = ? and m.transfer_id is not null`,
    [orderId],
  );
  return sc.em.find(
    Transfer,
    { id: { $in: rows.map((r) => r.transfer_id) } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}

/**
 * A purchase order's receipt moves with the order: validating or cancelling it directly would
 * leave the order's received quantities behind, so only purchaseOrderReceive and
 * purchaseOrderCancel may (registered with the transfer service in index.ts).
 */
export async function guardPurchaseReceipts(sc: ServiceContext, transfer: Transfer, action: string): Promise<void> {
  // Receipts of orders are named so (openReceipt); other transfers cost no query here.
  if (transfer.type !== TransferType.RECEIPT || !transfer.referenceDocumentUri?.startsWith(RECEIPT_URI)) return;
  const rows = await sc.em.execute<{ name: string }[]>(
    `select po.name from stock_move m
       join purchase_line_move plm on plm.move_id = m.id
       join purchase_order_line pl on pl.id = plm.line_id
       join purchase_order po on po.id = pl.order_id
      where m.transfer_id = ? limit 1`,
    [transfer.id],
  );
  if (rows.length) {
    const field = action === 'cancel' ? ['transferId'] : ['input', 'transferId'];
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `${transfer.name} receives purchase order ${rows[0].name}: use purchaseOrderReceive or purchaseOrderCancel`,
    );
  }
}
