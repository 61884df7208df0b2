/**
 * A supplier's figures over a window of confirmation dates, for supplierPerformance
 * (supplier-performance.service.ts). SQL, not the ORM: aggregates (counts, sums, averages of
 * date differences, an on-time filter) over orders, lines and their done receipt moves, which
 * the ORM would load row by row. Covered by test/purchasing/performance.test.ts.
 */

/** Orders, lines, ordered and received quantities of the supplier's orders not cancelled. */
export const ORDER_TOTALS = `select count(distinct po.id) as orders, count(pl.id) as lines,
            sum(pl.product_quantity) as ordered, sum(pl.received_quantity) as received
       from purchase_order po join purchase_order_line pl on pl.order_id = po.id
      where po.company_id = ? and po.supplier_id = ? and po.state <> 'CANCELLED'
        and po.confirmed_at between ? and ?`;

/** Deliveries (one per line and receipt transfer), those on time, and average actual and promised lead times in days. */
export const DELIVERY_TOTALS = `with delivery as (
       select pl.id, m.transfer_id, max(m.effective_date) as arrived, pl.promised_date, po.confirmed_at
         from purchase_order po
         join purchase_order_line pl on pl.order_id = po.id
         join purchase_line_move plm on plm.line_id = pl.id
         join stock_move m on m.id = plm.move_id and m.state = 'DONE'
        where po.company_id = ? and po.supplier_id = ? and po.state <> 'CANCELLED'
          and po.confirmed_at between ? and ?
        group by pl.id, m.transfer_id, pl.promised_date, po.confirmed_at)
     select count(*) as deliveries,
            count(*) filter (where (arrived at time zone 'UTC')::date <= (promised_date at time zone 'UTC')::date) as on_time,
            avg(extract(epoch from arrived - confirmed_at) / 86400) as lead_days,
            avg(extract(epoch from promised_date - confirmed_at) / 86400) as promised_days
       from delivery`;
