import { Migration } from '@mikro-orm/migrations';

/**
 * One stock truth (issue 17). Generated: the SHORT reservation state, the lines' short quantity,
 * counts applied with force. Hand-written (the generator cannot express functions): the one
 * definition of each figure of the stock status model (docs/stock-figures.md), used by
 * stockLevels, availability, every reservation path, the ledger's guard, the outbox and
 * stockReconcile alike:
 * - `stock_pickable`: on hand in sellable locations (Stock and its sellable bins) of an active
 *   warehouse: what a delivery can take. Input, Quality, Output and Damaged never count.
 * - `stock_committed`: held by confirmed moves that will take pickable stock out of the pickable
 *   locations (deliveries, shipments, moves to Output or Damaged), as a reservation holds it.
 * - `stock_available(pickable, reserved, committed, safety)`: what may still be promised.
 * - `stock_sellable`: those figures for every pair asked (the hot path's function), and
 *   `stock_level_figures`: every figure, available, short and forecast included.
 * All stay plain SQL functions so that PostgreSQL inlines them into the calling statement.
 */
function flushFunction(): string {
  const figure = (key: string, column: string) => `'${key}', trim_scale(f.${column})::text`;
  const figures = [
    figure('onHand', 'on_hand'),
    figure('pickable', 'pickable'),
    figure('qualityHold', 'quality_hold'),
    figure('damaged', 'damaged'),
    figure('incoming', 'incoming'),
    figure('inTransit', 'in_transit'),
    figure('outgoing', 'outgoing'),
    figure('committed', 'committed'),
    figure('safetyStock', 'safety_stock'),
    figure('reserved', 'reserved'),
    figure('available', 'available'),
    figure('short', 'short'),
    figure('forecast', 'forecast'),
  ].join(',\n             ');
  const keys = ['onHand', 'pickable', 'qualityHold', 'damaged', 'incoming', 'inTransit', 'outgoing', 'committed',
    'safetyStock', 'reserved', 'available', 'short', 'forecast'];
  return `create or replace function stock_event_flush() returns trigger language plpgsql set lock_timeout = 0 set enable_seqscan = off as $$
declare
  r record;
  c record;
  zero constant jsonb := jsonb_build_object(${keys.map((k) => `'${k}', '0'`).join(', ')});
  at timestamptz;
  last bigint;
  me constant xid8 := pg_current_xact_id();
begin
  perform set_config('stockline.stock_event_armed', '', true);
  -- Held until the commit is visible: the next transaction takes its sequence values after ours
  -- are readable, so readers advancing by sequence never skip one committed later.
  perform pg_advisory_xact_lock(4157327605);
  at := clock_timestamp();
  for r in
    with pend as (
      select distinct on (p.product_id, p.warehouse_id) p.company_id, p.product_id, p.warehouse_id, p.cause_kind, p.cause_id
        from stock_event_pending p where p.kind = 'PAIR' and p.xid = me
       order by p.product_id, p.warehouse_id, p.priority, p.ordinal),
    -- Array arguments through LATERAL, not sub-selects, so the figures function is inlined.
    a as (select array(select distinct product_id from pend) as ps, array(select distinct warehouse_id from pend) as ws),
    f as (select f.* from a, lateral stock_level_figures(a.ps, a.ws) f)
    select pend.*, pr.sku, w.code as warehouse_code, pub.figures as previous,
           jsonb_build_object(${figures}) as figures
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
  if exists (select 1 from stock_event_pending where kind = 'MOVE' and xid = me) then
  for r in
    select m.*, pr.sku, sl.full_name as source_name, dl.full_name as destination_name,
           sw.code as source_warehouse_code, dw.code as destination_warehouse_code
      from (select distinct entity_id from stock_event_pending where kind = 'MOVE' and xid = me) e
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
  if exists (select 1 from stock_event_pending where kind = 'RESERVATION' and xid = me) then
  for r in
    select rv.*, ch.code as channel_code,
           (select coalesce(jsonb_agg(jsonb_build_object('productId', l.product_id, 'sku', pr.sku,
                      'warehouseId', l.warehouse_id, 'warehouseCode', w.code,
                      'quantity', trim_scale(l.quantity)::text, 'fulfilledQuantity', trim_scale(l.fulfilled_quantity)::text,
                      'shortQuantity', trim_scale(l.short_quantity)::text)
                      order by pr.sku, w.code), '[]'::jsonb)
              from reservation_line l join product pr on pr.id = l.product_id join warehouse w on w.id = l.warehouse_id
             where l.reservation_id = rv.id) as lines
      from (select distinct entity_id from stock_event_pending where kind = 'RESERVATION' and xid = me) e
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
  delete from stock_event_pending where xid = me;
  if last is not null then perform pg_notify('stockline_stock_event', last::text); end if;
  return null;
end
$$;`;
}

