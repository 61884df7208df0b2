import 'reflect-metadata';
import { type ChildProcess, execSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { initOrm, migrate } from '../src/db/orm';
import { stockFigures } from '../src/modules/inventory/stock-level.service';
import { ensureCompany } from '../src/server/boot';
import { closedLoop, graphqlClient, type LoadResult } from './http-load';
import {
  type BenchWorld,
  checkLedger,
  createCatalog,
  insertDoneMoves,
  insertOpenMoves,
  type LedgerCheck,
  rebuildQuants,
  skuOf,
  vacuumAnalyze,
} from './ledger-data';
import type { ServerCommand, ServerMessage } from './ledger-server';

/**
 * `npm run bench`: the inventory ledger under load, on a scratch database of DATABASE_URL's
 * server (default: the local PostgreSQL), with the API in a child process and the load
 * generated from this one. Writes its section of bench/RESULTS.md; see bench/README.md.
 */
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const PRODUCTS = 10_000;
const WAREHOUSE_CODES = ['BW1', 'BW2', 'BW3', 'BW4', 'BW5'];
const SMALL_HISTORY = 20_000;
const LARGE_HISTORY = 200_000;
const RECEIPT_LINES = 50;
const RECEIPT_RUNS = 30;
const RECEIPT_CONCURRENCY = 8;
const LEVEL_SKUS = 50;
const LEVEL_CONCURRENCY = 32;
/** The repository: the first directory above the compiled file that holds a package.json. */
const REPO = (function repoRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  if (path.dirname(dir) === dir) throw new Error('no package.json above the bench');
  return repoRoot(path.dirname(dir));
})(__dirname);
const RESULTS = path.join(REPO, 'bench/RESULTS.md');
/** This bench's section of RESULTS.md (the rest of the file belongs to bench/main.ts). */
const SECTION_START = '<!-- ledger-bench:start -->';
const SECTION_END = '<!-- ledger-bench:end -->';
/** The hand-written reading of the figures, kept in its own file and copied into the section. */
const READING = path.join(REPO, 'bench/LEDGER-READING.md');

const STOCK_LEVELS = `query BenchStockLevels($skus: [String!], $warehouseCodes: [String!]) {
  stockLevels(skus: $skus, warehouseCodes: $warehouseCodes) {
    product { sku } warehouse { code }
    onHand available reserved qualityHold damaged safetyStock inTransit incoming outgoing forecast
  }
}`;
const TRANSFER_CREATE = `mutation BenchReceipt($input: TransferCreateInput!) {
  transferCreate(input: $input) { transfer { id name state } userErrors { field code message } }
}`;
const RECONCILE = `query BenchReconcile($sku: String!) {
  stockReconcile(sku: $sku) { ok totalOverAllLocations differences { location recorded fromMoves } }
}`;

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');

/** `n` distinct random indexes below `max`. */
function sample(n: number, max: number): number[] {
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(Math.random() * max));
  return [...picked];
}

// ---------------------------------------------------------------- CPU accounting (Linux /proc)

const CLOCK_TICKS = 100;

function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3] - (fields[4] ?? 0), total };
  } catch {
    return null;
  }
}

function processTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

interface CpuShares {
  /** Each in cores (1.0 = one core busy for the whole phase). */
  machine: number;
  server: number;
  loadGenerator: number;
  postgresBackends: number;
  other: number;
}

const QUIET_WAIT_SECONDS = Number(process.env.BENCH_QUIET_WAIT || 900);
const FOREIGN_ACTIVE = `select count(*)::int as n from pg_stat_activity
                         where datname is not null and datname <> $1 and state = 'active' and pid <> pg_backend_pid()`;

/**
 * Waits (at most BENCH_QUIET_WAIT seconds) until the machine is idle and no other database is
 * busy: on a 2-core machine another benchmark or test run would halve every figure.
 */
