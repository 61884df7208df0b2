import { Migration } from '@mikro-orm/migrations';

/** Pairs whose figures one statement of the flush computes; see the class comment. */
export const FLUSH_CHUNK_PAIRS = 500;

/**
 * Hand-written (the generator cannot express functions): the stock-event flush computes the
 * figures of its transaction's pairs in chunks of at most FLUSH_CHUNK_PAIRS pairs, so a commit's
 * cost is linear in its pairs whatever plan PostgreSQL picks.
 *
 * The flush ran one statement over all of a transaction's pairs. Planned inside the function
 * from missing or empty statistics (a fresh database, a queue analyzed while empty) and with
 * `enable_seqscan = off`, it joined the pairs to their figures by nested loops over
 * materialized rows: 6,000 pairs (a 6,000-row CSV import) spent 4.9 s in one join that compared
 * every pair with every other (18 million rows removed by a join filter) on the embedded
 * PostgreSQL 18, and a 100,000-row import's COMMIT ran over 26 minutes. Each chunk's statement
 * still may be quadratic in the chunk, but a chunk is bounded, so the whole is linear.
 *
 * The pending pairs are read once, numbered in (product, warehouse) order and grouped into
 * chunks by one statement (a sort and an aggregate, no join); each chunk's pairs, products and
 * warehouses arrive as arrays, and `stock_level_figures` is called with plain array arguments,
 * which keeps it inlinable (and lets a redefinition of it slot in unchanged). Events keep their
 * order (product, then warehouse) and everything else is as before.
 */
/** Each pair of the transaction once, with the cause of highest priority (first staged among equals). */
const pairs = `select distinct on (p.product_id, p.warehouse_id) p.company_id, p.product_id, p.warehouse_id,
                           p.cause_kind, p.cause_id
                      from stock_event_pending p where p.kind = 'PAIR' and p.xid = me
                     order by p.product_id, p.warehouse_id, p.priority, p.ordinal`;

/** Most causes one stock-level event lists (`causeCount` gives them all). */
export const MAX_EVENT_CAUSES = 50;

/**
 * Each pair once, with its cause of highest priority and every distinct cause staged for it
 * (moves, reservations, purchase lines, safety stock; the quants written only when nothing else
 * explains the change), in the order they were staged, at most MAX_EVENT_CAUSES, and their count.
 */
function pairsWithCauses(): string {
  return `select e.product_id, e.warehouse_id, (array_agg(e.company_id))[1] as company_id,
                           (array_agg(e.cause_kind order by e.priority, e.ordinal))[1] as cause_kind,
                           (array_agg(e.cause_id order by e.priority, e.ordinal))[1] as cause_id,
                           to_jsonb((array_agg(jsonb_build_array(e.cause_kind, e.cause_id) order by e.ordinal))[1:${MAX_EVENT_CAUSES}]) as causes,
                           count(*)::int as cause_count
                      from (select d.*, min(d.priority) over (partition by d.product_id, d.warehouse_id) as best
                              from (select p.company_id, p.product_id, p.warehouse_id, p.cause_kind, p.cause_id,
                                           min(p.priority) as priority, min(p.ordinal) as ordinal
                                      from stock_event_pending p where p.kind = 'PAIR' and p.xid = me
                                     group by 1, 2, 3, 4, 5) d) e
                     where e.priority < 8 or e.best >= 8
                     group by e.product_id, e.warehouse_id
                     order by e.product_id, e.warehouse_id`;
}

/** The listed causes with their kind and reference as stock_event_cause names them. */
const causesPayload = `
      select coalesce(jsonb_agg(jsonb_build_object('kind', k.kind, 'id', k.id, 'reference', k.reference) order by e.n), '[]')
        into cs
        from jsonb_array_elements(r.causes) with ordinality as e(v, n),
             lateral stock_event_cause(e.v->>0, (e.v->>1)::uuid) k;`;

/** The one ordering lock of the whole database (until Migration20261207040000CompanySequence). */
const globalLock = `-- Held until the commit is visible: the next transaction takes its sequence values after ours
  -- are readable, so readers advancing by sequence never skip one committed later.
  perform pg_advisory_xact_lock(4157327605);`;

/**
 * The counter row of each company the transaction staged something for, created at its first
 * event and locked in company order (no deadlock between transactions of several companies)
 * until commit: the next commit of the company reads the counter after ours is visible, so a
 * reader following a company's counter never skips an event committed later, and companies do
 * not wait for each other.
 */
const companyLocks = `insert into stock_event_counter (company_id, last)
  select distinct company_id, 0 from stock_event_pending where xid = me and company_id is not null order by 1
  on conflict (company_id) do nothing;
  select coalesce(jsonb_object_agg(k.company_id, k.last), '{}') into seqs
    from (select sc.company_id, sc.last from stock_event_counter sc
           where sc.company_id in (select p.company_id from stock_event_pending p where p.xid = me and p.company_id is not null)
           order by sc.company_id for update of sc) k;`;

