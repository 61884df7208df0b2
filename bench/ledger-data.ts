import type { Client } from 'pg';

/**
 * The large data set, written with bulk SQL in the shape the ledger itself writes:
 * done moves from Virtual/Suppliers into <warehouse>/Stock (receipts) and from there to
 * Virtual/Customers (deliveries), with source_warehouse_id / destination_warehouse_id set as
 * `buildMove` sets them, and quants rebuilt as exactly the sum of the done moves.
 */
export interface BenchWorld {
  companyId: string;
  unitId: string;
  suppliersId: string;
  customersId: string;
  /** Bench warehouses, ordered by code, with their Stock location. */
  warehouses: { id: string; code: string; stockId: string }[];
  products: number;
}

export const skuOf = (index: number) => `BENCH-${String(index + 1).padStart(5, '0')}`;
/** Done moves: move i is for product i % products in round i / products; rounds >= this one are deliveries. */
export const DELIVERY_ROUND = 15;

/** Bench products only: every query below is limited to them, the demo data stays as it is. */
const BENCH_PRODUCTS = `select id from product where company_id = $1 and sku like 'BENCH-%'`;

export async function createCatalog(db: Client, world: BenchWorld): Promise<void> {
  await db.query(
    `insert into product (id, created_at, updated_at, company_id, sku, name, uom_id)
     select gen_random_uuid(), now(), now(), $1, 'BENCH-' || lpad(i::text, 5, '0'), 'Bench product ' || i, $2
       from generate_series(1, $3::int) as i`,
    [world.companyId, world.unitId, world.products],
  );
}

/**
 * Done moves [from, to). Move i: product p = i % products, round r = i / products, warehouse
 * (p + r) % 5, so that each round spreads every product over the warehouses. Rounds before
 * DELIVERY_ROUND are receipts of 10; later ones deliver 1-7 units of stock received earlier
 * (with 200,000 moves on 10,000 products: 20 rounds, each product x warehouse pair gets
 * 3 receipts, then 1 delivery). Effective dates increase with i, one second apart.
 */
export async function insertDoneMoves(db: Client, world: BenchWorld, from: number, to: number): Promise<void> {
  await db.query(
    `with wh as (select * from unnest($5::uuid[], $6::uuid[]) with ordinality as x(id, stock_id, k)),
          g as (select i, i % $7 as p, i / $7 as r from generate_series($8::int, $9::int - 1) as i),
          t as (select g.*, (g.p + g.r) % cardinality($5::uuid[]) + 1 as k, g.r >= $10 as delivery,
                       timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => g.i) as at
                  from g)
     insert into stock_move (id, created_at, updated_at, company_id, product_id, quantity, requested_quantity,
                             requested_uom_id, source_id, destination_id, source_warehouse_id,
                             destination_warehouse_id, state, lot, reference, effective_date, done_by)
     select gen_random_uuid(), t.at, t.at, $1, pr.id,
            case when t.delivery then 1 + t.p % 7 else 10 end,
            case when t.delivery then 1 + t.p % 7 else 10 end,
            $2,
            case when t.delivery then wh.stock_id else $3::uuid end,
            case when t.delivery then $4::uuid else wh.stock_id end,
            case when t.delivery then wh.id end,
            case when t.delivery then null else wh.id end,
            'DONE', '', 'BENCH/GEN/' || t.r, t.at, 'bench'
       from t
       join wh on wh.k = t.k
       join product pr on pr.company_id = $1 and pr.sku = 'BENCH-' || lpad((t.p + 1)::text, 5, '0')`,
    [
      world.companyId,
      world.unitId,
      world.suppliersId,
      world.customersId,
      world.warehouses.map((w) => w.id),
      world.warehouses.map((w) => w.stockId),
      world.products,
      from,
      to,
      DELIVERY_ROUND,
    ],
  );
}

