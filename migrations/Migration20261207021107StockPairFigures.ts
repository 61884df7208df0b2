import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 21: stock figures kept current instead of rebuilt at every read. Generated: the
 * `stock_pair_figures` table (one row per product x warehouse). Hand-written (the generator cannot
 * express triggers or functions):
 * - Statement triggers on quant and stock_move add each statement's change to the pair's sums
 *   (on hand by location kind, pickable, and the confirmed moves' committed, incoming, put-away,
 *   in transit and outgoing), as reserved_stock is kept for reservation lines. Each statement
 *   updates its pairs once, in (product, warehouse) order, and only those whose sums change.
 * - A change of a location's sellable flag, type or warehouse rebuilds the sums of the products
 *   stored in it or moving through it.
 * - `stock_sellable_pairs` (a view: the sellable figures of every pair), read by
 *   `stock_sellable` and `stock_level_figures` (the one definition of every figure, same
 *   signatures, so availability, stockLevels, reservations, the ledger's guard, ATP and the
 *   event flush follow) read one row per pair: pickable when the warehouse is active, committed,
 *   reserved_stock less the lines expired but not yet swept, safety stock.
 * - `stock_pair_figures_computed` recomputes the sums from quants and open moves, through the
 *   same contribution rules as the triggers (quantSums / moveSums below), and
 *   `stock_pair_figures_drift` lists the pairs where the kept sums differ (stockReconcile).
 */

/** Every kept sum, in the table's column order. */
const SUMS = ['on_hand', 'quality_hold', 'damaged', 'pickable', 'committed', 'incoming', 'put_away', 'in_transit', 'outgoing'];
const COUNTS = ['quants', 'open_moves'];
const COLUMNS = [...SUMS, ...COUNTS];

/**
 * What quant rows add to their pair: `rows` has product_id, warehouse_id, location_id,
 * quantity, company_id and sign (+1 for a row that is there, -1 for one that is gone).
 */
function quantSums(rows: string): string {
  const q = (filter: string) => `coalesce(sum(x.sign * x.quantity) filter (where ${filter}), 0)`;
  return `select x.product_id, x.warehouse_id, min(x.company_id::text)::uuid as company_id,
           ${q(`l.type in ('INTERNAL', 'QUALITY', 'DAMAGED')`)} as on_hand,
           ${q(`l.type = 'QUALITY'`)} as quality_hold,
           ${q(`l.type = 'DAMAGED'`)} as damaged,
           ${q('l.sellable')} as pickable,
           0::numeric as committed, 0::numeric as incoming, 0::numeric as put_away, 0::numeric as in_transit,
           0::numeric as outgoing, sum(x.sign)::int as quants, 0 as open_moves
      from (${rows}) x join location l on l.id = x.location_id
     where x.warehouse_id is not null
     group by x.product_id, x.warehouse_id`;
}

/**
 * What confirmed moves add to the pairs of their source and destination warehouses (one pair
 * when both are the same): `rows` has stock_move's columns and sign.
 */
function moveSums(rows: string): string {
  const m = (filter: string) => `coalesce(sum(y.sign * y.quantity) filter (where ${filter}), 0)`;
  return `select y.product_id, w.id as warehouse_id, min(y.company_id::text)::uuid as company_id,
           0::numeric as on_hand, 0::numeric as quality_hold, 0::numeric as damaged, 0::numeric as pickable,
           ${m(`w.id = y.source_warehouse_id and sl.sellable
                and stock_move_takes_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)`)} as committed,
           ${m('y.destination_warehouse_id = w.id and y.source_warehouse_id is distinct from w.id')} as incoming,
           ${m(`y.destination_warehouse_id = w.id and y.source_warehouse_id = w.id
                and stock_move_feeds_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)`)} as put_away,
           ${m(`y.destination_warehouse_id = w.id and sl.type = 'TRANSIT'`)} as in_transit,
           ${m('y.source_warehouse_id = w.id and y.destination_warehouse_id is distinct from w.id')} as outgoing,
           0 as quants, sum(y.sign)::int as open_moves
      from (${rows}) y
      join location sl on sl.id = y.source_id
      join location dl on dl.id = y.destination_id
      cross join lateral (values (y.source_warehouse_id),
                                 (case when y.destination_warehouse_id is distinct from y.source_warehouse_id
                                       then y.destination_warehouse_id end)) w(id)
     where y.state = 'CONFIRMED' and w.id is not null
     group by y.product_id, w.id`;
}

