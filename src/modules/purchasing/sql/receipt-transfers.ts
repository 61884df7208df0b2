/**
 * From an order to its receipt transfers and back, through the links of its lines to their moves
 * (receipt-moves.ts). SQL, not the ORM: a join across four tables answered with ids or one name,
 * where the ORM would load the links and moves as entities. Covered by
 * test/purchasing/rejections.test.ts (an order's receipts; validating or cancelling one directly is refused).
 */

/** The transfers holding an order's receipt moves (receiptsOf). */
export const ORDER_RECEIPTS = `select distinct m.transfer_id from purchase_line_move plm
       join purchase_order_line pl on pl.id = plm.line_id
       join stock_move m on m.id = plm.move_id
      where pl.order_id = ? and m.transfer_id is not null`;

/** The order whose receipt a transfer is, if any (guardPurchaseReceipts). */
export const RECEIVED_ORDER = `select po.name from stock_move m
       join purchase_line_move plm on plm.move_id = m.id
       join purchase_order_line pl on pl.id = plm.line_id
       join purchase_order po on po.id = pl.order_id
      where m.transfer_id = ? limit 1`;
