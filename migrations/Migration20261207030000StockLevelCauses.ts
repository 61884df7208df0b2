import { Migration } from '@mikro-orm/migrations';
import { flushFunction } from './Migration20261207021500FlushInChunks';

/**
 * Hand-written (the generator cannot express triggers): a stock-level event names every
 * reservation and move that changed its pair in the commit, not one of them (issue 21). Forty
 * concurrent reservations of one SKU, committed together by the group commit, gave a few events
 * that each named one reservation.
 * - The stock_move and reservation_line staging functions stage one row per pair and move (or
 *   reservation), where they kept one per pair and statement.
 * - The flush stores `causes` (at most 50, MAX_EVENT_CAUSES, in the order they were staged: moves,
 *   purchase lines, reservations, safety stock; the quants only when nothing else explains the
 *   change) and `causeCount` in the event's payload; `cause` stays the one of highest priority.
 */
function stage(table: 'stock_move' | 'reservation_line', op: 'insert' | 'update' | 'delete'): string {
  const n = op === 'delete' ? 'old_rows' : 'new_rows';
  const changed =
    table === 'stock_move'
      ? op === 'update'
        ? `select n.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.product_id, n.source_id, n.destination_id, n.expected_date, n.reference)
                    is distinct from (o.state, o.quantity, o.product_id, o.source_id, o.destination_id, o.expected_date, o.reference)
             union all
             select o.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.product_id, n.source_id, n.destination_id)
                    is distinct from (o.state, o.quantity, o.product_id, o.source_id, o.destination_id)`
        : `select * from ${n}`
      : op === 'update'
        ? `select n.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.fulfilled_quantity, n.expires_at, n.product_id, n.warehouse_id)
                    is distinct from (o.state, o.quantity, o.fulfilled_quantity, o.expires_at, o.product_id, o.warehouse_id)
             union all
             select o.* from new_rows n join old_rows o on o.id = n.id
              where (n.product_id, n.warehouse_id) is distinct from (o.product_id, o.warehouse_id)`
        : `select * from ${n}`;
  const body =
    table === 'stock_move'
      ? `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct company_id, 'PAIR', product_id, warehouse_id, 'MOVE', id, 1
    from (select id, company_id, product_id, source_warehouse_id as warehouse_id from changed
          union all select id, company_id, product_id, destination_warehouse_id from changed) x
   where warehouse_id is not null;
  insert into stock_event_pending (company_id, kind, entity_id)
  select distinct company_id, 'MOVE', id from changed;`
      : `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct company_id, 'PAIR', product_id, warehouse_id, 'RESERVATION', reservation_id, 2
    from changed;
  insert into stock_event_pending (company_id, kind, entity_id)
  select distinct company_id, 'RESERVATION', reservation_id from changed;`;
  return `create or replace function stock_event_stage_${table}_${op}() returns trigger language plpgsql as $$
declare staged bigint;
begin
  ${body.replace(/from changed/g, `from (${changed}) changed`)}
  get diagnostics staged = row_count;
  if staged > 0 then perform stock_event_arm(); end if;
  return null;
end
$$;`;
}

export class Migration20261207030000StockLevelCauses extends Migration {
  override async up(): Promise<void> {
    for (const table of ['stock_move', 'reservation_line'] as const) {
      for (const op of ['insert', 'update', 'delete'] as const) this.addSql(stage(table, op));
    }
    this.addSql(flushFunction({ causes: true }));
  }

  override async down(): Promise<void> {
    this.addSql(flushFunction({ causes: false }));
  }
}
