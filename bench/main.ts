import 'reflect-metadata';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { initOrm } from '../src/db/orm';
import { Role } from '../src/domain/roles';
import { createApiKey } from '../src/modules/access/api-key.service';
import { setUpCompany } from '../src/seed/company-setup';
import { stockLevels } from '../src/modules/inventory/stock-level.service';
import { availability } from '../src/modules/reservations/availability.service';
import { load, type LoadResult, post } from './load';

/**
 * `npm run bench`: the storefront and ledger figures of the issues, on a scratch database of
 * DATABASE_URL's server, or of the embedded PostgreSQL (what users get) when DATABASE_URL is
 * unset, with the API and the floor server in their own processes and the load generated from
 * this one. The storefront catalog is loaded through the API like an integrator would (issue
 * 21): 2,000 SKUs x 5 warehouses, opening stock as receipts, 3,005 active reservations on about
 * a third of the pairs; requests carry a STOREFRONT key (availability) or a WAREHOUSE key
 * (stockLevels). Writes bench/RESULTS.md (not in quick mode).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROOT = path.resolve(__dirname, '../..');
const PRODUCTS = 10_000;
const WAREHOUSES = ['PAR', 'LYO', 'W3', 'W4', 'W5'];
/** The storefront catalog (issue 21): SKUs, and reservations over distinct product x warehouse pairs. */
const STORE_SKUS = Number(process.env.BENCH_SKUS ?? 2_000);
const STORE_RESERVATIONS = Number(process.env.BENCH_RESERVATIONS ?? 3_005);
/** BENCH_QUICK=1: only the storefront figures (availability, stockLevels, hot SKU, ceiling). */
const QUICK = process.env.BENCH_QUICK === '1';
/**
 * BENCH_ONLY=availability, levels, hot or companies (two companies' hot SKUs at once), or several
 * with commas (with BENCH_QUICK): only those storefront figures, e.g. to profile one alone.
 */
const ONLY = process.env.BENCH_ONLY;
const wanted = (figure: string) => !ONLY || ONLY.split(',').includes(figure);

/** DATABASE_URL's server, or the embedded PostgreSQL started for the run (its cluster in a temporary directory). */
async function databaseServer(): Promise<{ adminUrl: string; embedded?: EmbeddedDatabase; dir?: string }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    database: 'postgres',
  });
  return { adminUrl: embedded.url, embedded, dir };
}

/** Runs `task(i)` for i < n with at most `concurrency` at once; returns how many answered false or threw. */
async function inParallel(n: number, concurrency: number, task: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const ok = await task(i).catch(() => false);
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}

