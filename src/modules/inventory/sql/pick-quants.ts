/**
 * The quants each picking move may draw on, per move (m.i): its product and lot, at its source
 * location or any location below it of the same kind, oldest quant first.
 * SQL, not the ORM: one statement for all the moves of a posting, run under the pairs' locks
 * on the delivery path; the tree walk (full_name prefixes) would be one query per move through
 * the ORM. Caller: stock-pick.ts#pickSources; covered by test/inventory/ledger.test.ts and
 * test/inventory/stock-truth.test.ts (deliveries picking from bins below WH/Stock).
 */
export const PICK_QUANTS = `select m.i, q.location_id, q.quantity
       from unnest(?::int[], ?::uuid[], ?::uuid[], ?::text[]) as m(i, product_id, source_id, lot)
       join location s on s.id = m.source_id
       join location l on l.company_id = s.company_id and l.warehouse_id = s.warehouse_id
                      and l.type = s.type and l.sellable = s.sellable
                      and (l.id = s.id or left(l.full_name, length(s.full_name) + 1) = s.full_name || '/')
       join quant q on q.location_id = l.id and q.product_id = m.product_id and q.lot = m.lot and q.quantity > 0
      order by m.i, q.created_at, l.full_name`;