/** Each company's counter takes the last number its events took. */
const saveCounters = `
  update stock_event_counter k set last = (seqs->>k.company_id::text)::bigint
   where k.company_id in (select key::uuid from jsonb_each(seqs))
     and k.last <> (seqs->>k.company_id::text)::bigint;`;

/** Each reservation line names the kit it holds components for, and how many whole kits (null: reserved on its own). */
const kitLineFields = `,
                      'kitId', l.kit_id, 'kitSku', kp.sku, 'kitQuantity', trim_scale(l.kit_quantity)::text`;

/** The kits a reservation holds, per kit and warehouse: whole kits (every component line of a kit agrees). */
const reservationKits = `,
           (select coalesce(jsonb_agg(jsonb_build_object('kitId', k.kit_id, 'sku', k.sku, 'warehouseId', k.warehouse_id,
                      'warehouseCode', k.code, 'quantity', trim_scale(k.kit_quantity)::text) order by k.sku, k.code), '[]'::jsonb)
              from (select distinct on (l.kit_id, l.warehouse_id) l.kit_id, kp.sku, l.warehouse_id, w.code, l.kit_quantity
                      from reservation_line l join product kp on kp.id = l.kit_id join warehouse w on w.id = l.warehouse_id
                     where l.reservation_id = rv.id and l.kit_quantity is not null
                     order by l.kit_id, l.warehouse_id) k) as kits`;

/**
 * A product whose kit definition was removed (kit_component triggers stage KIT rows): where a
 * kit figure was published for it, its own figures (the pair path) are published again.
 */
const kitsUndone = `
  if exists (select 1 from stock_event_pending where kind = 'KIT' and xid = me) then
    -- Compared as figures only: a pair whose own figures equal the kit's last ones is not pushed.
    update stock_level_published pub set figures = pub.figures - 'components'
     where pub.product_id in (select k.product_id from stock_event_pending k where k.kind = 'KIT' and k.xid = me)
       and not exists (select from kit_component kc where kc.kit_id = pub.product_id);
    insert into stock_event_pending (company_id, kind, product_id, warehouse_id, cause_kind, cause_id, priority)
    select distinct k.company_id, 'PAIR', k.product_id, pub.warehouse_id, 'KIT', k.product_id, 6
      from stock_event_pending k join stock_level_published pub on pub.product_id = k.product_id
     where k.kind = 'KIT' and k.xid = me and not exists (select from kit_component kc where kc.kit_id = k.product_id);
  end if;`;

/**
 * A kit whose definition changed: its figures in every warehouse where it or a component has
 * published figures, from the final state, published when they (or its components) changed
 * (stock_event_kit_publish, Migration20261207055000PurchasingEvents), numbered in its company's
 * sequence like the fan-out of component events.
 */
const kitsRedefined = `
  if exists (select 1 from stock_event_pending where kind = 'KIT' and xid = me) then
  for r in
    select k.kit_id, pr.sku,
           array(select distinct pub.warehouse_id from stock_level_published pub
                  where pub.product_id = k.kit_id
                     or pub.product_id in (select kc.component_id from kit_component kc where kc.kit_id = k.kit_id)) as ws
      from (select distinct product_id as kit_id from stock_event_pending where kind = 'KIT' and xid = me) k
      join product pr on pr.id = k.kit_id
     where exists (select from kit_component kc where kc.kit_id = k.kit_id)
     order by k.kit_id
  loop
    perform set_config('stockline.event_seqs', seqs::text, true);
    last := coalesce(stock_event_kit_publish(array[r.kit_id], r.ws, at, 'KIT', r.kit_id, r.sku), last);
    seqs := current_setting('stockline.event_seqs')::jsonb;
  end loop;
  end if;`;

/**
 * Purchasing events (order confirmed, received, bill held), staged with their payload by
 * stock_event_stage_purchasing from the purchasing services, in the order they were staged, after
 * the stock events of the same commit (a receipt's event comes after the stock it received).
 */
function purchasingEvents(next: string, column: string, value: string): string {
  return `if exists (select 1 from stock_event_pending where kind = 'PURCHASING' and xid = me) then
  for r in
    select p.company_id, p.warehouse_id, p.entity_id, p.cause_kind, p.cause_id, p.payload
      from stock_event_pending p where p.kind = 'PURCHASING' and p.xid = me order by p.ordinal
  loop${next}
    insert into stock_event (committed_at, company_id, kind, warehouse_id, entity_id, cause_kind, cause_id, cause_reference, payload${column})
    values (at, r.company_id, 'PURCHASING', r.warehouse_id, r.entity_id, r.cause_kind, r.cause_id,
            left(r.payload->>'reference', 200), r.payload${value})
    returning sequence into last;
  end loop;
  end if;`;
}

