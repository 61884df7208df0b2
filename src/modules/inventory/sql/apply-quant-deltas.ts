/**
 * Adds each delta to its quant, creating the quants that do not exist yet, in the order given
 * (the ledger's global order: product, location, lot); answers each quant's new quantity.
 * Parameters: the company, then parallel arrays of product, location, warehouse (null for a
 * virtual location), lot and delta, one entry per quant (each quant at most once).
 * One statement whatever the number of quants: INSERT ... ON CONFLICT DO UPDATE takes the rows'
 * locks one by one in the ORDER BY's order (the sorted unnest), so concurrent postings lock in
 * the same order and cannot deadlock on quants. An on-hand quant that would go below zero is
 * written here and refused by the caller from the answer (stock-ledger.service.ts#applyQuantDeltas),
 * which fails the transaction: nothing of it is ever committed, and the row stays locked until then.
 * SQL, not the ORM: the ledger is the only writer of quants; one statement per posting instead of
 * one per decreased quant. Caller: stock-ledger.service.ts#applyMoves; covered by
 * test/inventory/ledger.test.ts, test/inventory/set-quantities.test.ts (statements per call) and
 * test/concurrency/*.test.ts.
 */
export const APPLY_QUANT_DELTAS = `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
     select gen_random_uuid(), now(), now(), ?::uuid, d.product_id, d.location_id, d.warehouse_id, d.lot, d.delta
       from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::numeric[])
            with ordinality as d(product_id, location_id, warehouse_id, lot, delta, n)
      order by d.n
     on conflict (product_id, location_id, lot)
     do update set quantity = quant.quantity + excluded.quantity, updated_at = now()
     returning product_id, location_id, lot, quantity`;
