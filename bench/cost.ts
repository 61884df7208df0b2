import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { post } from './load';
import { STOCK_LEVEL_CHANGED } from './subscriber-clients';

/**
 * `node dist/bench/cost.js`: the CPU each hot operation costs, for docs/scaling.md. Runs the API
 * (production settings, pool of 10) on a scratch database of DATABASE_URL's server and a fixed
 * number of each operation, reading CPU time from /proc: the API process's, and that of the
 * PostgreSQL backends serving the scratch database (pg_stat_activity), so that other databases of
 * a shared server do not count. PostgreSQL's own background work (WAL writer, checkpointer) is
 * not attributed; neither is the load generator (this process). Linux only (/proc).
 */
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '../..');
const PRODUCTS = 1000;
const N = Number(process.env.COST_REQUESTS ?? 1000);
const SUBSCRIBERS = Number(process.env.COST_SUBSCRIBERS ?? 20);
const CLK_TCK = 100;

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

/** user + system CPU seconds of one process (0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const database = `stockline_cost_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const dbUrl = url.toString();
  let server: ChildProcess | undefined;
  const lines: string[] = [];
  const note = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        PORT: String(port),
        NODE_ENV: 'production',
        ANONYMOUS_ROLES: 'ADMIN',
        RATE_LIMIT_PER_SECOND: '0',
        LOG_LEVEL: 'warn',
        DB_POOL_MAX: '10',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${api}/readyz`)).ok) break;
      } catch {
        // not yet
      }
      if (i > 300) throw new Error('API not ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const { json } = await post(`${api}/graphql`, { query, variables });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses of several shapes
      const body = json as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const [{ id: companyId }] = (await db.query('select id from company limit 1')).rows;
    const [{ id: unitId }] = (await db.query("select id from uom where name = 'Unit'")).rows;
    await db.query(
      `insert into product (id, created_at, updated_at, company_id, sku, name, uom_id, tracking, requires_inspection, active, version)
       select gen_random_uuid(), now(), now(), $1, 'COST-' || lpad(i::text, 5, '0'), 'Cost product ' || i, $2, 'NONE', false, true, 1
         from generate_series(1, $3) i`,
      [companyId, unitId, PRODUCTS],
    );
    const skus = Array.from({ length: PRODUCTS }, (_, i) => `COST-${String(i + 1).padStart(5, '0')}`);
    for (const warehouseCode of ['PAR', 'LYO']) {
      for (let i = 0; i < PRODUCTS; i += 50) {
        const lines = skus.slice(i, i + 50).map((sku) => ({ sku, quantity: '100000' }));
        await gql('mutation($i: TransferCreateInput!) { transferCreate(input: $i) { userErrors { code } } }', {
          i: { type: 'RECEIPT', warehouseCode, lines, validate: true },
        });
      }
    }
    await db.query('vacuum analyze');

    const serverPid = server.pid!;
    const [{ pid: selfPid }] = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
    const backends = async () =>
      (
        await db.query<{ pid: number }>(
          'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        )
      ).rows.map((r) => r.pid);
    /** Runs `count` requests at concurrency 8; returns API and database CPU seconds and the wall time. */
    const measure = async (count: number, request: (i: number) => Promise<unknown>) => {
      const before = new Map((await backends()).map((pid) => [pid, cpuOf(pid)]));
      const apiBefore = cpuOf(serverPid);
      const selfBefore = cpuOf(selfPid);
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < count) await request(next++);
        }),
      );
      const wall = (performance.now() - started) / 1000;
      const api = cpuOf(serverPid) - apiBefore;
      let database = 0;
      for (const pid of new Set([...before.keys(), ...(await backends())]))
        database += cpuOf(pid) - (before.get(pid) ?? 0);
      // This script's own connection (the counting above) is not the API's work.
      database -= cpuOf(selfPid) - selfBefore;
      return { api, database, wall };
    };
    const ms = (seconds: number, per: number) => ((seconds / per) * 1000).toFixed(2);
    const pick = (n: number) => Array.from({ length: n }, () => skus[Math.floor(Math.random() * PRODUCTS)]);

    note(`## CPU per operation (${N} of each, concurrency 8; ${PRODUCTS} products x 2 warehouses)`);
    const availabilityQuery =
      'query($s: [String!]!) { availability(skus: $s, warehouseCodes: ["PAR", "LYO"]) { sku available warehouses { warehouseCode available } } }';
    await measure(100, () => gql(availabilityQuery, { s: pick(50) })); // warm-up: plans, JIT
    const availability = await measure(N, () => gql(availabilityQuery, { s: pick(50) }));
    note(
      `- availability, 50 SKUs x 2 warehouses: API ${ms(availability.api, N)} ms, database ${ms(availability.database, N)} ms CPU per request (${(N / availability.wall).toFixed(0)} req/s)`,
    );
    const reserveMutation =
      'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }';
    const reserve = (i: number, prefix: string) =>
      gql(reserveMutation, {
        i: { reference: `${prefix}-${i}`, lines: [{ sku: pick(1)[0], quantity: '1', warehouseCode: 'PAR' }] },
      });
    await measure(100, (i) => reserve(i, 'warm'));
    const reservations = await measure(N, (i) => reserve(i, 'plain'));
    note(
      `- reservationCreate, 1 line, random SKU (no subscriber): API ${ms(reservations.api, N)} ms, database ${ms(reservations.database, N)} ms CPU per reservation (${(N / reservations.wall).toFixed(0)} req/s)`,
    );

    // Events: the same reservations with SUBSCRIBERS stockLevelChanged subscriptions open (every
    // SKU); the CPU beyond the plain run, over the events delivered, is the cost of delivery.
    let delivered = 0;
    const clients = Array.from({ length: SUBSCRIBERS }, () =>
      createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, lazy: false }),
    );
    for (const client of clients) {
      client.subscribe(
        { query: STOCK_LEVEL_CHANGED, variables: {} },
        {
          next: () => void delivered++,
          error: (e) => console.error('subscription error', e),
          complete: () => undefined,
        },
      );
    }
    await new Promise((r) => setTimeout(r, 2000));
    delivered = 0;
    const withSubscribers = await measure(N, (i) => reserve(i, 'subscribed'));
    // Let the last events arrive (their CPU is counted by a second reading).
    const apiMid = cpuOf(serverPid);
    for (let i = 0; i < 100 && delivered < N * SUBSCRIBERS; i++) await new Promise((r) => setTimeout(r, 100));
    const tail = cpuOf(serverPid) - apiMid;
    const extraApi = withSubscribers.api + tail - reservations.api;
    const extraDb = withSubscribers.database - reservations.database;
    note(
      `- event delivery, ${SUBSCRIBERS} stockLevelChanged subscribers, ${delivered} events delivered for ${N} reservations: API ${ms(Math.max(0, extraApi), delivered)} ms, database ${ms(Math.max(0, extraDb), delivered)} ms CPU per event delivered (beyond the reservation itself)`,
    );
    await Promise.all(clients.map((c) => c.dispose()));
    const [load1, load5] = os.loadavg();
    note(
      `- machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}; load average at the end ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min); PostgreSQL ${(await db.query('show server_version')).rows[0].server_version}`,
    );
    await db.end();
    if (process.env.COST_OUT) fs.writeFileSync(process.env.COST_OUT, `${lines.join('\n')}\n`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
