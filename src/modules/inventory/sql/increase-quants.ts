/**
 * Adds to quants, creating the ones that do not exist yet (`rows` of six parameters: company,
 * product, location, warehouse, lot, quantity); answers each quant's new quantity.
 * SQL, not the ORM: the ledger is the only writer of quants and posts a whole batch in one
 * upsert (on conflict ... do update), under the pairs' locks. Caller:
 * stock-ledger.service.ts#increase; covered by test/inventory/ledger.test.ts and every receipt.
 */
export function increaseQuantsSql(rows: number): string {
  return `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
     values ${Array.from({ length: rows }, () => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?)').join(', ')}
     on conflict (product_id, location_id, lot)
     do update set quantity = quant.quantity + excluded.quantity, updated_at = now()
     returning product_id, location_id, lot, quantity`;
}