export class Migration20261206231736 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "reservation_state" add value if not exists 'SHORT' after 'ACTIVE';`);

    this.addSql(`alter table "reservation_line" add column "short_quantity" numeric(20,6) not null default '0';`);

    this.addSql(`alter table "inventory_count" add column "accept_shortage" boolean not null default false;`);

    this.addSql(`create function stock_pickable(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, pickable numeric) language sql stable as $$
  -- On hand in sellable locations (Stock and its sellable bins) of an active warehouse.
  select q.product_id, q.warehouse_id, sum(q.quantity)
    from quant q
    join location l on l.id = q.location_id and l.sellable
    join warehouse w on w.id = q.warehouse_id and w.active
   where q.product_id = any(p_products) and q.warehouse_id = any(p_warehouses)
   group by 1, 2
$$;`);
    this.addSql(`create function stock_move_takes_pickable(p_source_sellable boolean, p_source_warehouse uuid,
  p_destination_sellable boolean, p_destination_warehouse uuid) returns boolean language sql immutable as $$
  -- A move takes pickable stock of its source warehouse unless it only moves it between two
  -- sellable locations of that warehouse (bin to bin).
  select p_source_sellable and not (p_destination_sellable and p_destination_warehouse is not distinct from p_source_warehouse)
$$;`);
    this.addSql(`create function stock_move_feeds_pickable(p_source_sellable boolean, p_source_warehouse uuid,
  p_destination_sellable boolean, p_destination_warehouse uuid) returns boolean language sql immutable as $$
  -- The mirror image: the move adds to the pickable stock of its destination warehouse.
  select stock_move_takes_pickable(p_destination_sellable, p_destination_warehouse, p_source_sellable, p_source_warehouse)
$$;`);
    this.addSql(`create function stock_committed(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, committed numeric) language sql stable as $$
  -- Held by confirmed moves that will take stock out of the pickable locations of their
  -- warehouse (deliveries, shipments, moves to Output or Damaged), as a reservation holds it.
  select m.product_id, m.source_warehouse_id, sum(m.quantity)
    from stock_move m
    join location sl on sl.id = m.source_id and sl.sellable
    join location dl on dl.id = m.destination_id
   where m.state = 'CONFIRMED' and m.product_id = any(p_products) and m.source_warehouse_id = any(p_warehouses)
     and stock_move_takes_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)
   group by 1, 2
$$;`);
    this.addSql(`create function stock_available(p_pickable numeric, p_reserved numeric, p_committed numeric, p_safety numeric)
  returns numeric language sql immutable as $$
  select greatest(0, p_pickable - p_reserved - p_committed - p_safety)