/** Adds `sums` (a relation of pair sums) to the kept rows, pairs in one global order, changed ones only. */
function addSums(sums: string): string {
  const total = (c: string) => `sum(${c})${COUNTS.includes(c) ? '::int' : ''}`;
  return `insert into stock_pair_figures (product_id, warehouse_id, company_id, ${COLUMNS.join(', ')})
  select product_id, warehouse_id, min(company_id::text)::uuid, ${COLUMNS.map(total).join(', ')}
    from (${sums}) d
   group by product_id, warehouse_id
  having ${COLUMNS.map((c) => `${total(c)} <> 0`).join(' or ')}
   order by product_id, warehouse_id
  on conflict (product_id, warehouse_id) do update set
    ${COLUMNS.map((c) => `${c} = stock_pair_figures.${c} + excluded.${c}`).join(',\n    ')};`;
}

function rowsOf(op: 'insert' | 'update' | 'delete', columns: string): string {
  const fresh = `select ${columns}, 1 as sign from new_rows`;
  const gone = `select ${columns}, -1 as sign from old_rows`;
  return op === 'insert' ? fresh : op === 'delete' ? gone : `${fresh} union all ${gone}`;
}

const QUANT_COLUMNS = 'product_id, warehouse_id, location_id, quantity, company_id';
const MOVE_COLUMNS =
  'product_id, source_id, destination_id, source_warehouse_id, destination_warehouse_id, state, quantity, company_id';

function trigger(table: 'quant' | 'stock_move', op: 'insert' | 'update' | 'delete'): string[] {
  const sums = table === 'quant' ? quantSums(rowsOf(op, QUANT_COLUMNS)) : moveSums(rowsOf(op, MOVE_COLUMNS));
  const name = `stock_pair_figures_${table}_${op}`;
  const referencing =
    op === 'insert' ? 'new table as new_rows' : op === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
  return [
    `create function ${name}() returns trigger language plpgsql as $$
begin
  ${addSums(sums)}
  return null;
end
$$;`,
    `create trigger ${name} after ${op} on ${table} referencing ${referencing} for each statement execute function ${name}();`,
  ];
}

const computed = `create function stock_pair_figures_computed(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, company_id uuid, ${COLUMNS.map((c) => `${c} ${COUNTS.includes(c) ? 'int' : 'numeric'}`).join(', ')})
  language sql stable as $$
  -- The kept sums recomputed from quants and confirmed moves (null arrays: every product or warehouse).
  select product_id, warehouse_id, min(company_id::text)::uuid, ${COLUMNS.map((c) => `sum(${c})${COUNTS.includes(c) ? '::int' : ''}`).join(', ')}
    from (${quantSums(`select ${QUANT_COLUMNS}, 1 as sign from quant
                        where (p_products is null or product_id = any(p_products))
                          and (p_warehouses is null or warehouse_id = any(p_warehouses))`)}
          union all
          ${moveSums(`select ${MOVE_COLUMNS}, 1 as sign from stock_move
                       where state = 'CONFIRMED' and (p_products is null or product_id = any(p_products))`)}) s
   where p_warehouses is null or warehouse_id = any(p_warehouses)
   group by product_id, warehouse_id
$$;`;

const drift = `create function stock_pair_figures_drift(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, figure text, kept numeric, recomputed numeric)
  language sql stable as $$
  -- Every kept sum that differs from its recomputation (null arrays: every product or warehouse).
  with k as (select * from stock_pair_figures f
              where (p_products is null or f.product_id = any(p_products))
                and (p_warehouses is null or f.warehouse_id = any(p_warehouses))),
       c as (select * from stock_pair_figures_computed(p_products, p_warehouses))
  select coalesce(k.product_id, c.product_id), coalesce(k.warehouse_id, c.warehouse_id), v.figure, v.kept, v.recomputed
    from k full join c on c.product_id = k.product_id and c.warehouse_id = k.warehouse_id
   cross join lateral (values ${COLUMNS.map((c) => `('${c}', coalesce(k.${c}, 0)::numeric, coalesce(c.${c}, 0)::numeric)`).join(',\n                              ')}) v(figure, kept, recomputed)
   where v.kept <> v.recomputed
$$;`;

