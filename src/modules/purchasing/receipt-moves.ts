import { MoveState, TransferType } from '../inventory/inventory.enums';
import type { StockMove } from '../inventory/stock-move.entity';
import { Transfer } from '../inventory/transfer.entity';
import { createTransfer } from '../inventory/transfer.service';
import type { Warehouse } from '../inventory/warehouse.entity';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { PurchaseLineMove, type PurchaseOrder, type PurchaseOrderLine } from './purchase-order.entity';
import { ORDER_RECEIPTS, RECEIVED_ORDER } from './sql/receipt-transfers';

// An order's receipt: the transfer it opens when confirmed, the links of its moves to the order
// lines, and the guard that keeps the transfer moving with the order. Receiving goods on it is
// purchase-receipt.service.ts.

const RECEIPT_URI = 'purchase-order:';

/**
 * Creates the receipt of a confirmed order through the ledger's own transfer model: one
 * confirmed move per line at the line's expected date and price, so stockLevels' `incoming` and
 * ATP see it unchanged. One-step receipt (docs/stock-figures.md): the goods land in WH/Stock,
 * where they can be sold and picked at once (WH/Quality for goods needing inspection); a
 * warehouse that puts away from WH/Input receives there with a RECEIPT transfer of its own.
 */
export async function openReceipt(sc: ServiceContext, order: PurchaseOrder): Promise<Transfer> {
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

export function link(sc: ServiceContext, line: PurchaseOrderLine, move: StockMove): void {
  sc.em.create(PurchaseLineMove, { company: line.company, line, move });
}

/** Open (CONFIRMED) receipt moves of the given lines, by line id. */
export async function openMoves(sc: ServiceContext, lines: PurchaseOrderLine[]): Promise<Map<string, StockMove[]>> {
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

/** Receipt transfers (with backorders) of an order, oldest first. */
export async function receiptsOf(sc: ServiceContext, orderId: string): Promise<Transfer[]> {
  const rows = await sc.em.execute<{ transfer_id: string }[]>(ORDER_RECEIPTS, [orderId]);
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
export async function guardPurchaseReceipts(sc: ServiceContext, transfer: Transfer, _action: string): Promise<void> {
  // Receipts of orders are named so (openReceipt); other transfers cost no query here.
  if (transfer.type !== TransferType.RECEIPT || !transfer.referenceDocumentUri?.startsWith(RECEIPT_URI)) return;
  const rows = await sc.em.execute<{ name: string }[]>(RECEIVED_ORDER, [transfer.id]);
  if (rows.length) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'transferId'],
      `${transfer.name} receives purchase order ${rows[0].name}: use purchaseOrderReceive or purchaseOrderCancel`,
    );
  }
}
