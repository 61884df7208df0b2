import { Migration } from '@mikro-orm/migrations';

/**
 * The stock event outbox (issue 5). Generated tables, then hand-written SQL (the generator cannot
 * express functions and triggers):
 * - `stock_reserved` and `stock_level_figures`: the raw figures of product x warehouse pairs, the
 *   one definition both the stockLevels query (src/modules/inventory/stock-level.service.ts) and
 *   the outbox use.
 * - Statement triggers on quant, stock_move, reservation, reservation_line and safety_stock stage
 *   what the transaction changed in stock_event_pending, whoever writes (services, sweeper, plain
 *   SQL); the first staging of a transaction also inserts a marker row whose deferred constraint
 *   trigger runs `stock_event_flush` once, at commit.
 * - `stock_event_flush` takes a transaction-level advisory lock (held until the commit is
 *   visible, so sequence order is commit order), computes each changed pair's figures once
 *   (several changes in one transaction give one event with the final figures), skips pairs
 *   whose figures did not change, inserts the events and notifies `stockline_stock_event`.
 */

export class Migration20261124221500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "stock_event" ("sequence" bigserial primary key, "committed_at" timestamptz not null default clock_timestamp(), "company_id" uuid not null, "kind" varchar(20) not null, "product_id" uuid null, "warehouse_id" uuid null, "entity_id" uuid null, "cause_kind" varchar(20) null, "cause_id" uuid null, "cause_reference" varchar(200) null, "payload" jsonb not null);`);
    this.addSql(`create index "stock_event_company_id_sequence_index" on "stock_event" ("company_id", "sequence");`);
    this.addSql(`create index "stock_event_committed_at_index" on "stock_event" ("committed_at");`);

    this.addSql(`create table "stock_event_pending" ("ordinal" bigserial primary key, "company_id" uuid null, "kind" varchar(20) not null, "product_id" uuid null, "warehouse_id" uuid null, "entity_id" uuid null, "cause_kind" varchar(20) null, "cause_id" uuid null, "priority" smallint not null default 9, "first" boolean not null default false);`);

    this.addSql(`create table "stock_level_published" ("product_id" uuid not null, "warehouse_id" uuid not null, "figures" jsonb not null, constraint "stock_level_published_pkey" primary key ("product_id", "warehouse_id"));`);

    this.addSql(`create function stock_reserved(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, reserved numeric) language sql stable as $$
  -- The ReservedStock counter less the active lines already past their expiry: expiry applies at
  -- read time, before any sweeper runs. statement_timestamp (not clock_timestamp, which is
  -- volatile) keeps this function and stock_level_figures inlinable into the calling query; a
  -- long transaction still sees lines lapse, as of each statement (the commit, for the outbox).
  select rs.product_id, rs.warehouse_id,
         rs.quantity - coalesce((select sum(rl.quantity - rl.fulfilled_quantity) from reservation_line rl
                                  where rl.product_id = rs.product_id and rl.warehouse_id = rs.warehouse_id
                                    and rl.state = 'ACTIVE' and rl.expires_at <= statement_timestamp()), 0)
    from reserved_stock rs
   where rs.product_id = any(p_products) and rs.warehouse_id = any(p_warehouses)
$$;`);
    this.addSql(`create function stock_level_figures(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, on_hand numeric, quality_hold numeric, damaged numeric,
                 incoming numeric, in_transit numeric, outgoing numeric, safety_stock numeric, reserved numeric,
                 active boolean)
  language sql stable as $$
  -- Raw figures of every pair of p_products x p_warehouses (DOMAIN.md); available and forecast
  -- are derived from them in one place, toStockLevel. active: the pair has stock, open moves or
  -- reservations. Call it with array arguments that are not sub-selects (LATERAL) so that
  -- PostgreSQL inlines it into the calling query.
  with q as (
    select q.product_id, q.warehouse_id,
           sum(q.quantity) filter (where l.type in ('INTERNAL', 'QUALITY', 'DAMAGED')) as on_hand,
           sum(q.quantity) filter (where l.type = 'QUALITY') as quality_hold,
           sum(q.quantity) filter (where l.type = 'DAMAGED') as damaged
      from quant q join location l on l.id = q.location_id
     where q.product_id = any(p_products) and q.warehouse_id = any(p_warehouses)
     group by 1, 2),
  m as (
    select m.product_id, w.id as warehouse_id,
           sum(m.quantity) filter (where m.destination_warehouse_id = w.id
                                     and m.source_warehouse_id is distinct from w.id) as incoming,
           sum(m.quantity) filter (where m.destination_warehouse_id = w.id and sl.type = 'TRANSIT') as in_transit,
           sum(m.quantity) filter (where m.source_warehouse_id = w.id
                                     and m.destination_warehouse_id is distinct from w.id) as outgoing
      from stock_move m
      join location sl on sl.id = m.source_id
      join unnest(p_warehouses) w(id) on w.id = m.source_warehouse_id or w.id = m.destination_warehouse_id
     where m.state = 'CONFIRMED' and m.product_id = any(p_products)
     group by 1, 2),
  r as (select * from stock_reserved(p_products, p_warehouses))
  select p.id, w.id, coalesce(q.on_hand, 0), coalesce(q.quality_hold, 0), coalesce(q.damaged, 0),
         coalesce(m.incoming, 0), coalesce(m.in_transit, 0), coalesce(m.outgoing, 0),
         coalesce(ss.quantity, 0), coalesce(r.reserved, 0),
         q.product_id is not null or m.product_id is not null or r.product_id is not null
    from unnest(p_products) p(id) cross join unnest(p_warehouses) w(id)
    left join q on q.product_id = p.id and q.warehouse_id = w.id
    left join m on m.product_id = p.id and m.warehouse_id = w.id
    left join safety_stock ss on ss.product_id = p.id and ss.warehouse_id = w.id
    left join r on r.product_id = p.id and r.warehouse_id = w.id