const rebuild = `create function stock_pair_figures_rebuild(p_products uuid[]) returns void language plpgsql as $$
begin
  -- Every pair of the products set to its recomputation (a location changed its kind).
  update stock_pair_figures f set ${COLUMNS.map((c) => `${c} = 0`).join(', ')}
   where f.product_id = any(p_products);
  insert into stock_pair_figures (product_id, warehouse_id, company_id, ${COLUMNS.join(', ')})
  select product_id, warehouse_id, company_id, ${COLUMNS.join(', ')}
    from stock_pair_figures_computed(p_products, null)
   order by product_id, warehouse_id
  on conflict (product_id, warehouse_id) do update set
    ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')};
end
$$;`;

const locationChanged = [
  `create function stock_pair_figures_location_update() returns trigger language plpgsql as $$
begin
  perform stock_pair_figures_rebuild(array(
    select q.product_id from quant q where q.location_id = new.id
    union
    select m.product_id from stock_move m
     where m.state = 'CONFIRMED' and (m.source_id = new.id or m.destination_id = new.id)));
  return null;
end
$$;`,
  `create trigger stock_pair_figures_location_update after update on location for each row
  when (old.sellable is distinct from new.sellable or old.type is distinct from new.type
        or old.warehouse_id is distinct from new.warehouse_id)
  execute function stock_pair_figures_location_update();`,
];

/**
 * The sellable figures of every product x warehouse, as a view: PostgreSQL expands a view
 * wherever it is used, also inside another function, while a set-returning SQL function called
 * from one (stock_sellable from stock_level_figures) is run as a separate function scan. Reads
 * one kept row per pair; reserved and safety stock as before.
 */
const sellableView = `create view stock_sellable_pairs as
  -- What availability and every reservation path read (docs/stock-figures.md), one row per pair,
  -- filtered by the caller (stock_sellable, stock_level_figures); each lookup an index scan per pair:
  -- pickable: on hand in sellable locations (Stock and its sellable bins), when the warehouse is active.
  -- reserved: the reserved_stock counter less the active lines past their expiry (expiry applies at
  --   read time, before any sweeper runs). A counter at 0 has no open line to correct.
  -- committed: confirmed moves that will take stock out of the pickable locations of their
  --   warehouse (deliveries, shipments, moves to Output or Damaged), held as a reservation is.
  -- balance: available before its floor at 0 (ATP starts there); short: holds the pickable stock
  --   cannot serve.
  select product_id, warehouse_id, pickable, reserved, committed, safety_stock,
         pickable - reserved - committed - safety_stock as balance,
         stock_available(pickable, reserved, committed, safety_stock) as available,
         greatest(0, reserved + committed - pickable) as short
    from (
    select p.id as product_id, wh.id as warehouse_id,
           case when wh.active then coalesce(sf.pickable, 0) else 0 end as pickable,
           case when coalesce(rs.quantity, 0) = 0 then 0
                else rs.quantity - coalesce((select sum(rl.quantity - rl.fulfilled_quantity) from reservation_line rl
                                              where rl.product_id = p.id and rl.warehouse_id = wh.id
                                                and rl.state = 'ACTIVE' and rl.expires_at <= statement_timestamp()), 0)
           end as reserved,
           coalesce(sf.committed, 0) as committed,
           coalesce(ss.quantity, 0) as safety_stock
      from product p cross join warehouse wh
      -- LIMIT 1 keeps each lookup a parameterized index scan per pair: joined plainly, the planner
      -- (which cannot see how many pairs are asked) hashes the whole tables instead.
      left join lateral (select x.pickable, x.committed from stock_pair_figures x
                          where x.product_id = p.id and x.warehouse_id = wh.id limit 1) sf on true
      left join lateral (select x.quantity from reserved_stock x
                          where x.product_id = p.id and x.warehouse_id = wh.id limit 1) rs on true
      left join lateral (select x.quantity from safety_stock x
                          where x.product_id = p.id and x.warehouse_id = wh.id limit 1) ss on true) f;`;

