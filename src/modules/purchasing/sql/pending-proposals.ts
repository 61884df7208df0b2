/**
 * What earlier replenishment proposals will bring that stock figures do not count as incoming
 * yet, per product x warehouse: draft and to-approve purchase orders, and transfers between
 * warehouses not shipped yet. For `products` product ids (one placeholder each), after the
 * company id, twice.
 * SQL, not the ORM: two grouped sums over a union of orders and transfers. Caller:
 * replenishment.service.ts#positionsOf; covered by test/purchasing/replenishment.test.ts (a
 * second run proposes nothing).
 */
export function pendingProposalsSql(products: number): string {
  const ids = Array.from({ length: products }, () => '?').join(', ');
  return `select pl.product_id, po.warehouse_id, sum(pl.product_quantity) as quantity
       from purchase_order_line pl join purchase_order po on po.id = pl.order_id
      where po.company_id = ? and po.state in ('DRAFT', 'TO_APPROVE') and pl.product_id in (${ids})
      group by 1, 2
     union all
     select m.product_id, t.destination_warehouse_id, sum(m.quantity)
       from stock_move m join transfer t on t.id = m.transfer_id
      where t.company_id = ? and t.state = 'READY' and t.destination_warehouse_id is not null
        and m.state = 'CONFIRMED' and m.product_id in (${ids})
      group by 1, 2`;
}