async function waitForQuiet(database: string): Promise<void> {
  const watcher = new Client({ connectionString: ADMIN_URL });
  await watcher.connect();
  try {
    const deadline = Date.now() + QUIET_WAIT_SECONDS * 1000;
    let announced = false;
    for (;;) {
      const before = machineTicks();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const after = machineTicks();
      const busy = before && after ? (after.busy - before.busy) / CLOCK_TICKS / 2 : 0;
      const others = (await watcher.query<{ n: number }>(FOREIGN_ACTIVE, [database])).rows[0].n;
      if (busy < 0.3 && others === 0) {
        if (announced) log('the machine is quiet again');
        return;
      }
      if (Date.now() > deadline) {
        log(`still busy after ${QUIET_WAIT_SECONDS} s (${busy.toFixed(2)} cores): measuring anyway`);
        return;
      }
      if (!announced) {
        log(`machine busy (${busy.toFixed(2)} cores, ${others} active backends on other databases): waiting`);
        announced = true;
      }
    }
  } finally {
    await watcher.end();
  }
}

// ---------------------------------------------------------------- the server child

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(databaseUrl: string): Promise<ServerProcess> {
    const child = fork(path.join(__dirname, 'ledger-server.js'), [], {
      env: {
        ...process.env,
        BENCH_DATABASE_URL: databaseUrl,
        NODE_ENV: 'production',
        // The benchmark measures the stock paths, not authentication or the per-key rate limit.
        ANONYMOUS_ROLES: 'ADMIN',
        RATE_LIMIT_PER_SECOND: '0',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`API process exited with ${code} before listening`)));
      child.once('message', (message: ServerMessage) => {
        if (message.type === 'ready') resolve(new ServerProcess(child, message.port));
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  private ask<T extends ServerMessage['type']>(
    command: ServerCommand,
    type: T,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return new Promise((resolve) => {
      const listener = (message: ServerMessage) => {
        if (message.type !== type) return;
        this.child.off('message', listener);
        resolve(message as Extract<ServerMessage, { type: T }>);
      };
      this.child.on('message', listener);
      this.child.send(command);
    });
  }

  stats() {
    return this.ask({ cmd: 'stats' }, 'stats');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await Promise.race([this.ask({ cmd: 'stop' }, 'stopped'), new Promise((r) => setTimeout(r, 10_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await exited;
  }
}

// ---------------------------------------------------------------- measurements

interface Measured {
  load: LoadResult;
  /** SQL statements the API sent per request during the measured window. */
  statementsPerRequest: number;
  cpu: CpuShares | null;
  /** Backends of other databases seen active while measuring (another workload on the machine). */
  foreignActive: number;
}

interface LevelFigures {
  doneMoves: number;
  loaded: Measured;
  unloaded: LoadResult;
  /** The stockLevels statement alone, called in-process through the ORM (no HTTP, no GraphQL). */
  sqlOnly: LoadResult;
  explainMs: number;
  plan: string;
}

interface ReceiptFigures {
  sequential: Measured;
  concurrent: Measured;
  movesPosted: number;
  movesPerSecond: number;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const database = `stockline_bench_${process.pid}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const machine = await describeMachine(admin);
  log(`creating database ${database}`);
  await admin.query(`create database "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();

  let orm: MikroORM | undefined;
  let server: ServerProcess | undefined;
  const db = new Client({ connectionString: databaseUrl });
  try {
    orm = await initOrm(databaseUrl, 2);
    await migrate(orm);
    const companyId = await ensureCompany(orm, true);
    await db.connect();
    server = await ServerProcess.start(databaseUrl);
    const api = server;
    const gql = graphqlClient(new URL(`http://127.0.0.1:${api.port}/graphql`));
    log(`API listening on port ${api.port} (pid ${api.pid})`);

    // Warehouses through the API, so that they get their standard locations.
    for (const code of WAREHOUSE_CODES) {
      const { warehouseCreate } = await gql<{ warehouseCreate: { userErrors: unknown[] } }>(
        `mutation($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { userErrors { code message } } }`,
        { input: { code, name: `Bench ${code}`, timeZone: 'UTC' } },
      );
      if (warehouseCreate.userErrors.length) throw new Error(JSON.stringify(warehouseCreate.userErrors));
    }
    const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0].id;
    const world: BenchWorld = {
      companyId,
      products: PRODUCTS,
      unitId: await one(`select id from uom where company_id = $1 and name = 'Unit'`, [companyId]),
      suppliersId: await one(`select id from location where company_id = $1 and type = 'SUPPLIER'`, [companyId]),
      customersId: await one(`select id from location where company_id = $1 and type = 'CUSTOMER'`, [companyId]),
      warehouses: (
        await db.query<{ id: string; code: string; stockId: string }>(
          `select w.id, w.code, l.id as "stockId" from warehouse w
             join location l on l.warehouse_id = w.id and l.full_name = w.code || '/Stock'
            where w.company_id = $1 and w.code = any($2) order by w.code`,
          [companyId, WAREHOUSE_CODES],
        )
      ).rows,
    };

    const checks: { label: string; check: LedgerCheck; reconciled: string[] }[] = [];
    const verify = async (label: string, skus: string[]) => {
      const check = await checkLedger(db, world);
      if (check.drift !== 0 || Number(check.total) !== 0 || check.negative !== 0) {
        throw new Error(`${label}: the ledger does not add up: ${JSON.stringify(check)}`);
      }
      for (const sku of skus) {
        const { stockReconcile } = await gql<{ stockReconcile: { ok: boolean } }>(RECONCILE, { sku });
        if (!stockReconcile.ok)
          throw new Error(`${label}: stockReconcile(${sku}) is not ok: ${JSON.stringify(stockReconcile)}`);
      }
      checks.push({ label, check, reconciled: skus });
      log(`${label}: ${JSON.stringify(check)}; stockReconcile ok for ${skus.join(', ')}`);
    };
    const someSkus = () => [skuOf(0), skuOf(PRODUCTS - 1), ...sample(3, PRODUCTS).map(skuOf)];

    log(`loading ${PRODUCTS} products and ${SMALL_HISTORY} done moves`);
    let t0 = performance.now();
    await createCatalog(db, world);
    const openMoves = await insertOpenMoves(db, world);
    await insertDoneMoves(db, world, 0, SMALL_HISTORY);
    await rebuildQuants(db, world);
    await vacuumAnalyze(db);
    const smallLoadSeconds = (performance.now() - t0) / 1000;
    await verify(`${SMALL_HISTORY} done moves`, someSkus());

    const levels: LevelFigures[] = [];
    levels.push(await measureStockLevels(api, gql, db, orm, world, database, SMALL_HISTORY));

    log(`loading ${LARGE_HISTORY - SMALL_HISTORY} more done moves`);
    t0 = performance.now();
    await insertDoneMoves(db, world, SMALL_HISTORY, LARGE_HISTORY);
    await rebuildQuants(db, world);
    await vacuumAnalyze(db);
    const largeLoadSeconds = (performance.now() - t0) / 1000;
    await verify(`${LARGE_HISTORY} done moves`, someSkus());
    levels.push(await measureStockLevels(api, gql, db, orm, world, database, LARGE_HISTORY));

    const receiptSkus = new Set<string>();
    const receipts = await measureReceipts(api, gql, db, world, database, receiptSkus);
    await verify('after the receipts', [...receiptSkus].slice(0, 5));

    const finishedAt = new Date();
    writeResults({
      startedAt,
      finishedAt,
      machine,
      openMoves,
      loadSeconds: [smallLoadSeconds, largeLoadSeconds],
      checks,
      levels,
      receipts,
    });
    log(`wrote ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await server?.stop().catch((error) => console.error('stopping the API:', error));
    await orm?.close(true).catch(() => undefined);
    await db.end().catch(() => undefined);
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
    log(`dropped database ${database}`);
  }
}

type Gql = ReturnType<typeof graphqlClient>;

/** Runs `work` while counting the API's statements, the CPU of every party and other databases' activity. */
async function measured(
  api: ServerProcess,
  db: Client,
  database: string,
  work: () => Promise<LoadResult>,
): Promise<Measured> {
  const backends = async () =>
    (
      await db.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [database],
      )
    ).rows.map((r) => r.pid);
  await waitForQuiet(database);
  let foreignActive = 0;
  const watcher = new Client({ connectionString: ADMIN_URL });
  await watcher.connect();
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    watcher
      .query<{ n: number }>(FOREIGN_ACTIVE, [database])
      .then(({ rows }) => {
        foreignActive = Math.max(foreignActive, rows[0].n);
      })
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, 1000);

  const before = await api.stats();
  const pidsBefore = await backends();
  const backendTicksBefore = new Map(pidsBefore.map((pid) => [pid, processTicks(pid)]));
  const machineBefore = machineTicks();
  const selfBefore = process.cpuUsage();
  const load = await work();
  const selfAfter = process.cpuUsage(selfBefore);
  const machineAfter = machineTicks();
  const pidsAfter = await backends();
  const backendTicks = pidsAfter.reduce((sum, pid) => sum + processTicks(pid) - (backendTicksBefore.get(pid) ?? 0), 0);
  const after = await api.stats();
  clearInterval(poll);
  await watcher.end();

  let cpu: CpuShares | null = null;
  if (machineBefore && machineAfter) {
    const seconds = load.seconds;
    const machine = (machineAfter.busy - machineBefore.busy) / CLOCK_TICKS / seconds;
    const server = (after.cpuMicros - before.cpuMicros) / 1e6 / seconds;
    const loadGenerator = (selfAfter.user + selfAfter.system) / 1e6 / seconds;
    const postgresBackends = backendTicks / CLOCK_TICKS / seconds;
    cpu = {
      machine,
      server,
      loadGenerator,
      postgresBackends,
      other: Math.max(0, machine - server - loadGenerator - postgresBackends),
    };
  }
  return {
    load,
    statementsPerRequest: (after.statements - before.statements) / Math.max(1, load.requests),
    cpu,
    foreignActive,
  };
}

async function measureStockLevels(
  api: ServerProcess,
  gql: Gql,
  db: Client,
  orm: MikroORM,
  world: BenchWorld,
  database: string,
  doneMoves: number,
): Promise<LevelFigures> {
  const expectedRows = LEVEL_SKUS * WAREHOUSE_CODES.length;
  const request = async () => {
    const skus = sample(LEVEL_SKUS, PRODUCTS).map(skuOf);
    const { stockLevels } = await gql<{ stockLevels: unknown[] }>(STOCK_LEVELS, {
      skus,
      warehouseCodes: WAREHOUSE_CODES,
    });
    if (stockLevels.length !== expectedRows) throw new Error(`${stockLevels.length} rows, expected ${expectedRows}`);
    return true;
  };
  await waitForQuiet(database);
  log(`stockLevels at ${doneMoves} done moves: warm-up`);
  await closedLoop({ concurrency: LEVEL_CONCURRENCY, seconds: 3, request });
  log(`stockLevels at ${doneMoves} done moves: concurrency ${LEVEL_CONCURRENCY} for ${SECONDS} s`);
  const loaded = await measured(api, db, database, () =>
    closedLoop({ concurrency: LEVEL_CONCURRENCY, seconds: SECONDS, request }),
  );
  log(`  ${summary(loaded.load)}`);
  const unloaded = await closedLoop({ concurrency: 1, count: 100, request });
  log(`  one at a time: ${summary(unloaded)}`);

  // The statement alone, through the service function and the ORM, no HTTP and no GraphQL.
  const sc = () => ({ em: orm.em.fork(), companyId: world.companyId, actor: 'bench' });
  const filter = () => ({ skus: sample(LEVEL_SKUS, PRODUCTS).map(skuOf), warehouseCodes: WAREHOUSE_CODES });
  const sqlOnly = await closedLoop({
    concurrency: 1,
    count: 100,
    request: async () => (await stockFigures(sc(), filter())).length === expectedRows,
  });
  log(`  SQL alone: ${summary(sqlOnly)}`);

  // Its plan, on the same kind of input.
  const knex = orm.em.getConnection().getKnex();
  let captured: { sql: string; bindings: unknown[] } | undefined;
  const listener = (query: { sql: string; bindings?: unknown[] }) => {
    captured ??= { sql: query.sql, bindings: query.bindings ?? [] };
  };
  knex.on('query', listener);
  await stockFigures(sc(), filter());
  knex.removeListener('query', listener);
  let plan = '';
  let explainMs = NaN;
  if (captured) {
    const result = (await knex.raw(`explain (analyze, buffers) ${captured.sql}`, captured.bindings as never[])) as {
      rows: { 'QUERY PLAN': string }[];
    };
    plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
    explainMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  }
  log(`  EXPLAIN ANALYZE execution time ${ms(explainMs)}`);
  return { doneMoves, loaded, unloaded, sqlOnly, explainMs, plan };
}

async function measureReceipts(
  api: ServerProcess,
  gql: Gql,
  db: Client,
  world: BenchWorld,
  database: string,
  usedSkus: Set<string>,
): Promise<ReceiptFigures> {
  const request = async (i: number) => {
    const skus = sample(RECEIPT_LINES, PRODUCTS).map(skuOf);
    if (usedSkus.size < 20) skus.slice(0, 2).forEach((sku) => usedSkus.add(sku));
    const { transferCreate } = await gql<{
      transferCreate: { transfer: { state: string } | null; userErrors: unknown[] };
    }>(TRANSFER_CREATE, {
      input: {
        type: 'RECEIPT',
        warehouseCode: WAREHOUSE_CODES[i % WAREHOUSE_CODES.length],
        validate: true,
        lines: skus.map((sku) => ({ sku, quantity: '5' })),
      },
    });
    if (transferCreate.userErrors.length || transferCreate.transfer?.state !== 'DONE') {
      throw new Error(`userErrors: ${JSON.stringify(transferCreate.userErrors)}`);
    }
    return true;
  };
  const doneMoves = async () =>
    Number(
      (
        await db.query<{ n: string }>(`select count(*) as n from stock_move where company_id = $1 and state = 'DONE'`, [
          world.companyId,
        ])
      ).rows[0].n,
    );
  await waitForQuiet(database);
  log('receipts: warm-up');
  await closedLoop({ concurrency: 1, count: 5, request });
  log(`receipts: ${RECEIPT_RUNS} one after the other`);
  const sequential = await measured(api, db, database, () =>
    closedLoop({ concurrency: 1, count: RECEIPT_RUNS, request }),
  );
  log(`  ${summary(sequential.load)}`);
  log(`receipts: concurrency ${RECEIPT_CONCURRENCY} for ${SECONDS} s`);
  const movesBefore = await doneMoves();
  const concurrent = await measured(api, db, database, () =>
    closedLoop({ concurrency: RECEIPT_CONCURRENCY, seconds: SECONDS, request }),
  );
  const movesPosted = (await doneMoves()) - movesBefore;
  const movesPerSecond = movesPosted / concurrent.load.seconds;
  log(`  ${summary(concurrent.load)}; ${movesPosted} moves posted, ${movesPerSecond.toFixed(0)} moves/s`);
  return { sequential, concurrent, movesPosted, movesPerSecond };
}

function summary(r: LoadResult): string {
  const errors = r.errors ? `, ${r.errors} errors (first: ${r.firstError})` : '';
  return `${r.requests} requests in ${r.seconds.toFixed(1)} s: ${r.perSecond.toFixed(1)}/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}${errors}`;
}

// ---------------------------------------------------------------- machine and report

interface Machine {
  nproc: string;
  cpuModel: string;
  free: string;
  node: string;
  postgres: string;
  settings: string;
  loadAverage: string;
  /** Commit, and the source files that differ from it (the bench compiles the working tree). */
  code: string;
}

async function describeMachine(admin: Client): Promise<Machine> {
  const run = (command: string) => {
    try {
      return execSync(command, { encoding: 'utf8', cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return `(${command} failed)`;
    }
  };
  const version = (await admin.query<{ version: string }>('select version()')).rows[0].version;
  const settings = (
    await admin.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
        where name in ('shared_buffers', 'work_mem', 'max_connections', 'jit', 'synchronous_commit', 'fsync')
        order by name`,
    )
  ).rows
    .map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== 'bool' ? ` ${r.unit}` : ''}`)
    .join(', ');
  const commit = run('git --no-optional-locks rev-parse --short HEAD');
  const dirty = run('git --no-optional-locks status --porcelain -- src migrations')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^\S{1,2}\s+/, ''));
  return {
    code: `commit ${commit}${dirty.length ? ` plus uncommitted changes to ${dirty.join(', ')}` : ''}`,
    nproc: run('nproc'),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    free: run('free -h'),
    node: process.version,
    postgres: version,
    settings,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

function cpuLine(cpu: CpuShares | null): string {
  if (!cpu) return 'n/a';
  const c = (v: number) => v.toFixed(2);
  return `${c(cpu.machine)} busy: API ${c(cpu.server)}, PostgreSQL backends ${c(cpu.postgresBackends)}, load generator ${c(cpu.loadGenerator)}, other ${c(cpu.other)}`;
}

function writeResults(run: {
  startedAt: Date;
  finishedAt: Date;
  machine: Machine;
  openMoves: number;
  loadSeconds: number[];
  checks: { label: string; check: LedgerCheck; reconciled: string[] }[];
  levels: LevelFigures[];
  receipts: ReceiptFigures;
}): void {
  const { machine, levels, receipts } = run;
  const minutes = (run.finishedAt.getTime() - run.startedAt.getTime()) / 60_000;
  const foreign = Math.max(
    ...levels.map((l) => l.loaded.foreignActive),
    receipts.sequential.foreignActive,
    receipts.concurrent.foreignActive,
  );
  const reading = fs.existsSync(READING)
    ? fs.readFileSync(READING, 'utf8').trim()
    : '_No reading written for these figures yet (bench/LEDGER-READING.md)._';
  const seq = receipts.sequential;
  const con = receipts.concurrent;
  const [small, large] = levels;
  const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
  const lines = [
    SECTION_START,
    '',
    '## Ledger benchmark (bench/ledger.ts)',
    '',
    `Command: \`npm run bench\` (its last part: \`node dist/bench/ledger.js\`), BENCH_SECONDS=${SECONDS}, run ${run.startedAt.toISOString()}, ${minutes.toFixed(1)} min. Code measured: ${machine.code}.`,
    '',
    '### Machine',
    '',
    `- \`nproc\`: ${machine.nproc} (${machine.cpuModel})`,
    `- \`node -v\`: ${machine.node}`,
    `- PostgreSQL: ${machine.postgres}; ${machine.settings}`,
    `- load average when the run started: ${machine.loadAverage}`,
    '- `free -h`:',
    '',
    '```',
    machine.free,
    '```',
    '',
    '### Set-up',
    '',
    `- The API (\`createStocklineServer\`, NODE_ENV=production, default pool of 10 connections, silent logger) runs in its own Node process on a scratch database, migrated and seeded with the demo data; the load comes from the bench process over loopback HTTP with keep-alive (node:http, closed loop: each client sends its next request when the previous one answers).`,
    `- Catalog: ${PRODUCTS.toLocaleString('en')} products (BENCH-00001..) in the Unit UoM, ${WAREHOUSE_CODES.length} warehouses (${WAREHOUSE_CODES.join(', ')}) created with \`warehouseCreate\`, ${run.openMoves.toLocaleString('en')} open (CONFIRMED) receipts so that \`incoming\` is not empty.`,
    `- Done moves written with bulk SQL: receipts Suppliers -> <warehouse>/Stock and, in the last quarter of the 200,000, deliveries <warehouse>/Stock -> Customers; quants rebuilt as the sums of the done moves, then \`VACUUM ANALYZE\` (loading took ${run.loadSeconds.map((s) => `${s.toFixed(1)} s`).join(' and ')}).`,
    ...run.checks.map(
      (c) =>
        `- Check (${c.label}): ${c.check.doneMoves.toLocaleString('en')} done and ${c.check.openMoves} open moves on bench products, ${c.check.quants.toLocaleString('en')} quants, ${c.check.drift} quants off their moves, total over all locations ${c.check.total}, ${c.check.negative} negative on-hand quants; \`stockReconcile\` ok for ${c.reconciled.join(', ')}.`,
    ),
    foreign > 0
      ? `- **Warning:** up to ${foreign} PostgreSQL backend(s) of other databases were active during the measurements: another workload shared the machine, the figures are pessimistic.`
      : '- No other database was active during the measurements.',
    '',
    `### 1. Posting a ${RECEIPT_LINES}-line receipt in one mutation`,
    '',
    `\`transferCreate(input: { type: RECEIPT, warehouseCode, validate: true, lines: ${RECEIPT_LINES} distinct random SKUs x 5 })\`, after 5 warm-up receipts.`,
    '',
    '| measurement | requests | errors | receipts/s | moves/s | p50 | p99 | max | SQL statements per receipt |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| one at a time, ${RECEIPT_RUNS} runs | ${seq.load.requests} | ${seq.load.errors} | ${seq.load.perSecond.toFixed(1)} | ${(seq.load.perSecond * RECEIPT_LINES).toFixed(0)} | ${ms(seq.load.p50)} | ${ms(seq.load.p99)} | ${ms(seq.load.max)} | ${seq.statementsPerRequest.toFixed(0)} |`,
    `| concurrency ${RECEIPT_CONCURRENCY}, ${con.load.seconds.toFixed(1)} s | ${con.load.requests} | ${con.load.errors} | ${con.load.perSecond.toFixed(1)} | **${receipts.movesPerSecond.toFixed(0)}** | ${ms(con.load.p50)} | ${ms(con.load.p99)} | ${ms(con.load.max)} | ${con.statementsPerRequest.toFixed(0)} |`,
    '',
    `Moves/s at concurrency ${RECEIPT_CONCURRENCY} is counted in the database: ${receipts.movesPosted.toLocaleString('en')} done moves more after the window than before. With ${RECEIPT_RUNS} runs, p99 is the slowest run but one at most (nearest rank). ${con.load.errors ? `First error: ${con.load.firstError}` : ''}`,
    '',
    `CPU (cores busy over the window) one at a time: ${cpuLine(seq.cpu)}.`,
    `CPU at concurrency ${RECEIPT_CONCURRENCY}: ${cpuLine(con.cpu)}.`,
    '',
    `### 2. \`stockLevels\` for ${LEVEL_SKUS} SKUs x ${WAREHOUSE_CODES.length} warehouses`,
    '',
    `Each request asks ${LEVEL_SKUS} distinct random SKUs of the ${PRODUCTS.toLocaleString('en')} and the ${WAREHOUSE_CODES.length} bench warehouse codes (${LEVEL_SKUS * WAREHOUSE_CODES.length} rows, each with product { sku }, warehouse { code } and every figure) and checks it gets ${LEVEL_SKUS * WAREHOUSE_CODES.length} rows. ${SECONDS} s at concurrency ${LEVEL_CONCURRENCY} after a 3 s warm-up, then 100 requests one at a time, then 100 calls of the service function alone in-process (the one SQL statement through the ORM, no HTTP, no GraphQL).`,
    '',
    `| done moves | req/s at c=${LEVEL_CONCURRENCY} | p50 | p99 | errors | one at a time p50 / p99 | SQL alone p50 / p99 | EXPLAIN ANALYZE | SQL statements per request |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...levels.map(
      (l) =>
        `| ${l.doneMoves.toLocaleString('en')} | **${l.loaded.load.perSecond.toFixed(1)}** | ${ms(l.loaded.load.p50)} | ${ms(l.loaded.load.p99)} | ${l.loaded.load.errors} | ${ms(l.unloaded.p50)} / ${ms(l.unloaded.p99)} | ${ms(l.sqlOnly.p50)} / ${ms(l.sqlOnly.p99)} | ${ms(l.explainMs)} | ${l.loaded.statementsPerRequest.toFixed(2)} |`,
    ),
    '',
    `From ${SMALL_HISTORY.toLocaleString('en')} to ${LARGE_HISTORY.toLocaleString('en')} done moves: req/s x${ratio(large.loaded.load.perSecond, small.loaded.load.perSecond)}, p50 x${ratio(large.loaded.load.p50, small.loaded.load.p50)}, SQL alone p50 x${ratio(large.sqlOnly.p50, small.sqlOnly.p50)}.`,
    '',
    ...levels.map((l) => `CPU at ${l.doneMoves.toLocaleString('en')} done moves: ${cpuLine(l.loaded.cpu)}.`),
    '',
    '### Reading (hand-written, from bench/LEDGER-READING.md)',
    '',
    reading,
    '',
    '### Plans of the stockLevels statement',
    '',
    ...levels.flatMap((l) => [
      `<details><summary>EXPLAIN (ANALYZE, BUFFERS) at ${l.doneMoves.toLocaleString('en')} done moves</summary>`,
      '',
      '```',
      l.plan,
      '```',
      '',
      '</details>',
      '',
    ]),
  ];
  lines.push(SECTION_END, '');
  const section = lines.join('\n');
  const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
  const start = previous.indexOf(SECTION_START);
  const end = previous.indexOf(SECTION_END);
  const next =
    start >= 0 && end > start
      ? previous.slice(0, start) + section + previous.slice(end + SECTION_END.length).replace(/^\n/, '')
      : `${previous.trimEnd()}${previous ? '\n\n' : ''}${section}`;
  fs.writeFileSync(RESULTS, next);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