/** Same signature and columns as before: every caller keeps calling it. */
const sellable = `create or replace function stock_sellable(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, pickable numeric, reserved numeric, committed numeric,
                 safety_stock numeric, balance numeric, available numeric, short numeric) language sql stable as $$
  -- What availability and every reservation path read, for every pair of p_products x p_warehouses
  -- (the view stock_sellable_pairs). Inlined into the calling statement (called at its top level).
  select s.product_id, s.warehouse_id, s.pickable, s.reserved, s.committed, s.safety_stock, s.balance, s.available, s.short
    from stock_sellable_pairs s
   where s.product_id = any(p_products) and s.warehouse_id = any(p_warehouses)
$$;`;

const levelFigures = `create or replace function stock_level_figures(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, on_hand numeric, pickable numeric, quality_hold numeric,
                 damaged numeric, incoming numeric, in_transit numeric, outgoing numeric, committed numeric,
                 safety_stock numeric, reserved numeric, available numeric, short numeric, forecast numeric,
                 active boolean)
  language sql stable as $$
  -- Every figure of every pair of p_products x p_warehouses (docs/stock-figures.md), from the kept
  -- sums and the view stock_sellable_pairs (a view, not stock_sellable: a set-returning function
  -- called from another one is not inlined): incoming counts confirmed moves from outside the warehouse and confirmed put-aways;
  -- forecast counts the goods once. active: the pair has stock, open moves or reservations.
  select s.product_id, s.warehouse_id, coalesce(f.on_hand, 0), s.pickable, coalesce(f.quality_hold, 0),
         coalesce(f.damaged, 0), coalesce(f.incoming, 0) + coalesce(f.put_away, 0), coalesce(f.in_transit, 0),
         coalesce(f.outgoing, 0), s.committed, s.safety_stock, s.reserved, s.available, s.short,
         coalesce(f.on_hand, 0) + coalesce(f.incoming, 0) - coalesce(f.outgoing, 0) - s.reserved,
         coalesce(f.quants, 0) <> 0 or coalesce(f.open_moves, 0) <> 0 or s.reserved <> 0
    from stock_sellable_pairs s
    left join lateral (select x.* from stock_pair_figures x
                        where x.product_id = s.product_id and x.warehouse_id = s.warehouse_id limit 1) f on true
   where s.product_id = any(p_products) and s.warehouse_id = any(p_warehouses)
$$;`;

/** The definitions this migration replaces (Migration20261206231736), for down(). */
export const PREVIOUS_STOCK_SELLABLE = `create function stock_sellable(p_products uuid[], p_warehouses uuid[])
  returns table (product_id uuid, warehouse_id uuid, pickable numeric, reserved numeric, committed numeric,
                 safety_stock numeric, balance numeric, available numeric, short numeric) language sql stable as $$
  -- What availability and every reservation path read, for every pair of p_products x p_warehouses.
  -- pickable: on hand in sellable locations (Stock and its sellable bins) of an active warehouse.
  -- reserved: the ReservedStock counter less the active lines past their expiry (expiry applies at
  --   read time, before any sweeper runs; statement_timestamp keeps the function inlinable).
  -- committed: confirmed moves that will take stock out of the pickable locations of their
  --   warehouse (deliveries, shipments, moves to Output or Damaged), held as a reservation is.
  -- balance: available before its floor at 0 (ATP starts there); short: holds the pickable stock
  --   cannot serve. One body, no nested set-returning function: PostgreSQL inlines a function
  --   called in FROM only at the top level of the calling statement.
  with pk as (
    select q.product_id, q.warehouse_id, sum(q.quantity) as pickable
      from quant q
      join location l on l.id = q.location_id and l.sellable
      join warehouse w on w.id = q.warehouse_id and w.active
     where q.product_id = any(p_products) and q.warehouse_id = any(p_warehouses)
     group by 1, 2),
  r as (
    select rs.product_id, rs.warehouse_id,
           rs.quantity - coalesce((select sum(rl.quantity - rl.fulfilled_quantity) from reservation_line rl
                                    where rl.product_id = rs.product_id and rl.warehouse_id = rs.warehouse_id
                                      and rl.state = 'ACTIVE' and rl.expires_at <= statement_timestamp()), 0) as reserved
      from reserved_stock rs
     where rs.product_id = any(p_products) and rs.warehouse_id = any(p_warehouses)),
  c as (
    select m.product_id, m.source_warehouse_id as warehouse_id, sum(m.quantity) as committed
      from stock_move m
      join location sl on sl.id = m.source_id and sl.sellable
      join location dl on dl.id = m.destination_id
     where m.state = 'CONFIRMED' and m.product_id = any(p_products) and m.source_warehouse_id = any(p_warehouses)
       and stock_move_takes_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)
     group by 1, 2),
  f as (
    select p.id as product_id, w.id as warehouse_id, coalesce(pk.pickable, 0) as pickable,
           coalesce(r.reserved, 0) as reserved, coalesce(c.committed, 0) as committed,
           coalesce(ss.quantity, 0) as safety_stock
      from unnest(p_products) p(id) cross join unnest(p_warehouses) w(id)
      left join pk on pk.product_id = p.id and pk.warehouse_id = w.id
      left join r on r.product_id = p.id and r.warehouse_id = w.id
      left join c on c.product_id = p.id and c.warehouse_id = w.id
      left join safety_stock ss on ss.product_id = p.id and ss.warehouse_id = w.id)
  select product_id, warehouse_id, pickable, reserved, committed, safety_stock,
         pickable - reserved - committed - safety_stock,
         stock_available(pickable, reserved, committed, safety_stock),
         greatest(0, reserved + committed - pickable)
    from f
$$;`;
export const PREVIOUS_STOCK_LEVEL_FIGURES = `create function stock_level_figures(p_products uuid[], p_warehouses uuid[])
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
$$;`;