$$;`);
    this.addSql(`create function stock_event_arm() returns void language plpgsql as $$
begin
  -- Once per transaction (the setting is transaction-local and undone with a rolled-back
  -- savepoint, like the marker row): the marker's deferred trigger flushes at commit.
  if coalesce(current_setting('stockline.stock_event_armed', true), '') <> 'on' then
    perform set_config('stockline.stock_event_armed', 'on', true);
    insert into stock_event_pending (kind, first) values ('FLUSH', true);
  end if;
end
$$;`);

    // Transition tables exist per operation, so each table has one function per operation.
    for (const op of ['insert', 'update', 'delete'] as const) {
      const n = op === 'delete' ? 'old_rows' : 'new_rows';
      const both = op === 'update' ? ['new_rows', 'old_rows'] : [n];
      const union = (select: (t: string) => string) => both.map(select).join(' union all ');
      const changedMoves =
        op === 'update'
          ? `select n.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.product_id, n.source_id, n.destination_id, n.expected_date, n.reference)
                    is distinct from (o.state, o.quantity, o.product_id, o.source_id, o.destination_id, o.expected_date, o.reference)
             union all
             select o.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.product_id, n.source_id, n.destination_id)
                    is distinct from (o.state, o.quantity, o.product_id, o.source_id, o.destination_id)`
          : `select * from ${n}`;
      const changedLines =
        op === 'update'
          ? `select n.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.quantity, n.fulfilled_quantity, n.expires_at, n.product_id, n.warehouse_id)
                    is distinct from (o.state, o.quantity, o.fulfilled_quantity, o.expires_at, o.product_id, o.warehouse_id)
             union all
             select o.* from new_rows n join old_rows o on o.id = n.id
              where (n.product_id, n.warehouse_id) is distinct from (o.product_id, o.warehouse_id)`
          : `select * from ${n}`;
      const changedReservations =
        op === 'update'
          ? `select n.* from new_rows n join old_rows o on o.id = n.id
              where (n.state, n.expires_at, n.reference) is distinct from (o.state, o.expires_at, o.reference)`
          : `select * from ${n}`;
      const bodies: Record<string, string> = {
        quant: `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, priority)
  select distinct company_id, 'PAIR', product_id, warehouse_id, 'QUANT', 8
    from (${union((t) => `select company_id, product_id, warehouse_id from ${t}`)}) x
   where warehouse_id is not null;`,
        safety_stock: `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct on (product_id, warehouse_id) company_id, 'PAIR', product_id, warehouse_id, 'SAFETY_STOCK', id, 5
    from (${union((t) => `select id, company_id, product_id, warehouse_id from ${t}`)}) x;`,
        stock_move: `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct on (product_id, warehouse_id) company_id, 'PAIR', product_id, warehouse_id, 'MOVE', id, 1
    from (select id, company_id, product_id, source_warehouse_id as warehouse_id from changed
          union all select id, company_id, product_id, destination_warehouse_id from changed) x
   where warehouse_id is not null;
  insert into stock_event_pending (company_id, kind, entity_id)
  select distinct company_id, 'MOVE', id from changed;`,
        reservation_line: `insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
  select distinct on (product_id, warehouse_id) company_id, 'PAIR', product_id, warehouse_id, 'RESERVATION', reservation_id, 2
    from changed;
  insert into stock_event_pending (company_id, kind, entity_id)
  select distinct company_id, 'RESERVATION', reservation_id from changed;`,
        reservation: `insert into stock_event_pending (company_id, kind, entity_id)
  select distinct company_id, 'RESERVATION', id from changed;`,
      };
      const changed: Record<string, string> = {
        stock_move: changedMoves,
        reservation_line: changedLines,
        reservation: changedReservations,
      };
      for (const [table, body] of Object.entries(bodies)) {
        const cte = changed[table];
        // plpgsql cannot name a CTE across statements: a temporary view over the transition table would
        // outlive it, so the changed rows are inlined into each statement.
        const sql = cte ? body.replace(/from changed/g, `from (${cte}) changed`) : body;
        const transition =
          op === 'insert'
            ? 'referencing new table as new_rows'
            : op === 'update'
              ? 'referencing old table as old_rows new table as new_rows'
              : 'referencing old table as old_rows';
        this.addSql(`create function stock_event_stage_${table}_${op}() returns trigger language plpgsql as $$
