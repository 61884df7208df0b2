/**
 * The references of what holds a product x warehouse, newest first, at most 5 of each: active
 * reservations, and transfers with confirmed moves out of its sellable stock. For a message only.
 * SQL, not the ORM: one union over two kinds of holder, only when a loss is refused. Caller:
 * stock-guard.ts#holders; covered by test/inventory/stock-truth.test.ts (a refused scrap names
 * the reservation).
 */
export const PAIR_HOLDERS = `(select 'reservation' as what, r.reference as name
        from reservation_line l join reservation r on r.id = l.reservation_id
       where l.product_id = ? and l.warehouse_id = ? and l.state = 'ACTIVE' and l.quantity > l.fulfilled_quantity
         and (l.expires_at is null or l.expires_at > statement_timestamp())
       order by r.created_at desc limit 5)
     union all
     (select distinct 'transfer', coalesce(t.name, m.reference, m.id::text)
        from stock_move m join location sl on sl.id = m.source_id and sl.sellable
        left join transfer t on t.id = m.transfer_id
       where m.product_id = ? and m.source_warehouse_id = ? and m.state = 'CONFIRMED'
       limit 5)`;