/** Open (CONFIRMED) receipts, so that stockLevels' incoming figures have something to sum: one per 10 products. */
export async function insertOpenMoves(db: Client, world: BenchWorld): Promise<number> {
  const count = Math.floor(world.products / 10);
  await db.query(
    `with wh as (select * from unnest($4::uuid[], $5::uuid[]) with ordinality as x(id, stock_id, k))
     insert into stock_move (id, created_at, updated_at, company_id, product_id, quantity, requested_quantity,
                             requested_uom_id, source_id, destination_id, source_warehouse_id,
                             destination_warehouse_id, state, lot, reference, expected_date)
     select gen_random_uuid(), now(), now(), $1, pr.id, 4, 4, $2, $3, wh.stock_id, null, wh.id,
            'CONFIRMED', '', 'BENCH/OPEN', now() + interval '7 days'
       from generate_series(0, $6::int - 1) as j
       join wh on wh.k = j % cardinality($4::uuid[]) + 1
       join product pr on pr.company_id = $1 and pr.sku = 'BENCH-' || lpad((j * 10 + 1)::text, 5, '0')`,
    [
      world.companyId,
      world.unitId,
      world.suppliersId,
      world.warehouses.map((w) => w.id),
      world.warehouses.map((w) => w.stockId),
      count,
    ],
  );
  return count;
}

/** The done moves of the bench products as signed deltas per product, location and lot. */
const LEDGER = `
  select m.product_id, m.destination_id as location_id, m.lot, m.quantity as delta
    from stock_move m where m.state = 'DONE' and m.product_id in (${BENCH_PRODUCTS})
  union all
  select m.product_id, m.source_id, m.lot, -m.quantity
    from stock_move m where m.state = 'DONE' and m.product_id in (${BENCH_PRODUCTS})`;

/** Replaces the bench products' quants with the sums of their done moves (virtual locations included). */
export async function rebuildQuants(db: Client, world: BenchWorld): Promise<void> {
  await db.query('begin');
  try {
    await db.query(`delete from quant where product_id in (${BENCH_PRODUCTS})`, [world.companyId]);
    await db.query(
      `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
       select gen_random_uuid(), now(), now(), $1, d.product_id, d.location_id, l.warehouse_id, d.lot, sum(d.delta)
         from (${LEDGER}) d
         join location l on l.id = d.location_id
        group by d.product_id, d.location_id, l.warehouse_id, d.lot`,
      [world.companyId],
    );
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

export interface LedgerCheck {
  doneMoves: number;
  openMoves: number;
  quants: number;
  /** Quants whose quantity differs from the sum of the done moves (must be 0). */
  drift: number;
  /** Sum of every quant, virtual locations included (must be 0: every move has two ends). */
  total: string;
  /** On-hand quants below zero (must be 0). */
  negative: number;
}

/** The same rule as `stockReconcile`, for every bench product at once, in SQL. */
export async function checkLedger(db: Client, world: BenchWorld): Promise<LedgerCheck> {
  const { rows } = await db.query<{
    done: string;
    open: string;
    quants: string;
    drift: string;
    total: string | null;
    negative: string;
  }>(
    `with g as (select product_id, location_id, lot, sum(delta) as quantity from (${LEDGER}) d group by 1, 2, 3),
          r as (select product_id, location_id, lot, quantity from quant where product_id in (${BENCH_PRODUCTS}))
     select (select count(*) from stock_move where state = 'DONE' and product_id in (${BENCH_PRODUCTS})) as done,
            (select count(*) from stock_move where state = 'CONFIRMED' and product_id in (${BENCH_PRODUCTS})) as open,
            (select count(*) from r) as quants,
            (select count(*) from r full join g using (product_id, location_id, lot)
              where coalesce(r.quantity, 0) <> coalesce(g.quantity, 0)) as drift,
            (select sum(quantity) from r) as total,
            (select count(*) from r join location l on l.id = r.location_id
              where l.type in ('INTERNAL', 'QUALITY', 'DAMAGED') and r.quantity < 0) as negative`,
    [world.companyId],
  );
  const row = rows[0];
  return {
    doneMoves: Number(row.done),
    openMoves: Number(row.open),
    quants: Number(row.quants),
    drift: Number(row.drift),
    total: row.total ?? '0',
    negative: Number(row.negative),
  };
}

/** Statistics and visibility map as autovacuum would leave them on a live database. */
export async function vacuumAnalyze(db: Client): Promise<void> {
  await db.query('vacuum (analyze) stock_move, quant, product, location, warehouse');
}
