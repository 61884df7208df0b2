import { Migration } from '@mikro-orm/migrations';

/**
 * The stock-event flush reads and deletes only its own transaction's staged rows, by the new
 * `xid` index. It used to scan the whole stock_event_pending table four times per commit, and
 * every commit leaves its deleted rows there until vacuum: under a sustained write rate (a hot
 * SKU's reservations) each commit grew slower than the last, and the flush runs under the SKU's
 * lock. The table is also vacuumed after a fixed number of dead rows (it has no live ones, so a
 * scale factor never triggers it). Generated column and index; the function by hand.
 */
function flushFunction(ownRowsOnly: boolean): string {
  const own = (alias: string) => (ownRowsOnly ? ` and ${alias}xid = me` : '');
  // A session plans each query of the function once; made while the table was still small, the
  // plan scanned it whole, and kept doing so as dead rows grew. Every table it reads has the index
  // its lookups need.
  const planning = ownRowsOnly ? ' set enable_seqscan = off' : '';
  return `create or replace function stock_event_flush() returns trigger language plpgsql set lock_timeout = 0${planning} as $$
declare
  r record;
  c record;
  fig jsonb;
  zero constant jsonb := jsonb_build_object('onHand', '0', 'qualityHold', '0', 'damaged', '0', 'incoming', '0',
    'inTransit', '0', 'outgoing', '0', 'safetyStock', '0', 'reserved', '0');
  at timestamptz;
  last bigint;
${ownRowsOnly ? '  me constant xid8 := pg_current_xact_id();\n' : ''}begin
  perform set_config('stockline.stock_event_armed', '', true);
  -- Held until the commit is visible: the next transaction takes its sequence values after ours
  -- are readable, so readers advancing by sequence never skip one committed later.
  perform pg_advisory_xact_lock(4157327605);
  at := clock_timestamp();
  for r in
    with pend as (
      select distinct on (p.product_id, p.warehouse_id) p.company_id, p.product_id, p.warehouse_id, p.cause_kind, p.cause_id
        from stock_event_pending p where p.kind = 'PAIR'${own('p.')}
       order by p.product_id, p.warehouse_id, p.priority, p.ordinal),
    -- Array arguments through LATERAL, not sub-selects, so the figures function is inlined.
    a as (select array(select distinct product_id from pend) as ps, array(select distinct warehouse_id from pend) as ws),
    f as (select f.* from a, lateral stock_level_figures(a.ps, a.ws) f)
    select pend.*, pr.sku, w.code as warehouse_code, pub.figures as previous,
           jsonb_build_object('onHand', trim_scale(f.on_hand)::text, 'qualityHold', trim_scale(f.quality_hold)::text,
             'damaged', trim_scale(f.damaged)::text, 'incoming', trim_scale(f.incoming)::text,
             'inTransit', trim_scale(f.in_transit)::text, 'outgoing', trim_scale(f.outgoing)::text,
             'safetyStock', trim_scale(f.safety_stock)::text, 'reserved', trim_scale(f.reserved)::text) as figures
      from pend
      join f on f.product_id = pend.product_id and f.warehouse_id = pend.warehouse_id
      join product pr on pr.id = pend.product_id
      join warehouse w on w.id = pend.warehouse_id
      left join stock_level_published pub on pub.product_id = pend.product_id and pub.warehouse_id = pend.warehouse_id
     order by pend.product_id, pend.warehouse_id
  loop
    continue when r.figures = coalesce(r.previous, zero);
    insert into stock_level_published (product_id, warehouse_id, figures) values (r.product_id, r.warehouse_id, r.figures)
      on conflict (product_id, warehouse_id) do update set figures = excluded.figures;
    c := stock_event_cause(r.cause_kind, r.cause_id);
    insert into stock_event (committed_at, company_id, kind, product_id, warehouse_id, cause_kind, cause_id, cause_reference, payload)
    values (at, r.company_id, 'STOCK_LEVEL', r.product_id, r.warehouse_id, c.kind, c.id, c.reference,
            jsonb_build_object('sku', r.sku, 'warehouseCode', r.warehouse_code, 'figures', r.figures,
                               'previous', coalesce(r.previous, zero)))
    returning sequence into last;
  end loop;
  -- Each block only when it has work: a plan is made on first use, per connection.
  if exists (select 1 from stock_event_pending where kind = 'MOVE'${own('')}) then
  for r in
    select m.*, pr.sku, sl.full_name as source_name, dl.full_name as destination_name,
           sw.code as source_warehouse_code, dw.code as destination_warehouse_code
      from (select distinct entity_id from stock_event_pending where kind = 'MOVE'${own('')}) e
      join stock_move m on m.id = e.entity_id
      join product pr on pr.id = m.product_id
      join location sl on sl.id = m.source_id
      join location dl on dl.id = m.destination_id
      left join warehouse sw on sw.id = m.source_warehouse_id
      left join warehouse dw on dw.id = m.destination_warehouse_id
     order by m.created_at, m.id
  loop
    c := stock_event_cause('MOVE', r.id);
    insert into stock_event (committed_at, company_id, kind, product_id, entity_id, cause_kind, cause_id, cause_reference, payload)
    values (at, r.company_id, 'STOCK_MOVE', r.product_id, r.id, c.kind, c.id, c.reference,
            jsonb_build_object('moveId', r.id, 'reference', nullif(r.reference, ''), 'state', r.state,
              'productId', r.product_id, 'sku', r.sku, 'quantity', trim_scale(r.quantity)::text,
              'sourceLocationId', r.source_id, 'sourceLocation', r.source_name,
              'destinationLocationId', r.destination_id, 'destinationLocation', r.destination_name,
              'sourceWarehouseId', r.source_warehouse_id, 'sourceWarehouseCode', r.source_warehouse_code,
              'destinationWarehouseId', r.destination_warehouse_id, 'destinationWarehouseCode', r.destination_warehouse_code,
              'lot', nullif(r.lot, ''), 'expectedDate', r.expected_date, 'effectiveDate', r.effective_date))
    returning sequence into last;
  end loop;
  end if;
  if exists (select 1 from stock_event_pending where kind = 'RESERVATION'${own('')}) then
  for r in
    select rv.*, ch.code as channel_code,
           (select coalesce(jsonb_agg(jsonb_build_object('productId', l.product_id, 'sku', pr.sku,
                      'warehouseId', l.warehouse_id, 'warehouseCode', w.code,
                      'quantity', trim_scale(l.quantity)::text, 'fulfilledQuantity', trim_scale(l.fulfilled_quantity)::text)
                      order by pr.sku, w.code), '[]'::jsonb)
              from reservation_line l join product pr on pr.id = l.product_id join warehouse w on w.id = l.warehouse_id
             where l.reservation_id = rv.id) as lines
      from (select distinct entity_id from stock_event_pending where kind = 'RESERVATION'${own('')}) e
      join reservation rv on rv.id = e.entity_id
      left join channel ch on ch.id = rv.channel_id
     order by rv.created_at, rv.id
  loop
    insert into stock_event (committed_at, company_id, kind, entity_id, cause_kind, cause_id, cause_reference, payload)
    values (at, r.company_id, 'RESERVATION', r.id, 'RESERVATION', r.id, r.reference,
            jsonb_build_object('reservationId', r.id, 'reference', r.reference, 'state', r.state,
              'channel', r.channel_code, 'expiresAt', r.expires_at, 'lines', r.lines))
    returning sequence into last;
  end loop;
  end if;
  delete from stock_event_pending${ownRowsOnly ? ' where xid = me' : ''};
  if last is not null then perform pg_notify('stockline_stock_event', last::text); end if;
  return null;
end
$$;`;
}

export class Migration20261125002050 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "stock_event_pending" add column "xid" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "stock_event_pending_xid_index" on "stock_event_pending" ("xid");`);
    this.addSql(
      `alter table "stock_event_pending" set (autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_scale_factor = 0);`,
    );
    this.addSql(flushFunction(true));
  }

  override async down(): Promise<void> {
    this.addSql(flushFunction(false));
    this.addSql(`alter table "stock_event_pending" reset (autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor);`);
    this.addSql(`drop index "stock_event_pending_xid_index";`);
    this.addSql(`alter table "stock_event_pending" drop column "xid";`);
  }

}