export function flushFunction(
  options: {
    causes: boolean;
    companySequence?: boolean;
    kitSequence?: boolean;
    /** Migration20261207055000PurchasingEvents: purchasing events, kit definition events, kits on reservation lines. */
    purchasing?: boolean;
    kitDefinitions?: boolean;
    kitLines?: boolean;
  } = { causes: false },
): string {
  // A kit's event is written by a trigger on the component's (Migration20261207021108): it takes
  // its number from the counters handed over in stockline.event_seqs and hands them back.
  const handOver = options.companySequence && options.kitSequence;
  const beforeLevel = handOver ? `\n      perform set_config('stockline.event_seqs', seqs::text, true);` : '';
  const afterLevel = handOver ? `\n      seqs := current_setting('stockline.event_seqs')::jsonb;` : '';
  // Per company sequences (Migration20261207040000CompanySequence): each event takes the next
  // number of its company, from the counter rows locked below.
  const next = (company: string) =>
    options.companySequence
      ? `\n      n := (seqs->>${company}::text)::bigint + 1;\n      seqs := jsonb_set(seqs, array[${company}::text], to_jsonb(n));`
      : '';
  const column = options.companySequence ? ', company_sequence' : '';
  const value = options.companySequence ? ', n' : '';
  const keys = ['onHand', 'pickable', 'qualityHold', 'damaged', 'incoming', 'inTransit', 'outgoing', 'committed',
    'safetyStock', 'reserved', 'available', 'short', 'forecast'];
  const columns: Record<string, string> = {
    onHand: 'on_hand', pickable: 'pickable', qualityHold: 'quality_hold', damaged: 'damaged', incoming: 'incoming',
    inTransit: 'in_transit', outgoing: 'outgoing', committed: 'committed', safetyStock: 'safety_stock',
    reserved: 'reserved', available: 'available', short: 'short', forecast: 'forecast',
  };
  const figures = keys.map((k) => `'${k}', trim_scale(f.${columns[k]})::text`).join(',\n               ');
  return `create or replace function stock_event_flush() returns trigger language plpgsql set lock_timeout = 0 set enable_seqscan = off as $$
declare
  r record;
  c record;
  part record;${options.causes ? '\n  cs jsonb;' : ''}${options.companySequence ? '\n  seqs jsonb;\n  n bigint;' : ''}
  zero constant jsonb := jsonb_build_object(${keys.map((k) => `'${k}', '0'`).join(', ')});
  at timestamptz;
  last bigint;
  me constant xid8 := pg_current_xact_id();
begin
  perform set_config('stockline.stock_event_armed', '', true);
  ${options.companySequence ? companyLocks : globalLock}
  at := clock_timestamp();${options.kitDefinitions ? kitsUndone : ''}
  -- One row per chunk of at most ${FLUSH_CHUNK_PAIRS} pairs, in (product, warehouse) order; the
  -- arrays of one chunk are aligned (one input order for every aggregate).
  for part in
    select array_agg(x.company_id) as companies, array_agg(x.product_id) as products,
           array_agg(x.warehouse_id) as warehouses, array_agg(x.cause_kind) as cause_kinds,
           array_agg(x.cause_id) as cause_ids,${options.causes ? '\n           array_agg(x.causes) as causes, array_agg(x.cause_count) as cause_counts,' : ''}
           array_agg(distinct x.product_id) as ps, array_agg(distinct x.warehouse_id) as ws
      from (select pend.*, (row_number() over (order by pend.product_id, pend.warehouse_id) - 1) / ${FLUSH_CHUNK_PAIRS} as chunk
              from (${options.causes ? pairsWithCauses() : pairs}) pend) x
     group by x.chunk
     order by x.chunk
  loop
    for r in
      select pend.*, pr.sku, w.code as warehouse_code, pub.figures as previous,
             jsonb_build_object(${figures}) as figures
        from unnest(part.companies, part.products, part.warehouses, part.cause_kinds, part.cause_ids${options.causes ? ', part.causes, part.cause_counts' : ''})
               as pend(company_id, product_id, warehouse_id, cause_kind, cause_id${options.causes ? ', causes, cause_count' : ''})
        join stock_level_figures(part.ps, part.ws) f on f.product_id = pend.product_id and f.warehouse_id = pend.warehouse_id
        join product pr on pr.id = pend.product_id
        join warehouse w on w.id = pend.warehouse_id
        left join stock_level_published pub on pub.product_id = pend.product_id and pub.warehouse_id = pend.warehouse_id
       order by pend.product_id, pend.warehouse_id
    loop
      continue when r.figures = coalesce(r.previous, zero);
      insert into stock_level_published (product_id, warehouse_id, figures) values (r.product_id, r.warehouse_id, r.figures)
        on conflict (product_id, warehouse_id) do update set figures = excluded.figures;
      c := stock_event_cause(r.cause_kind, r.cause_id);${options.causes ? causesPayload : ''}${next('r.company_id')}${beforeLevel}
      insert into stock_event (committed_at, company_id, kind, product_id, warehouse_id, cause_kind, cause_id, cause_reference, payload${column})
      values (at, r.company_id, 'STOCK_LEVEL', r.product_id, r.warehouse_id, c.kind, c.id, c.reference,
              jsonb_build_object('sku', r.sku, 'warehouseCode', r.warehouse_code, 'figures', r.figures,
                                 'previous', coalesce(r.previous, zero)${options.causes ? ", 'causes', cs, 'causeCount', r.cause_count" : ''})${value})
      returning sequence into last;${afterLevel}
    end loop;
  end loop;${options.kitDefinitions ? kitsRedefined : ''}
  -- Each block only when it has work: a plan is made on first use, per connection. Both join
  -- their rows to others by primary key only, one row each: linear whatever the plan.
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
    c := stock_event_cause('MOVE', r.id);${next('r.company_id')}
    insert into stock_event (committed_at, company_id, kind, product_id, entity_id, cause_kind, cause_id, cause_reference, payload${column})
    values (at, r.company_id, 'STOCK_MOVE', r.product_id, r.id, c.kind, c.id, c.reference,
            jsonb_build_object('moveId', r.id, 'reference', nullif(r.reference, ''), 'state', r.state,
              'productId', r.product_id, 'sku', r.sku, 'quantity', trim_scale(r.quantity)::text,
              'sourceLocationId', r.source_id, 'sourceLocation', r.source_name,
              'destinationLocationId', r.destination_id, 'destinationLocation', r.destination_name,
              'sourceWarehouseId', r.source_warehouse_id, 'sourceWarehouseCode', r.source_warehouse_code,
              'destinationWarehouseId', r.destination_warehouse_id, 'destinationWarehouseCode', r.destination_warehouse_code,
              'lot', nullif(r.lot, ''), 'expectedDate', r.expected_date, 'effectiveDate', r.effective_date)${value})
    returning sequence into last;
  end loop;
  end if;
  if exists (select 1 from stock_event_pending where kind = 'RESERVATION' and xid = me) then
  for r in
    select rv.*, ch.code as channel_code,
           (select coalesce(jsonb_agg(jsonb_build_object('productId', l.product_id, 'sku', pr.sku,
                      'warehouseId', l.warehouse_id, 'warehouseCode', w.code,
                      'quantity', trim_scale(l.quantity)::text, 'fulfilledQuantity', trim_scale(l.fulfilled_quantity)::text,
                      'shortQuantity', trim_scale(l.short_quantity)::text${options.kitLines ? kitLineFields : ''})
                      order by pr.sku, w.code), '[]'::jsonb)
              from reservation_line l join product pr on pr.id = l.product_id join warehouse w on w.id = l.warehouse_id${options.kitLines ? '\n                   left join product kp on kp.id = l.kit_id' : ''}
             where l.reservation_id = rv.id) as lines${options.kitLines ? reservationKits : ''}
      from (select distinct entity_id from stock_event_pending where kind = 'RESERVATION' and xid = me) e
      join reservation rv on rv.id = e.entity_id
      left join channel ch on ch.id = rv.channel_id
     order by rv.created_at, rv.id
  loop${next('r.company_id')}
    insert into stock_event (committed_at, company_id, kind, entity_id, cause_kind, cause_id, cause_reference, payload${column})
    values (at, r.company_id, 'RESERVATION', r.id, 'RESERVATION', r.id, r.reference,
            jsonb_build_object('reservationId', r.id, 'reference', r.reference, 'state', r.state,
              'channel', r.channel_code, 'expiresAt', r.expires_at, 'lines', r.lines${options.kitLines ? ", 'kits', r.kits" : ''})${value})
    returning sequence into last;
  end loop;
  end if;
  ${options.purchasing ? purchasingEvents(next('r.company_id'), column, value) : ''}
  delete from stock_event_pending where xid = me;${options.companySequence ? saveCounters : ''}
  if last is not null then perform pg_notify('stockline_stock_event', last::text); end if;
  return null;
end
$$;`;
}

export class Migration20261207021500FlushInChunks extends Migration {
  override async up(): Promise<void> {
    this.addSql(flushFunction());
  }

  override async down(): Promise<void> {
    // The previous definition is Migration20261206231736's; a rollback past this one keeps the
    // chunked flush, which writes the same events.
  }
}