declare staged bigint;
begin
  ${sql}
  get diagnostics staged = row_count;
  if staged > 0 then perform stock_event_arm(); end if;
  return null;
end
$$;`);
        this.addSql(`create trigger stock_event_stage_${op} after ${op} on ${table}
  ${transition} for each statement execute function stock_event_stage_${table}_${op}();`);
      }
    }
    this.addSql(`create function stock_event_cause(p_kind text, p_id uuid,
  out kind text, out id uuid, out reference text) language plpgsql stable as $$
begin
  kind := p_kind; id := p_id;
  if p_kind = 'MOVE' then
    -- A receipt move of a purchase order line names the line and its order.
    select 'PURCHASE_LINE', pl.id, po.name into kind, id, reference
      from purchase_line_move plm join purchase_order_line pl on pl.id = plm.line_id
      join purchase_order po on po.id = pl.order_id
     where plm.move_id = p_id limit 1;
    if not found then
      kind := 'MOVE';
      select nullif(m.reference, '') into reference from stock_move m where m.id = p_id;
    end if;
  elsif p_kind = 'RESERVATION' then
    select r.reference into reference from reservation r where r.id = p_id;
  end if;
end
$$;`);
    this.addSql(`create function stock_event_flush() returns trigger language plpgsql set lock_timeout = 0 as $$
declare
  r record;
  c record;
  fig jsonb;
  zero constant jsonb := jsonb_build_object('onHand', '0', 'qualityHold', '0', 'damaged', '0', 'incoming', '0',
    'inTransit', '0', 'outgoing', '0', 'safetyStock', '0', 'reserved', '0');
  at timestamptz;
  last bigint;
begin
  perform set_config('stockline.stock_event_armed', '', true);
  -- Held until the commit is visible: the next transaction takes its sequence values after ours
  -- are readable, so readers advancing by sequence never skip one committed later.
  perform pg_advisory_xact_lock(4157327605);
  at := clock_timestamp();
  for r in
    with pend as (
      select distinct on (p.product_id, p.warehouse_id) p.company_id, p.product_id, p.warehouse_id, p.cause_kind, p.cause_id
        from stock_event_pending p where p.kind = 'PAIR'
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
  if exists (select 1 from stock_event_pending where kind = 'MOVE') then
  for r in
    select m.*, pr.sku, sl.full_name as source_name, dl.full_name as destination_name,
           sw.code as source_warehouse_code, dw.code as destination_warehouse_code
      from (select distinct entity_id from stock_event_pending where kind = 'MOVE') e
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
  if exists (select 1 from stock_event_pending where kind = 'RESERVATION') then
  for r in
    select rv.*, ch.code as channel_code,
           (select coalesce(jsonb_agg(jsonb_build_object('productId', l.product_id, 'sku', pr.sku,
                      'warehouseId', l.warehouse_id, 'warehouseCode', w.code,
                      'quantity', trim_scale(l.quantity)::text, 'fulfilledQuantity', trim_scale(l.fulfilled_quantity)::text)
                      order by pr.sku, w.code), '[]'::jsonb)
              from reservation_line l join product pr on pr.id = l.product_id join warehouse w on w.id = l.warehouse_id
             where l.reservation_id = rv.id) as lines
      from (select distinct entity_id from stock_event_pending where kind = 'RESERVATION') e
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
  delete from stock_event_pending;
  if last is not null then perform pg_notify('stockline_stock_event', last::text); end if;
  return null;
end
$$;`);
    this.addSql(`create constraint trigger stock_event_flush after insert on stock_event_pending
  deferrable initially deferred for each row when (new.first) execute function stock_event_flush();`);
  }

  override async down(): Promise<void> {
    for (const table of ['quant', 'safety_stock', 'stock_move', 'reservation_line', 'reservation']) {
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger if exists stock_event_stage_${op} on ${table};`);
        this.addSql(`drop function if exists stock_event_stage_${table}_${op}();`);
      }
    }
    this.addSql(`drop trigger if exists stock_event_flush on stock_event_pending;`);
    this.addSql(`drop function if exists stock_event_flush();`);
    this.addSql(`drop function if exists stock_event_cause(text, uuid);`);
    this.addSql(`drop function if exists stock_event_arm();`);
    this.addSql(`drop function if exists stock_level_figures(uuid[], uuid[]);`);
    this.addSql(`drop function if exists stock_reserved(uuid[], uuid[]);`);
    this.addSql(`drop table if exists "stock_event" cascade;`);

    this.addSql(`drop table if exists "stock_event_pending" cascade;`);

    this.addSql(`drop table if exists "stock_level_published" cascade;`);
  }

}