export class Migration20261207021107StockPairFigures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "stock_pair_figures" ("product_id" uuid not null, "warehouse_id" uuid not null, "company_id" uuid not null, "on_hand" numeric(30,6) not null default '0', "quality_hold" numeric(30,6) not null default '0', "damaged" numeric(30,6) not null default '0', "pickable" numeric(30,6) not null default '0', "committed" numeric(30,6) not null default '0', "incoming" numeric(30,6) not null default '0', "put_away" numeric(30,6) not null default '0', "in_transit" numeric(30,6) not null default '0', "outgoing" numeric(30,6) not null default '0', "quants" int not null default 0, "open_moves" int not null default 0, constraint "stock_pair_figures_pkey" primary key ("product_id", "warehouse_id"));`);
    this.addSql(`alter table "stock_pair_figures" add constraint "stock_pair_figures_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "stock_pair_figures" add constraint "stock_pair_figures_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "stock_pair_figures" add constraint "stock_pair_figures_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete cascade;`);
    this.addSql(computed);
    this.addSql(drift);
    this.addSql(rebuild);
    for (const table of ['quant', 'stock_move'] as const) {
      for (const op of ['insert', 'update', 'delete'] as const) for (const sql of trigger(table, op)) this.addSql(sql);
    }
    for (const sql of locationChanged) this.addSql(sql);
    this.addSql(`insert into stock_pair_figures (product_id, warehouse_id, company_id, ${COLUMNS.join(', ')})
  select product_id, warehouse_id, company_id, ${COLUMNS.join(', ')} from stock_pair_figures_computed(null, null);`);
    this.addSql(sellableView);
    this.addSql(sellable);
    this.addSql(levelFigures);
  }

  override async down(): Promise<void> {
    this.addSql(PREVIOUS_STOCK_SELLABLE.replace('create function', 'create or replace function'));
    this.addSql(PREVIOUS_STOCK_LEVEL_FIGURES.replace('create function', 'create or replace function'));
    this.addSql(`drop view if exists stock_sellable_pairs;`);
    this.addSql(`drop trigger if exists stock_pair_figures_location_update on location;`);
    for (const table of ['quant', 'stock_move'] as const) {
      for (const op of ['insert', 'update', 'delete'] as const) {
        this.addSql(`drop trigger if exists stock_pair_figures_${table}_${op} on ${table};`);
        this.addSql(`drop function if exists stock_pair_figures_${table}_${op}();`);
      }
    }
    this.addSql(`drop function if exists stock_pair_figures_location_update();`);
    this.addSql(`drop function if exists stock_pair_figures_rebuild(uuid[]);`);
    this.addSql(`drop function if exists stock_pair_figures_drift(uuid[], uuid[]);`);
    this.addSql(`drop function if exists stock_pair_figures_computed(uuid[], uuid[]);`);
    this.addSql(`drop table if exists "stock_pair_figures" cascade;`);
  }
}