/** A small deterministic PRNG (mulberry32): the same catalog and reservations every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url} exited`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready`);
}

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0)} req/s | p50 ${r.p50.toFixed(1)} ms | p99 ${r.p99.toFixed(1)} ms | ${r.requests} requests, ${r.errors} errors`;

function pick<T>(items: T[], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor(Math.random() * items.length)]);
  return [...new Set(out)];
}

async function main(): Promise<void> {
  const server = await databaseServer();
  const ADMIN_URL = server.adminUrl;
  const database = `stockline_bench_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const dbUrl = url.toString();
  const children: ChildProcess[] = [];
  const results: string[] = [];
  const note = (line: string) => {
    console.log(line);
    results.push(line);
  };
  try {
    /** The API (dist/src/main.js) in its own process on the scratch database; resolves with its base URL once ready. */
    const startApi = async (): Promise<string> => {
      const apiPort = await freePort();
      const base = `http://127.0.0.1:${apiPort}`;
      const apiProcess = spawn(
        process.execPath,
        // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the API under load.
        [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), path.join(ROOT, 'dist/src/main.js')],
        {
          env: {
            ...process.env,
            DATABASE_URL: dbUrl,
            PORT: String(apiPort),
            NODE_ENV: 'production',
            // Loading and set-up run without a key; the measured requests carry one (STOREFRONT or WAREHOUSE).
            ANONYMOUS_ROLES: 'ADMIN',
            // The benchmark measures the stock paths, not the per-key rate limit.
            RATE_LIMIT_PER_SECOND: '0',
            DB_POOL_MAX: '10',
          },
          // The default log level (a line per operation, as users run it), written to nowhere.
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      children.push(apiProcess);
      await waitReady(base, apiProcess);
      return base;
    };
    const api = await startApi();
    const gql = async (
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => {
      const { json } = await post(`${api}/graphql`, { query, variables }, headers);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses of several shapes, checked where read
      return json as { data?: Record<string, any>; errors?: unknown[] };
    };

    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const [{ id: companyId }] = (await db.query('select id from company limit 1')).rows;
    const [{ id: unitId }] = (await db.query("select id from uom where name = 'Unit'")).rows;
    const pgVersion = (await db.query('show server_version')).rows[0].server_version as string;
    note(
      `## Storefront (issue 21): PostgreSQL ${pgVersion} (${server.embedded ? 'embedded, DATABASE_URL unset' : 'DATABASE_URL'})`,
    );
    for (const code of WAREHOUSES.slice(2)) {
      await gql('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }', {
        i: { code, name: `Bench ${code}`, timeZone: 'UTC' },
      });
    }
    await gql('mutation($i: ChannelCreateInput!) { channelCreate(input: $i) { userErrors { code } } }', {
      i: { code: 'bench', name: 'Bench', warehouseCodes: WAREHOUSES },
    });
    const warehouses = (
      await db.query(
        `select w.id, w.code, l.id as stock from warehouse w join location l on l.full_name = w.code || '/Stock' order by w.code`,
      )
    ).rows;

    // The storefront catalog, through the API like an integrator: products, opening stock as
    // receipts of 50 lines, then reservations of 1 to 3 units on distinct random pairs (4 hours).
    const loadStarted = performance.now();
    const storeSkus = Array.from({ length: STORE_SKUS }, (_, i) => `SKU-${String(i + 1).padStart(5, '0')}`);
    const rnd = seeded(21);
    const created = await inParallel(storeSkus.length, 8, async (i) => {
      const r = await gql(
        'mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } userErrors { code } } }',
        { i: { sku: storeSkus[i], name: `Store product ${i + 1}`, uomId: unitId } },
      );
      return !!r.data?.productCreate.product;
    });
    const receipts = WAREHOUSES.flatMap((code) =>
      Array.from({ length: Math.ceil(storeSkus.length / 50) }, (_, k) => ({
        code,
        lines: storeSkus
          .slice(k * 50, k * 50 + 50)
          .map((sku) => ({ sku, quantity: String(20 + Math.floor(rnd() * 200)) })),
      })),
    );
    const received = await inParallel(receipts.length, 4, async (i) => {
      const r = await gql(
        'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id } userErrors { code message } } }',
        { i: { type: 'RECEIPT', warehouseCode: receipts[i].code, validate: true, lines: receipts[i].lines } },
      );
      return !!r.data?.transferCreate.transfer;
    });
    const pairs = new Set<number>();
    while (pairs.size < Math.min(STORE_RESERVATIONS, storeSkus.length * WAREHOUSES.length)) {
      pairs.add(Math.floor(rnd() * storeSkus.length * WAREHOUSES.length));
    }
    const reservedPairs = [...pairs];
    const reserved = await inParallel(reservedPairs.length, 8, async (i) => {
      const pair = reservedPairs[i];
      const r = await gql(
        'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }',
        {
          i: {
            reference: `cart-${i}`,
            ttlSeconds: 4 * 3600,
            lines: [
              {
                sku: storeSkus[Math.floor(pair / WAREHOUSES.length)],
                warehouseCode: WAREHOUSES[pair % WAREHOUSES.length],
                quantity: String(1 + (i % 3)),
              },
            ],
          },
        },
      );
      return !!r.data?.reservationCreate.reservation;
    });
    if (created + received + reserved > 0) {
      throw new Error(
        `loading through the API failed: ${created} products, ${received} receipts, ${reserved} reservations`,
      );
    }
    note(
      `Data through the API: ${storeSkus.length} SKUs x ${WAREHOUSES.length} warehouses, ${receipts.length} receipts of 50 lines, ` +
        `${reservedPairs.length} active reservations on ${((100 * reservedPairs.length) / (storeSkus.length * WAREHOUSES.length)).toFixed(0)}% of the pairs ` +
        `(${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`,
    );
    const keyOf = async (roles: string[]) => {
      const r = await gql('mutation($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { key userErrors { code } } }', {
        i: { name: `bench ${roles.join(' ')}`, roles },
      });
      const key = r.data?.apiKeyCreate.key as string | undefined;
      if (!key) throw new Error(`apiKeyCreate: ${JSON.stringify(r)}`);
      return { authorization: `Bearer ${key}` };
    };
    const storefront = await keyOf(['STOREFRONT']);
    const staff = await keyOf(['WAREHOUSE']);
    await db.query('analyze');

    const movesWriter = (supplier: string, customer: string) => {
      let movesSoFar = 0;
      // Receipts (10) and deliveries (1) alternate on the same product x warehouse, so stock stays positive.
      const addMoves = async (n: number) => {
        await db.query(
          `with w as (select array_agg(id order by code) ids, array_agg(stock order by code) stocks from (
                      select w.id, w.code, l.id stock from warehouse w join location l on l.full_name = w.code || '/Stock') x),
              p as (select array_agg(id order by sku) ids from product where sku like 'BENCH-%')
         insert into stock_move (id, created_at, updated_at, company_id, product_id, quantity, requested_quantity, requested_uom_id,
                                 source_id, destination_id, source_warehouse_id, destination_warehouse_id, state, lot,
                                 reference, effective_date, done_by)
         select gen_random_uuid(), now(), now(), $1, p.ids[1 + (k / 5) % $4], case when i % 2 = 0 then 10 else 1 end, 
                case when i % 2 = 0 then 10 else 1 end, $2,
                case when i % 2 = 0 then $5::uuid else w.stocks[1 + k % 5] end,
                case when i % 2 = 0 then w.stocks[1 + k % 5] else $6::uuid end,
                case when i % 2 = 0 then null else w.ids[1 + k % 5] end,
                case when i % 2 = 0 then w.ids[1 + k % 5] else null end,
                'DONE', '', 'BENCH', now() - interval '1 day', 'bench'
           from generate_series($3::bigint, $3::bigint + $7 - 1) i, lateral (select (i / 2) as k) kk, w, p`,
          [companyId, unitId, movesSoFar, PRODUCTS, supplier, customer, n],
        );
        movesSoFar += n;
        await db.query(`delete from quant where product_id in (select id from product where sku like 'BENCH-%')`);
        await db.query(
          `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
         select gen_random_uuid(), now(), now(), $1, d.product_id, d.location_id, l.warehouse_id, d.lot, sum(d.delta)
           from (select product_id, destination_id location_id, lot, quantity delta from stock_move where state = 'DONE'
                 union all select product_id, source_id, lot, -quantity from stock_move where state = 'DONE') d
           join location l on l.id = d.location_id
          where d.product_id in (select id from product where sku like 'BENCH-%')
          group by d.product_id, d.location_id, l.warehouse_id, d.lot`,
          [companyId],
        );
        await db.query('analyze');
      };
      return {
        add: addMoves,
        get count() {
          return movesSoFar;
        },
      };
    };
    // A store has a reservation history. Without one the reservation tables start nearly empty,
    // and the plans each pooled connection caches on first use (foreign-key checks, prepared
    // statements) scan them whole, which they go on doing for the whole run as thousands of
    // reservations arrive: autoanalyze, which would invalidate them, wakes only once a minute.
    // Closed reservations (fulfilled, released, expired) over the catalog, written with triggers
    // off (they hold nothing, so no figure or event changes), then ANALYZE.
    const addReservationHistory = async (n: number) => {
      await db.query('begin');
      await db.query("set local session_replication_role = 'replica'");
      await db.query(
        `with p as (select array_agg(id order by sku) ids from product where sku like 'BENCH-%'),
              w as (select array_agg(id order by code) ids from warehouse),
              r as (insert into reservation (id, created_at, updated_at, company_id, reference, state, policy, created_by)
                    select gen_random_uuid(), now() - interval '2 days', now() - interval '1 day', $1, 'history-' || i,
                           (array['FULFILLED', 'RELEASED', 'EXPIRED'])[1 + i % 3]::reservation_state, 'ALL_OR_NOTHING', 'bench'
                      from generate_series(1, $2) i
                    returning id, state, (hashtext(id::text) & 2147483647) as h)
         insert into reservation_line (id, created_at, updated_at, company_id, reservation_id, product_id, warehouse_id,
                                       quantity, fulfilled_quantity, state)
         select gen_random_uuid(), now() - interval '2 days', now() - interval '1 day', $1, r.id,
                p.ids[1 + r.h % array_length(p.ids, 1)], w.ids[1 + r.h % array_length(w.ids, 1)], 1,
                case when r.state = 'FULFILLED' then 1 else 0 end, r.state
           from r, p, w`,
        [companyId, n],
      );
      await db.query('commit');
      await db.query('analyze reservation, reservation_line');
    };
    async function ledgerFigures(moves: { add: (n: number) => Promise<void>; count: number }) {
      const levels20k = await stockLevelsLoad(skus);
      note(`stockLevels 50 SKUs x 5 warehouses, concurrency 32, 20,000 done moves: ${fmt(levels20k)}`);

      // Receipts of 50 lines, through transferCreate(validate: true).
      const receipt = () =>
        gql(receiptQuery, {
          i: {
            type: 'RECEIPT',
            warehouseCode: WAREHOUSES[Math.floor(Math.random() * 5)],
            validate: true,
            lines: pick(skus, 80)
              .slice(0, 50)
              .map((sku) => ({ sku, quantity: '5' })),
          },
        });
      const single = await load({
        concurrency: 1,
        seconds: Math.min(SECONDS, 5),
        request: async () => !!(await receipt()).data?.transferCreate.transfer,
      });
      note(`50-line receipt, one at a time: ${fmt(single)}`);
      const eight = await load({
        concurrency: 8,
        seconds: SECONDS,
        request: async () => !!(await receipt()).data?.transferCreate.transfer,
      });
      note(
        `50-line receipts at concurrency 8: ${fmt(eight)} => ${(((eight.requests - eight.errors) * 50) / eight.seconds).toFixed(0)} moves posted/s`,
      );

      await moves.add(200_000 - moves.count);
      await reconciled(skus);
      const levels200k = await stockLevelsLoad(skus);
      note(`stockLevels 50 SKUs x 5 warehouses, concurrency 32, ~200,000 done moves: ${fmt(levels200k)}`);
    }

    // Before each measured pair: the loads' dead rows vacuumed and their pages written out, so that
    // neither autovacuum nor a checkpoint starts in the middle of one side of a comparison.
    const settle = async () => {
      await db.query('vacuum (analyze)');
      await db.query('checkpoint').catch(() => undefined); // needs a superuser (or pg_checkpoint)
    };
    const skus = Array.from({ length: PRODUCTS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
    const reconciled = async (among: string[]) => {
      for (const sku of pick(among, 3)) {
        const r = await gql('query($s: String!) { stockReconcile(sku: $s) { ok } }', { s: sku });
        if (!r.data?.stockReconcile.ok) throw new Error(`generated data does not reconcile for ${sku}`);
      }
    };
    await reconciled(storeSkus);
    const stockLevelsQuery =
      'query($s: [String!], $w: [String!]) { stockLevels(skus: $s, warehouseCodes: $w) { onHand available reserved incoming outgoing forecast } }';
    const stockLevelsLoad = (among: string[]) =>
      load({
        concurrency: 32,
        seconds: SECONDS,
        request: async () => {
          const r = await gql(stockLevelsQuery, { s: pick(among, 50), w: WAREHOUSES }, staff);
          return !r.errors && (r.data?.stockLevels.length ?? 0) > 0;
        },
      });
    const receiptQuery =
      'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id } userErrors { code message } } }';

    // The floor: the same questions as one hand-written SQL statement each, bare pg + node:http.
    const floorPort = await freePort();
    const floor = fork(path.join(__dirname, 'floor-server.js'), [], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        PORT: String(floorPort),
        COMPANY_ID: companyId,
        WAREHOUSE_IDS: warehouses.map((w) => w.id).join(','),
      },
    });
    children.push(floor);
    await new Promise((resolve) => floor.once('message', resolve));
    const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(2);
    const availabilityQuery =
      'query($s: [String!]!) { availability(skus: $s, channel: "bench") { sku available warehouses { warehouseCode available } } }';
    if (wanted('availability')) {
      await settle();
      const before = loadAverage();
      const apiAvailability = await load({
        concurrency: 32,
        seconds: SECONDS,
        request: async () => {
          const r = await gql(availabilityQuery, { s: pick(storeSkus, 50) }, storefront);
          return !r.errors && r.data?.availability.length > 0;
        },
      });
      const floorAvailability = await load({
        concurrency: 32,
        seconds: SECONDS,
        request: async () =>
          (await post(`http://127.0.0.1:${floorPort}/availability`, { skus: pick(storeSkus, 50) })).status === 200,
      });
      note(`availability 50 SKUs x 5 warehouses via GraphQL (STOREFRONT key), concurrency 32: ${fmt(apiAvailability)}`);
      note(`availability floor (one SQL statement, bare pg + node:http), concurrency 32: ${fmt(floorAvailability)}`);
      note(
        `availability ratio API / floor: ${ratio(apiAvailability, floorAvailability)} (goal >= 0.6; load average ${before} -> ${loadAverage()})`,
      );
    }
    if (wanted('levels')) {
      await settle();
      const before = loadAverage();
      const apiLevels = await stockLevelsLoad(storeSkus);
      const floorLevels = await load({
        concurrency: 32,
        seconds: SECONDS,
        request: async () =>
          (await post(`http://127.0.0.1:${floorPort}/levels`, { skus: pick(storeSkus, 50) })).status === 200,
      });
      note(`stockLevels 50 SKUs x 5 warehouses via GraphQL (WAREHOUSE key), concurrency 32: ${fmt(apiLevels)}`);
      note(`stockLevels floor (one SQL statement, bare pg + node:http), concurrency 32: ${fmt(floorLevels)}`);
      note(
        `stockLevels ratio API / floor: ${ratio(apiLevels, floorLevels)} (load average ${before} -> ${loadAverage()})`,
      );
    }

    if (wanted('hot')) {
      // Hot SKU: everyone reserves 1 unit of the same product in the same warehouse.
      await gql(receiptQuery, {
        i: {
          type: 'RECEIPT',
          warehouseCode: 'PAR',
          validate: true,
          lines: [{ sku: storeSkus[0], quantity: '1000000' }],
        },
      });
      const reserveQuery =
        'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }';
      await db.query('create table bench_hot (id int primary key, available int not null)');
      await db.query('insert into bench_hot values (1, 1000000000)');
      await settle();
      const hot = await load({
        concurrency: 32,
        seconds: SECONDS,
        request: async (i) =>
          !!(
            await gql(
              reserveQuery,
              { i: { reference: `hot-${i}`, lines: [{ sku: storeSkus[0], quantity: '1', warehouseCode: 'PAR' }] } },
              storefront,
            )
          ).data?.reservationCreate.reservation,
      });
      await settle();
      const hotFloor = await load({
        concurrency: 32,
        seconds: SECONDS,
        request: async () => (await post(`http://127.0.0.1:${floorPort}/hot`, {})).status === 200,
      });
      note(`hot SKU reservationCreate via GraphQL (STOREFRONT key), concurrency 32: ${fmt(hot)}`);
      note(`hot SKU floor (conditional UPDATE ... WHERE available >= 1 through pg), concurrency 32: ${fmt(hotFloor)}`);
      note(`hot SKU ratio API / floor: ${ratio(hot, hotFloor)} (target >= 0.4)`);
    }
    if (wanted('companies')) {
      // Issue 21 item 2: companies never wait for each other. Company A (the demo's) and company
      // B (made here) each hammer their own hot SKU; first A alone, then both at once. Each
      // company has its own API instance (as two replicas behind a balancer would serve them) so
      // that what is compared is the database's ordering of their commits, not one Node process's
      // CPU shared by both. Goal: together >= 1.7 x A alone.
      const orm = await initOrm(dbUrl, 2);
      const { companyB, keyA, keyB } = await orm.em.fork().transactional(async (tx) => {
        const company = await setUpCompany(tx, { code: 'BENCHB', name: 'Bench company B' });
        const a = await createApiKey(
          { em: tx, companyId, actor: 'bench' },
          { name: 'bench hot A', roles: [Role.ADMIN] },
        );
        const b = await createApiKey(
          { em: tx, companyId: company.id, actor: 'bench' },
          { name: 'bench hot B', roles: [Role.ADMIN] },
        );
        return { companyB: company.id, keyA: a.key, keyB: b.key };
      });
      await orm.close(true);
      const asA = { authorization: `Bearer ${keyA}` };
      const asB = { authorization: `Bearer ${keyB}` };
      const apiB = await startApi();
      const gqlAt = async (
        base: string,
        query: string,
        variables: Record<string, unknown>,
        headers: Record<string, string>,
      ) =>
        (await post(`${base}/graphql`, { query, variables }, headers)).json as {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses of several shapes, checked where read
          data?: Record<string, any>;
          errors?: unknown[];
        };
      const must = (what: string, r: { data?: Record<string, unknown>; errors?: unknown[] }) => {
        const payload = r.data && (Object.values(r.data)[0] as { userErrors?: unknown[] } | null);
        if (r.errors || !payload || payload.userErrors?.length) throw new Error(`${what}: ${JSON.stringify(r)}`);
      };
      must(
        'warehouse of B',
        await gqlAt(
          apiB,
          'mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }',
          {
            i: { code: 'PAR', name: 'B Paris', timeZone: 'UTC' },
          },
          asB,
        ),
      );
      const [{ id: unitB }] = (await db.query("select id from uom where name = 'Unit' and company_id = $1", [companyB]))
        .rows;
      must(
        'hot product of B',
        await gqlAt(
          apiB,
          'mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } userErrors { code } } }',
          {
            i: { sku: 'HOT-B', name: 'Hot product of B', uomId: unitB },
          },
          asB,
        ),
      );
      const stock = (sku: string) => ({
        i: { type: 'RECEIPT', warehouseCode: 'PAR', validate: true, lines: [{ sku, quantity: '1000000' }] },
      });
      must('stock of B', await gqlAt(apiB, receiptQuery, stock('HOT-B'), asB));
      const hotA = storeSkus[1];
      must('stock of A', await gqlAt(api, receiptQuery, stock(hotA), asA));
      const reserveQuery =
        'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }';
      let n = 0;
      const hammer = (base: string, sku: string, headers: Record<string, string>) =>
        load({
          concurrency: 32,
          seconds: SECONDS,
          request: async () =>
            !!(
              await gqlAt(
                base,
                reserveQuery,
                { i: { reference: `two-${sku}-${n++}`, lines: [{ sku, quantity: '1', warehouseCode: 'PAR' }] } },
                headers,
              )
            ).data?.reservationCreate.reservation,
        });
      // Warm both instances (JIT, pools), then measure.
      await Promise.all([
        load({
          concurrency: 8,
          seconds: 2,
          request: async () =>
            !!(
              await gqlAt(
                api,
                reserveQuery,
                { i: { reference: `warm-a-${n++}`, lines: [{ sku: hotA, quantity: '1', warehouseCode: 'PAR' }] } },
                asA,
              )
            ).data?.reservationCreate.reservation,
        }),
        load({
          concurrency: 8,
          seconds: 2,
          request: async () =>
            !!(
              await gqlAt(
                apiB,
                reserveQuery,
                { i: { reference: `warm-b-${n++}`, lines: [{ sku: 'HOT-B', quantity: '1', warehouseCode: 'PAR' }] } },
                asB,
              )
            ).data?.reservationCreate.reservation,
        }),
      ]);
      await settle();
      const loadAlone = loadAverage();
      const alone = await hammer(api, hotA, asA);
      await settle();
      const loadTogether = loadAverage();
      const [togetherA, togetherB] = await Promise.all([hammer(api, hotA, asA), hammer(apiB, 'HOT-B', asB)]);
      // The floor of the same comparison: the hot floor's conditional UPDATE on one row, then on
      // two rows at once (each its own 32 clients), on this machine at this moment. Two rows
      // never wait for each other, so the floor's ratio is what the machine allows.
      await db.query('create table if not exists bench_hot (id int primary key, available int not null)');
      await db.query('insert into bench_hot values (1, 1000000000), (2, 1000000000) on conflict (id) do nothing');
      const floorHot = (row: number) =>
        load({
          concurrency: 32,
          seconds: SECONDS,
          request: async () => (await post(`http://127.0.0.1:${floorPort}/hot`, { row })).status === 200,
        });
      await settle();
      const floorAlone = await floorHot(1);
      await settle();
      const [floorOne, floorTwo] = await Promise.all([floorHot(1), floorHot(2)]);
      const floorRatio = (floorOne.rps + floorTwo.rps) / floorAlone.rps;
      const lost = Number(
        (
          await db.query(
            `select (select count(*) from reservation where reference like 'two-%') -
                    (select count(*) from stock_event where kind = 'RESERVATION' and cause_reference like 'two-%') as lost`,
          )
        ).rows[0].lost,
      );
      const combined = togetherA.rps + togetherB.rps;
      note(
        `hot SKU, company A alone (its own API instance), concurrency 32: ${fmt(alone)} (load average ${loadAlone})`,
      );
      note(
        `hot SKU, companies A and B at once (an API instance each), concurrency 32 each: A ${fmt(togetherA)}; B ${fmt(togetherB)} (load average ${loadTogether} -> ${loadAverage()})`,
      );
      note(
        `two companies' hot SKUs at once / one company alone: ${(combined / alone.rps).toFixed(2)} (${combined.toFixed(0)} / ${alone.rps.toFixed(0)} req/s; goal >= 1.7); ` +
          `reservations without their event: ${lost}`,
      );
      note(
        `floor (conditional UPDATE of a row through bare pg + node:http, one process): one row ${floorAlone.rps.toFixed(0)} req/s, ` +
          `two rows at once ${(floorOne.rps + floorTwo.rps).toFixed(0)} req/s: ratio ${floorRatio.toFixed(2)}; ` +
          `API ratio / floor ratio ${(combined / alone.rps / floorRatio).toFixed(2)} (load average at the end ${loadAverage()})`,
      );
    }
    if (ONLY) {
      await db.end();
      return;
    }

    // The ceiling of any GraphQL request here: no resolver, no database.
    const ceiling = await load({
      concurrency: 32,
      seconds: SECONDS,
      request: async () => !(await gql('{ __typename }', {}, storefront)).errors,
    });
    note(`GraphQL ceiling on this machine ({ __typename }: no resolver, no SQL), concurrency 32: ${fmt(ceiling)}`);

    // SQL statements per request, counted in-process on the same database.
    const orm = await initOrm(dbUrl, 2);
    const knex = orm.em.getConnection().getKnex();
    const counted = async (task: () => Promise<unknown>) => {
      let count = 0;
      const listener = () => count++;
      knex.on('query', listener);
      await task();
      knex.removeListener('query', listener);
      return count;
    };
    const sc = () => ({ em: orm.em.fork(), companyId, actor: 'bench' });
    for (const n of [1, 50, 250]) {
      const count = await counted(() => availability(sc(), storeSkus.slice(0, n), 'bench'));
      note(`SQL statements per availability request, ${n} SKUs: ${count}`);
    }
    const levelStatements = await counted(() =>
      stockLevels(sc(), { skus: storeSkus.slice(0, 50), warehouseCodes: WAREHOUSES }),
    );
    note(`SQL statements per stockLevels request, 50 SKUs x 5 warehouses: ${levelStatements}`);
    await orm.close(true);

    if (!QUICK) {
      note(`## Ledger: ${PRODUCTS} products, ${WAREHOUSES.length} warehouses (generated with SQL)`);
      const [{ id: supplier }] = (await db.query("select id from location where type = 'SUPPLIER'")).rows;
      const [{ id: customer }] = (await db.query("select id from location where type = 'CUSTOMER'")).rows;
      await db.query(
        `insert into product (id, created_at, updated_at, company_id, sku, name, uom_id, tracking, requires_inspection, active, version)
         select gen_random_uuid(), now(), now(), $1, 'BENCH-' || lpad(i::text, 5, '0'), 'Bench product ' || i, $2, 'NONE', false, true, 1
           from generate_series(1, $3) i`,
        [companyId, unitId, PRODUCTS],
      );
      const moves = movesWriter(supplier, customer);
      await moves.add(20_000);
      await addReservationHistory(50_000);
      await reconciled(skus);
      await ledgerFigures(moves);
    }
    await db.end();

    const machine = [
      `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`,
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
      `Node ${process.version}`,
      `PostgreSQL: ${(await admin.query('show server_version')).rows[0].server_version}`,
    ].join(', ');
    const report = [
      '# Benchmark results',
      '',
      `Command: \`npm run bench\` (BENCH_SECONDS=${SECONDS}), ${new Date().toISOString()}`,
      `Machine: ${machine}. API in its own process (NODE_ENV=production, pool of 10), load from another process on loopback.`,
      '',
      ...results.map((line) => (line.startsWith('#') ? `\n${line}\n` : `- ${line}`)),
      '',
      fs.existsSync(path.join(ROOT, 'bench/READING.md'))
        ? fs.readFileSync(path.join(ROOT, 'bench/READING.md'), 'utf8')
        : '',
    ].join('\n');
    if (QUICK) return; // a partial run leaves RESULTS.md as it is
    // The other benchmarks' sections (between their own markers, after this part) are kept.
    const file = path.join(ROOT, 'bench/RESULTS.md');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const others = previous.indexOf('<!-- ');
    fs.writeFileSync(file, others >= 0 ? `${report.trimEnd()}\n\n${previous.slice(others)}` : report);
    console.log('\nWrote bench/RESULTS.md');
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // BENCH_KEEP=1 keeps the scratch database, e.g. to EXPLAIN its statements afterwards.
    if (process.env.BENCH_KEEP === '1') console.log(`kept database ${database} on ${ADMIN_URL}`);
    else await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
    if (server.embedded && process.env.BENCH_KEEP !== '1') {
      await server.embedded.stop();
      fs.rmSync(server.dir!, { recursive: true, force: true });
    }
  }
}

main().then(
  // With BENCH_KEEP=1 the embedded PostgreSQL keeps running (its URL is printed) and would keep this process alive.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