$$;`);
    this.addSql(`create function stock_sellable(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, pickable numeric, reserved numeric, committed numeric,
                 safety_stock numeric, balance numeric, available numeric, short numeric) language sql stable as $$
  -- What availability and every reservation path read, for every pair of p_products x p_warehouses.
  -- balance: available before it is floored at 0 (negative when holds exceed the stock; ATP starts
  -- there); short: holds (reserved, committed) that the pickable stock cannot serve.
  select p.id, w.id, coalesce(pk.pickable, 0), coalesce(r.reserved, 0), coalesce(c.committed, 0),
         coalesce(ss.quantity, 0),
         coalesce(pk.pickable, 0) - coalesce(r.reserved, 0) - coalesce(c.committed, 0) - coalesce(ss.quantity, 0),
         stock_available(coalesce(pk.pickable, 0), coalesce(r.reserved, 0), coalesce(c.committed, 0),
                         coalesce(ss.quantity, 0)),
         greatest(0, coalesce(r.reserved, 0) + coalesce(c.committed, 0) - coalesce(pk.pickable, 0))
    from unnest(p_products) p(id) cross join unnest(p_warehouses) w(id)
    left join stock_pickable(p_products, p_warehouses) pk on pk.product_id = p.id and pk.warehouse_id = w.id
    left join stock_reserved(p_products, p_warehouses) r on r.product_id = p.id and r.warehouse_id = w.id
    left join stock_committed(p_products, p_warehouses) c on c.product_id = p.id and c.warehouse_id = w.id
    left join safety_stock ss on ss.product_id = p.id and ss.warehouse_id = w.id
$$;`);
    this.addSql(`drop function stock_level_figures(uuid[], uuid[]);`);
    this.addSql(`create function stock_level_figures(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, on_hand numeric, pickable numeric, quality_hold numeric,
                 damaged numeric, incoming numeric, in_transit numeric, outgoing numeric, committed numeric,
                 safety_stock numeric, reserved numeric, available numeric, short numeric, forecast numeric,
                 active boolean)
  language sql stable as $$
  -- Every figure of every pair of p_products x p_warehouses (docs/stock-figures.md). incoming
  -- counts confirmed moves from outside the warehouse and confirmed put-aways (from a location
  -- of the warehouse that is not pickable into one that is); forecast counts the goods once.
  -- active: the pair has stock, open moves or reservations.
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
           sum(m.quantity) filter (where m.destination_warehouse_id = w.id and m.source_warehouse_id = w.id
                                     and stock_move_feeds_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id))
             as put_away,
           sum(m.quantity) filter (where m.destination_warehouse_id = w.id and sl.type = 'TRANSIT') as in_transit,
           sum(m.quantity) filter (where m.source_warehouse_id = w.id
                                     and m.destination_warehouse_id is distinct from w.id) as outgoing
      from stock_move m
      join location sl on sl.id = m.source_id
      join location dl on dl.id = m.destination_id
      join unnest(p_warehouses) w(id) on w.id = m.source_warehouse_id or w.id = m.destination_warehouse_id
     where m.state = 'CONFIRMED' and m.product_id = any(p_products)
     group by 1, 2),
  s as (select * from stock_sellable(p_products, p_warehouses))
  select s.product_id, s.warehouse_id, coalesce(q.on_hand, 0), s.pickable, coalesce(q.quality_hold, 0),
         coalesce(q.damaged, 0), coalesce(m.incoming, 0) + coalesce(m.put_away, 0), coalesce(m.in_transit, 0),
         coalesce(m.outgoing, 0), s.committed, s.safety_stock, s.reserved, s.available, s.short,
         coalesce(q.on_hand, 0) + coalesce(m.incoming, 0) - coalesce(m.outgoing, 0) - s.reserved,
         q.product_id is not null or m.product_id is not null or s.reserved <> 0
    from s
    left join q on q.product_id = s.product_id and q.warehouse_id = s.warehouse_id
    left join m on m.product_id = s.product_id and m.warehouse_id = s.warehouse_id
$$;`);
    this.addSql(flushFunction());
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inventory_count" drop column "accept_shortage";`);

    this.addSql(`alter table "reservation_line" drop column "short_quantity";`);
  }

}
