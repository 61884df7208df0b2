import { type ChildProcess, execFile, fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { withScratchDatabase } from '../scripts/scratch-database';
import type { LagReport, ProbeCommand, ProbeReport } from './api-probe';
import { graphqlClient, type OpenLoopResult, openLoop, percentile } from './http-load';
import type { ClientsCommand, ClientsMessage, SubscriberSpec } from './subscriber-clients';

/**
 * `npm run bench:subscriptions` (also the last part of `npm run bench`): issue 5's benchmark.
 * SUBSCRIBERS graphql-ws subscribers (one WebSocket each, in CLIENT_PROCESSES child processes)
 * watch a few SKUs each (stockLevelChanged, every AVAILABILITY_EVERY-th availabilityChanged)
 * while reservations arrive at a steady RATE per second (open loop, through POST /graphql with
 * an ADMIN API key). Measured: commit-to-receipt latency (the event's committedAt against the
 * subscriber's clock, the same machine's), events delivered against those expected from the
 * reservations made, memory per connection of the API process, CPU per process; on one API
 * instance, then on two sharing the database. Writes its section of bench/RESULTS.md.
 */
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SUBSCRIBERS = num('BENCH_SUBSCRIBERS', 2000);
const RATE = num('BENCH_RESERVATIONS_PER_SECOND', 100);
const SECONDS = num('BENCH_SUBS_SECONDS', 30);
const WARMUP_SECONDS = num('BENCH_SUBS_WARMUP_SECONDS', 5);
/** Bench SKUs; each subscriber watches SKUS_PER_SUBSCRIBER of them, each reservation takes 1 unit of one. */
const CATALOG = num('BENCH_SUBS_SKUS', 200);
const SKUS_PER_SUBSCRIBER = 3;
const AVAILABILITY_EVERY = 5;
const CLIENT_PROCESSES = 2;
/** Handshakes in flight at once per client process. */
const OPEN_CONCURRENCY = 50;
const WAREHOUSES = ['PAR', 'LYO'];
/** The demo's web channel (PAR then LYO): availabilityChanged subscribers watch it. */
const CHANNEL = 'web';
const TARGET_P99_MS = 100;
/** BENCH_SUBS_INSTANCES=1 or 2 runs only that scenario (a partial run leaves RESULTS.md as it is). */
const ONLY = process.env.BENCH_SUBS_INSTANCES ? Number(process.env.BENCH_SUBS_INSTANCES) : undefined;
const QUIET_WAIT_SECONDS = num('BENCH_QUIET_WAIT', 900);

const REPO = (function repoRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  if (path.dirname(dir) === dir) throw new Error('no package.json above the bench');
  return repoRoot(path.dirname(dir));
})(__dirname);
const RESULTS = path.join(REPO, 'bench/RESULTS.md');
const READING = path.join(REPO, 'bench/SUBSCRIPTIONS-READING.md');
const SECTION_START = '<!-- subscriptions-bench:start -->';
const SECTION_END = '<!-- subscriptions-bench:end -->';

const RESERVE = `mutation BenchReserve($input: ReservationCreateInput!) {
  reservationCreate(input: $input) { reservation { id } userErrors { field code message } }
}`;
const RECEIPT = `mutation BenchSubsReceipt($input: TransferCreateInput!) {
  transferCreate(input: $input) { transfer { id state } userErrors { field code message } }
}`;

const log = (line: string) => console.log(`[subs-bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const skuOf = (i: number) => `SUBS-${String(i + 1).padStart(4, '0')}`;

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

// ---------------------------------------------------------------- CPU (Linux /proc, 100 ticks/s)

function machineTicks(): { busy: number; total: number } {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: fields.reduce((a, b) => a + b, 0) - fields[3] - (fields[4] ?? 0), total: 0 };
  } catch {
    return { busy: 0, total: 0 };
  }
}

function processTicks(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Waits (at most BENCH_QUIET_WAIT seconds) for an idle machine: on 2 cores another run halves every figure. */
async function waitForQuiet(): Promise<string> {
  const deadline = Date.now() + QUIET_WAIT_SECONDS * 1000;
  let announced = false;
  for (;;) {
    const before = machineTicks().busy;
    await sleep(2000);
    const busy = (machineTicks().busy - before) / 100 / 2;
    if (busy < 0.3) return `quiet (${busy.toFixed(2)} cores busy over 2 s)`;
    if (Date.now() > deadline)
      return `still busy after ${QUIET_WAIT_SECONDS} s (${busy.toFixed(2)} cores): measured anyway`;
    if (!announced) log(`machine busy (${busy.toFixed(2)} cores): waiting up to ${QUIET_WAIT_SECONDS} s`);
    announced = true;
  }
}

// ---------------------------------------------------------------- the API processes

/** The real entry point (dist/src/main.js) in its own process, with the IPC probe preloaded. */
class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    readonly url: string,
  ) {}

  static async start(name: string, databaseUrl: string): Promise<ApiProcess> {
    const port = await freePort();
    const child = fork(path.join(REPO, 'dist/src/main.js'), [], {
      execArgv: [
        '--expose-gc',
        '--require',
        path.join(__dirname, 'api-probe.js'),
        // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the API under load.
        ...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        // One ADMIN key for the load and every subscriber: the per-key limit would cap the bench itself.
        RATE_LIMIT_PER_SECOND: '0',
        // ... and the per-key subscription cap (1,000 by default) would refuse most subscribers.
        WS_MAX_SUBSCRIPTIONS_PER_KEY: String(SUBSCRIBERS + 100),
        DEV_ADMIN_KEY: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const api = new ApiProcess(child, name, `http://127.0.0.1:${port}`);
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`API ${name} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${api.url}/readyz`)).ok) return api;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`API ${name} not ready after 120 s`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get wsUrl(): string {
    return `${this.url.replace('http', 'ws')}/graphql`;
  }

  probe(gc: boolean): Promise<ProbeReport> {
    return new Promise((resolve) => {
      const listener = (message: ProbeReport) => {
        if (message?.type !== 'probe') return;
        this.child.off('message', listener);
        resolve(message);
      };
      this.child.on('message', listener);
      this.child.send({ cmd: 'probe', gc } satisfies ProbeCommand);
    });
  }

  mark(): void {
    this.child.send({ cmd: 'mark' } satisfies ProbeCommand);
  }

  /** stockline_outbox_lag_seconds, asked over IPC (api-probe.ts says why not through /metrics). */
  outboxLag(): Promise<number | undefined> {
    return new Promise((resolve) => {
      const listener = (message: LagReport) => {
        if (message?.type !== 'lag') return;
        this.child.off('message', listener);
        resolve(message.seconds);
      };
      this.child.on('message', listener);
      this.child.send({ cmd: 'lag' } satisfies ProbeCommand);
    });
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** A gauge or counter of /metrics summed over its label sets; undefined when absent. */
  async metric(name: string): Promise<number | undefined> {
    const lines = (await this.metrics())
      .split('\n')
      .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
    return lines.length
      ? lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
      : undefined;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- the subscriber processes

class ClientProcess {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(path.join(__dirname, 'subscriber-clients.js'), [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  ask<T extends ClientsMessage['type']>(
    command: ClientsCommand,
    type: T,
  ): Promise<Extract<ClientsMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`subscriber process exited with ${code}`));
      const listener = (message: ClientsMessage) => {
        if (message.type !== type) return;
        this.child.off('message', listener);
        this.child.off('exit', onExit);
        resolve(message as Extract<ClientsMessage, { type: T }>);
      };
      this.child.on('message', listener);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    await Promise.race([this.ask({ cmd: 'close' }, 'closed'), sleep(10_000)]);
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await Promise.race([exited, sleep(5_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- Prometheus histograms

/** A Prometheus histogram read from /metrics text: cumulative bucket counts by upper bound. */
interface Histogram {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

function readHistogram(text: string, name: string): Histogram | undefined {
  const histogram: Histogram = { buckets: new Map(), sum: 0, count: 0 };
  let found = false;
  for (const line of text.split('\n')) {
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const bucket = new RegExp(`^${name}_bucket\\{.*le="([^"]+)"`).exec(line);
    if (bucket) {
      const le = bucket[1] === '+Inf' ? Infinity : Number(bucket[1]);
      histogram.buckets.set(le, (histogram.buckets.get(le) ?? 0) + value);
      found = true;
    } else if (line.startsWith(`${name}_sum`)) histogram.sum += value;
    else if (line.startsWith(`${name}_count`)) histogram.count += value;
  }
  return found ? histogram : undefined;
}

/** What was observed between two readings (and over several instances: their sum). */
function histogramWindow(before: (Histogram | undefined)[], after: (Histogram | undefined)[]): Histogram | undefined {
  if (after.some((h) => !h)) return undefined;
  const window: Histogram = { buckets: new Map(), sum: 0, count: 0 };
  after.forEach((h, i) => {
    const b = before[i];
    for (const [le, n] of h!.buckets)
      window.buckets.set(le, (window.buckets.get(le) ?? 0) + n - (b?.buckets.get(le) ?? 0));
    window.sum += h!.sum - (b?.sum ?? 0);
    window.count += h!.count - (b?.count ?? 0);
  });
  return window;
}

/** The upper bound of the bucket holding the q-th percentile (Prometheus buckets give no more). */
function bucketBound(histogram: Histogram, q: number): string {
  const rank = Math.ceil((q / 100) * histogram.count);
  for (const [le, n] of [...histogram.buckets].sort((a, b) => a[0] - b[0])) {
    if (n >= rank) return le === Infinity ? 'above the last bucket' : `<= ${le * 1000} ms`;
  }
  return 'n/a';
}

// ---------------------------------------------------------------- one scenario

interface Reservation {
  id: string;
  sku: string;
  warehouseCode: string;
  /** Its commit's place in the company's stream (the sequence of its RESERVATION event). */
  sequence: number;
  /** Which API instance took it. */
  api: number;
  /** Wall-clock instant its HTTP answer arrived (ms); undefined when the answer was lost (it committed all the same). */
  answeredAt?: number;
}

/** Reservations of these references that committed, with their SKU: what the database says was made. */
async function committedReservations(
  db: Client,
  referencePrefix: string,
): Promise<{ id: string; reference: string; sku: string; warehouse_code: string; sequence: string | null }[]> {
  const { rows } = await db.query(
    `select r.id, r.reference, p.sku, w.code as warehouse_code,
            (select e.company_sequence from stock_event e
              where e.kind = 'RESERVATION' and e.entity_id = r.id and e.company_id = r.company_id
              order by e.company_sequence limit 1) as sequence
       from reservation r join reservation_line l on l.reservation_id = r.id join product p on p.id = l.product_id
       join warehouse w on w.id = l.warehouse_id
      where r.reference like $1`,
    [`${referencePrefix}%`],
  );
  return rows;
}

/** The channel's available per SKU, from the availability query: where availabilityChanged counts from. */
async function availableBySku(gql: ReturnType<typeof graphqlClient>): Promise<Map<string, number>> {
  const skus = Array.from({ length: CATALOG }, (_, i) => skuOf(i));
  const result = new Map<string, number>();
  for (let from = 0; from < skus.length; from += 250) {
    const data = await gql<{ availability: { sku: string; available: string }[] }>(
      `query BenchAvailability($skus: [String!]!, $channel: String) { availability(skus: $skus, channel: $channel) { sku available } }`,
      { skus: skus.slice(from, from + 250), channel: CHANNEL },
    );
    for (const entry of data.availability) result.set(entry.sku, Number(entry.available));
  }
  return result;
}

/** CPU ticks of each PostgreSQL backend serving this database (the bench's, not other sessions'). */
async function backendTicks(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  return new Map(rows.map((row) => [row.pid, processTicks(row.pid)]));
}

interface Distribution {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const fmtDist = (d: Distribution) =>
  `p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, p99.9 ${ms(d.p999)}, max ${ms(d.max)} (${d.count.toLocaleString('en')} events)`;

interface ScenarioResult {
  lines: string[];
  p99: number;
  /** What really did not arrive or arrived wrong; any of it fails the run. */
  failures: string[];
}

function subscriberSpecs(): SubscriberSpec[] {
  return Array.from({ length: SUBSCRIBERS }, (_, id) => {
    const skus = new Set<string>();
    while (skus.size < SKUS_PER_SUBSCRIBER) skus.add(skuOf(Math.floor(Math.random() * CATALOG)));
    return id % AVAILABILITY_EVERY === AVAILABILITY_EVERY - 1
      ? { id, kind: 'availability', skus: [...skus], channel: CHANNEL }
      : { id, kind: 'stock', skus: [...skus] };
  });
}

async function runScenario(
  apis: ApiProcess[],
  authorization: string,
  databaseUrl: string,
  scenario: string,
): Promise<ScenarioResult> {
  const lines: string[] = [];
  const note = (line: string) => {
    log(line);
    lines.push(line);
  };
  const gqls = apis.map((api) => graphqlClient(new URL(`${api.url}/graphql`), { authorization }));
  const specs = subscriberSpecs();
  const clientProcesses = Array.from({ length: CLIENT_PROCESSES }, () => new ClientProcess());
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  // Client process k connects to API k % instances: with two instances each gets half the sockets.
  const apiOfClient = (k: number) => k % apis.length;
  const shares = clientProcesses.map((_, k) => specs.filter((spec) => spec.id % CLIENT_PROCESSES === k));
  try {
    const before = await Promise.all(apis.map((api) => api.probe(true)));
    const openStart = performance.now();
    const opened = await Promise.all(
      clientProcesses.map((clients, k) =>
        clients.ask(
          {
            cmd: 'open',
            url: apis[apiOfClient(k)].wsUrl,
            authorization,
            subscribers: shares[k],
            concurrency: OPEN_CONCURRENCY,
          },
          'opened',
        ),
      ),
    );
    const openSeconds = (performance.now() - openStart) / 1000;
    const failed = opened.reduce((n, o) => n + o.failed, 0);
    if (failed > 0)
      throw new Error(`${failed} subscribers could not connect: ${opened.find((o) => o.firstError)?.firstError}`);
    // The subscribe message follows the ack; wait until each instance counts its subscriptions open.
    const perApi = apis.map((_, a) => shares.filter((_, k) => apiOfClient(k) === a).reduce((n, s) => n + s.length, 0));
    let gauge = 'not exposed';
    const refusedYet = async () => {
      const counts = await Promise.all(clientProcesses.map((c) => c.ask({ cmd: 'count' }, 'count')));
      const refused = counts.find((c) => c.errors > 0);
      if (refused) throw new Error(`subscriptions refused: ${refused.firstError}`);
    };
    for (let i = 0; i < 100; i++) {
      await refusedYet();
      const open = await Promise.all(apis.map((api) => api.metric('stockline_subscriptions_open')));
      if (open.some((v) => v === undefined)) break;
      gauge = open.map((v) => String(v)).join(' + ');
      if (open.every((v, a) => v! >= perApi[a])) break;
      await sleep(200);
    }
    await sleep(1000);
    await refusedYet();
    const after = await Promise.all(apis.map((api) => api.probe(true)));
    note(
      `${SUBSCRIBERS.toLocaleString('en')} subscribers (${specs.filter((s) => s.kind === 'stock').length} stockLevelChanged, ` +
        `${specs.filter((s) => s.kind === 'availability').length} availabilityChanged on channel ${CHANNEL}; ` +
        `${SKUS_PER_SUBSCRIBER} random SKUs of ${CATALOG} each; ${perApi.join(' + ')} sockets per instance) ` +
        `connected and subscribed in ${openSeconds.toFixed(1)} s; stockline_subscriptions_open: ${gauge}`,
    );
    const delta = (key: 'rss' | 'heapUsed' | 'external') =>
      after.reduce((sum, a, i) => sum + a[key] - before[i][key], 0) / SUBSCRIBERS;
    note(
      `memory per connection (API process${apis.length > 1 ? 'es' : ''}, after a full GC, before and after opening the sockets, ` +
        `divided by ${SUBSCRIBERS}): RSS ${kib(delta('rss'))}, V8 heap used ${kib(delta('heapUsed'))}, external ${kib(delta('external'))}; ` +
        `RSS ${apis.map((api, i) => `${api.name} ${Math.round(before[i].rss / 2 ** 20)} -> ${Math.round(after[i].rss / 2 ** 20)} MiB`).join(', ')}`,
    );

    /** Measured reservations by reference: what was asked, and when the answer came. */
    const asked = new Map<string, { sku: string; api: number; answeredAt?: number }>();
    /** Reservations that failed at the load generator: the error, and the reference to look up whether it committed. */
    const failedReservations: { reference: string; error: string }[] = [];
    const measuredPrefix = `subs-bench-${scenario}-m-`;
    let firstUserError: string | undefined;
    const reserve = async (i: number, measured: boolean): Promise<boolean> => {
      const sku = skuOf(Math.floor(Math.random() * CATALOG));
      const warehouseCode = WAREHOUSES[i % WAREHOUSES.length];
      const api = i % apis.length;
      const reference = `${measured ? measuredPrefix : `subs-bench-${scenario}-w-`}${i}`;
      if (measured) asked.set(reference, { sku, api });
      let data: {
        reservationCreate: { reservation: { id: string } | null; userErrors: { code: string; message: string }[] };
      };
      try {
        data = await gqls[api](RESERVE, { input: { reference, lines: [{ sku, quantity: '1', warehouseCode }] } });
      } catch (error) {
        if (measured) failedReservations.push({ reference, error: (error as Error).message.slice(0, 200) });
        throw error;
      }
      const made = data.reservationCreate.reservation;
      if (!made) {
        firstUserError ??= JSON.stringify(data.reservationCreate.userErrors);
        return false;
      }
      if (measured) asked.get(reference)!.answeredAt = Date.now();
      return true;
    };

    // Warm-up at the same rate (JIT, pools, the publisher), then let its events drain.
    const warm = await openLoop({
      perSecond: RATE,
      seconds: WARMUP_SECONDS,
      maxInFlight: 500,
      request: (i) => reserve(i, false),
    });
    // A few may meet a keep-alive socket the server closed while the subscribers were connecting.
    if (warm.errors > warm.requests / 10) {
      throw new Error(`warm-up reservations failed: ${warm.firstError ?? firstUserError}`);
    }
    await sleep(2000);

    const availableAtMark = await availableBySku(gqls[0]);
    await Promise.all(clientProcesses.map((clients) => clients.ask({ cmd: 'mark' }, 'marked')));
    for (const api of apis) api.mark();
    const PUBLISH_LAG = 'stockline_outbox_publish_lag_seconds';
    const publishBefore = (await Promise.all(apis.map((api) => api.metrics()))).map((t) =>
      readHistogram(t, PUBLISH_LAG),
    );
    const lagSamples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const api of apis) {
          const lag = await api.outboxLag();
          if (lag !== undefined) lagSamples.push(lag * 1000);
        }
        await sleep(500);
      }
    })();
    const ticks = async () => ({
      postgres: await backendTicks(db),
      machine: machineTicks().busy,
      apis: apis.map((api) => processTicks(api.pid)),
      clients: clientProcesses.reduce((sum, c) => sum + processTicks(c.pid), 0),
      bench: processTicks(process.pid),
    });
    const ticks0 = await ticks();
    const t0 = performance.now();
    const load: OpenLoopResult = await openLoop({
      perSecond: RATE,
      seconds: SECONDS,
      maxInFlight: 500,
      request: (i) => reserve(i, true),
    });
    const ticks1 = await ticks();
    const loadSeconds = (performance.now() - t0) / 1000;

    // Expected deliveries: each reservation reaches every subscriber watching its SKU.
    const watchers = new Map<string, SubscriberSpec[]>();
    for (const spec of specs) for (const sku of spec.skus) watchers.set(sku, [...(watchers.get(sku) ?? []), spec]);
    // What committed is what the database holds, answered or not (an answer lost on the way still committed).
    const expectedDeliveries = async () => {
      const reservations = new Map<string, Reservation>();
      for (const row of await committedReservations(db, measuredPrefix)) {
        const { api, answeredAt } = asked.get(row.reference)!;
        reservations.set(row.id, {
          id: row.id,
          sku: row.sku,
          warehouseCode: row.warehouse_code,
          sequence: row.sequence === null ? NaN : Number(row.sequence),
          api,
          answeredAt,
        });
      }
      let total = 0;
      for (const r of reservations.values()) total += watchers.get(r.sku)?.length ?? 0;
      return { reservations, total };
    };
    const { total: expectedTotal } = await expectedDeliveries();
    // Drain: until every expected event arrived, or nothing new came for 3 s (at most 20 s).
    const drainStart = performance.now();
    let received = 0;
    let lastChange = performance.now();
    while (performance.now() - drainStart < 20_000) {
      const counts = await Promise.all(clientProcesses.map((c) => c.ask({ cmd: 'count' }, 'count')));
      const now = counts.reduce((n, c) => n + c.received, 0);
      if (now !== received) lastChange = performance.now();
      received = now;
      if (received >= expectedTotal || performance.now() - lastChange > 3000) break;
      await sleep(250);
    }
    // The fan-out's CPU is spent until the last event is out, not when the last answer came:
    // per reservation, count from the first send to the end of the drain.
    const ticksDrained = await ticks();
    const drainedSeconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    const probes = await Promise.all(apis.map((api) => api.probe(false)));
    const { reservations } = await expectedDeliveries();
    const reports = await Promise.all(clientProcesses.map((c) => c.ask({ cmd: 'report' }, 'report')));

    // ------------------------------------------------------------ accounting
    // stockLevelChanged: every reservation must be named, exactly once, among the causes of the
    // events of its own pair (SKU x warehouse), or be one of the causes an event counted beyond
    // the ones it lists (causeCount > causes); the events' reserved deltas must add up to the
    // reservations of the pair. availabilityChanged carries no cause: its available figure says
    // how many reservations of the SKU it reflects (each takes 1 unit, nothing else moves), so
    // the i-th reservation (commit order) is delivered by the first event showing i or more.
    const commitToReceipt: number[] = [];
    const answerToReceipt: number[] = [];
    const sameInstance: number[] = [];
    const crossInstance: number[] = [];
    let expectedStock = 0;
    let receivedStock = 0;
    let namedCauses = 0;
    let overflowCauses = 0;
    let undelivered = 0;
    let duplicates = 0;
    let unexpected = 0;
    let wrongPair = 0;
    let outOfOrder = 0;
    let outsideFilter = 0;
    let reservedMismatch = 0;
    let expectedAvailability = 0;
    let receivedAvailability = 0;
    let lostAvailability = 0;
    let availabilityBackwards = 0;
    let availabilityBeyond = 0;
    const availabilityAnswerToReceipt: number[] = [];
    const naiveAnswerToReceipt: number[] = [];
    const pairOf = (sku: string, warehouseCode: string) => `${sku}@${warehouseCode}`;
    const bySku = new Map<string, Reservation[]>();
    for (const r of reservations.values()) bySku.set(r.sku, [...(bySku.get(r.sku) ?? []), r]);
    for (const list of bySku.values()) list.sort((a, b) => a.sequence - b.sequence);
    for (const spec of specs) {
      const k = spec.id % CLIENT_PROCESSES;
      const report = reports[k];
      const mine = spec.skus.flatMap((sku) => bySku.get(sku) ?? []);
      if (spec.kind === 'stock') {
        const records = report.stock[spec.id] ?? [];
        expectedStock += mine.length;
        receivedStock += records.length;
        const seen = new Set<string>();
        const overflow = new Map<string, number>();
        const reservedSum = new Map<string, number>();
        let lastSequence = -Infinity;
        for (const [causeIds, causeCount, sequence, sku, warehouseCode, receivedAt, committedAt, reserved] of records) {
          if (!spec.skus.includes(sku)) outsideFilter++;
          if (sequence <= lastSequence) outOfOrder++;
          lastSequence = sequence;
          const pair = pairOf(sku, warehouseCode);
          reservedSum.set(pair, (reservedSum.get(pair) ?? 0) + Number(reserved));
          if (causeCount > causeIds.length) {
            overflow.set(pair, (overflow.get(pair) ?? 0) + causeCount - causeIds.length);
            overflowCauses += causeCount - causeIds.length;
          }
          for (const causeId of causeIds) {
            const reservation = reservations.get(causeId);
            if (!reservation) {
              unexpected++;
              continue;
            }
            if (pairOf(reservation.sku, reservation.warehouseCode) !== pair) wrongPair++;
            if (seen.has(causeId)) {
              duplicates++;
              continue;
            }
            seen.add(causeId);
            namedCauses++;
            const latency = receivedAt - committedAt;
            commitToReceipt.push(latency);
            if (reservation.answeredAt !== undefined) answerToReceipt.push(receivedAt - reservation.answeredAt);
            (reservation.api === apiOfClient(k) ? sameInstance : crossInstance).push(latency);
          }
        }
        const missingByPair = new Map<string, number>();
        const madeByPair = new Map<string, number>();
        for (const r of mine) {
          const pair = pairOf(r.sku, r.warehouseCode);
          madeByPair.set(pair, (madeByPair.get(pair) ?? 0) + 1);
          if (!seen.has(r.id)) missingByPair.set(pair, (missingByPair.get(pair) ?? 0) + 1);
        }
        for (const [pair, missing] of missingByPair) undelivered += Math.max(0, missing - (overflow.get(pair) ?? 0));
        for (const pair of new Set([...madeByPair.keys(), ...reservedSum.keys()])) {
          if ((madeByPair.get(pair) ?? 0) !== (reservedSum.get(pair) ?? 0)) reservedMismatch++;
        }
      } else {
        const records = report.availability[spec.id] ?? [];
        expectedAvailability += mine.length;
        receivedAvailability += records.length;
        for (const sku of spec.skus) {
          const made = bySku.get(sku) ?? [];
          const base = availableAtMark.get(sku) ?? NaN;
          let reflected = 0;
          let next = 0;
          for (const [recordSku, available, receivedAt] of records) {
            if (recordSku !== sku) continue;
            const shown = base - Number(available);
            if (shown < reflected) availabilityBackwards++;
            reflected = Math.max(reflected, shown);
            if (reflected > made.length) availabilityBeyond++;
            for (; next < Math.min(reflected, made.length); next++) {
              const answeredAt = made[next].answeredAt;
              if (answeredAt !== undefined) availabilityAnswerToReceipt.push(receivedAt - answeredAt);
            }
          }
          lostAvailability += made.length - next;
          // How the bench matched them before (the n-th event of the SKU to its n-th reservation
          // answered): when one event reflects several reservations, every later pair is off by
          // as many, i.e. by seconds at 0.5 reservations of a SKU per second.
          const answered = made.filter((r) => r.answeredAt !== undefined).sort((x, y) => x.answeredAt! - y.answeredAt!);
          records
            .filter((r) => r[0] === sku)
            .forEach((record, n) => {
              if (answered[n]) naiveAnswerToReceipt.push(record[2] - answered[n].answeredAt!);
            });
        }
      }
    }
    const failures: string[] = [];
    if (undelivered) failures.push(`${undelivered} reservations named by no stockLevelChanged event of their pair`);
    if (duplicates) failures.push(`${duplicates} reservations named twice`);
    if (wrongPair) failures.push(`${wrongPair} causes on an event of another pair`);
    if (outOfOrder) failures.push(`${outOfOrder} stockLevelChanged events out of sequence order`);
    if (outsideFilter) failures.push(`${outsideFilter} stockLevelChanged events for a SKU not asked for`);
    if (reservedMismatch) failures.push(`${reservedMismatch} subscriber pairs whose reserved deltas do not add up`);
    if (lostAvailability) failures.push(`${lostAvailability} reservations no availabilityChanged event reflects`);
    if (availabilityBackwards) failures.push(`${availabilityBackwards} availabilityChanged events going backwards`);
    const closedSockets = reports.reduce((n, r) => n + Object.values(r.closes).reduce((a, b) => a + b, 0), 0);
    if (closedSockets) failures.push(`${closedSockets} sockets closed by the server`);
    const machineCores = (ticks1.machine - ticks0.machine) / 100 / loadSeconds;
    const core = (t: number) => (t / 100 / loadSeconds).toFixed(2);
    const apiTicks = ticks1.apis.map((t, i) => t - ticks0.apis[i]);
    let postgresTicks = 0;
    for (const [pid, t] of ticks1.postgres) postgresTicks += t - (ticks0.postgres.get(pid) ?? 0);
    const ours =
      apiTicks.reduce((a, b) => a + b, 0) +
      ticks1.clients -
      ticks0.clients +
      ticks1.bench -
      ticks0.bench +
      postgresTicks;

    note(
      `reservations (reservationCreate, 1 unit of a random SKU, ${WAREHOUSES.join('/')} alternately${apis.length > 1 ? ', instances alternately' : ''}; open loop): ` +
        `${load.requests.toLocaleString('en')} sent at ${load.sentPerSecond.toFixed(1)}/s (target ${RATE}/s), ${load.errors} failed` +
        (load.errors
          ? ` (${Object.entries(load.errorKinds)
              .map(([kind, n]) => `${n} x ${kind}`)
              .join('; ')}${firstUserError ? `; first user error ${firstUserError}` : ''})`
          : '') +
        `, ${reservations.size.toLocaleString('en')} committed (${[...reservations.values()].filter((r) => r.answeredAt === undefined).length} of them without an answer)` +
        `; answer from the scheduled instant p50 ${ms(load.p50)}, p99 ${ms(load.p99)}, at most ${load.peakInFlight} in flight`,
    );
    const stockLatency = distribution(commitToReceipt);
    note(`**stockLevelChanged, commit (committedAt) to receipt at the subscriber: ${fmtDist(stockLatency)}**`);
    if (apis.length > 1) {
      note(`- made on the subscriber's own instance: ${fmtDist(distribution(sameInstance))}`);
      note(`- made on the other instance: ${fmtDist(distribution(crossInstance))}`);
    }
    note(
      `stockLevelChanged, reservation's HTTP answer at the load generator to receipt: ${fmtDist(distribution(answerToReceipt))}`,
    );
    note(
      `**stockLevelChanged causes: ${expectedStock.toLocaleString('en')} (subscriber x reservation) expected, ${namedCauses.toLocaleString('en')} named once in an event of their pair, ` +
        `${overflowCauses} counted beyond the listed causes (causeCount), ${undelivered} undelivered**; ` +
        `${receivedStock.toLocaleString('en')} events (${(receivedStock / loadSeconds).toFixed(0)}/s, ${(expectedStock / Math.max(1, receivedStock)).toFixed(2)} causes per event); ` +
        `${duplicates} named twice, ${wrongPair} on another pair's event, ${unexpected} causes not from a measured reservation, ${outOfOrder} out of sequence order, ` +
        `${outsideFilter} for a SKU not asked for, ${reservedMismatch} pairs whose reserved deltas do not add up to their reservations`,
    );
    note(
      `**availabilityChanged: ${expectedAvailability.toLocaleString('en')} (subscriber x reservation) expected, ${(expectedAvailability - lostAvailability).toLocaleString('en')} reflected by an event, ${lostAvailability} undelivered** ` +
        `(${receivedAvailability.toLocaleString('en')} events: one event reflects every reservation its figure includes; ${availabilityBackwards} going backwards, ${availabilityBeyond} beyond the reservations made); ` +
        `reservation's HTTP answer to the first event reflecting it: ${fmtDist(distribution(availabilityAnswerToReceipt))} ` +
        `(matched as the bench did before, n-th answer to n-th event of the SKU: ${fmtDist(distribution(naiveAnswerToReceipt))})`,
    );
    if (failedReservations.length) {
      const committedRefs = new Set((await committedReservations(db, measuredPrefix)).map((r) => r.reference));
      note(
        `reservations that failed at the load generator: ${failedReservations
          .map((f) => `${f.reference} (${committedRefs.has(f.reference) ? 'committed' : 'not committed'}): ${f.error}`)
          .join('; ')}`,
      );
    }
    if (failures.length) note(`**FAILED: ${failures.join('; ')}**`);
    const clientErrors = reports.reduce((n, r) => n + r.errors, 0);
    const closes = reports.flatMap((r) => Object.entries(r.closes).map(([code, n]) => `${n} x ${code}`));
    note(
      `subscriber errors: ${clientErrors}${clientErrors ? ` (${reports.find((r) => r.firstError)?.firstError})` : ''}; ` +
        `sockets closed by the server: ${closes.length ? closes.join(', ') : 'none'}`,
    );
    const publishAfter = (await Promise.all(apis.map((api) => api.metrics()))).map((t) =>
      readHistogram(t, PUBLISH_LAG),
    );
    const published = histogramWindow(publishBefore, publishAfter);
    note(
      (published && published.count > 0
        ? `publish lag (committedAt to hand-off to the instance's subscriptions, ${PUBLISH_LAG}, measured window): ` +
          `${published.count.toLocaleString('en')} events published${apis.length > 1 ? ' (summed over the instances)' : ''}, ` +
          `mean ${ms((published.sum / published.count) * 1000)}, p50 ${bucketBound(published, 50)}, p99 ${bucketBound(published, 99)}`
        : `publish lag: no ${PUBLISH_LAG} histogram in /metrics`) +
        (lagSamples.length
          ? `; oldest unpublished event (stockline_outbox_lag_seconds, sampled every 0.5 s): at most ${ms(Math.max(...lagSamples))}`
          : ''),
    );
    note(
      `CPU during the ${loadSeconds.toFixed(0)} s of load, in cores (of ${os.cpus().length}): machine ${machineCores.toFixed(2)}; ` +
        `${apis.map((api, i) => `API ${api.name} ${core(apiTicks[i])}`).join(', ')}; subscriber processes ${core(ticks1.clients - ticks0.clients)}; ` +
        `load generator ${core(ticks1.bench - ticks0.bench)}; PostgreSQL backends of the bench database ${core(postgresTicks)}; ` +
        `everything else (PostgreSQL's own processes, other databases and programs) ${(machineCores - ours / 100 / loadSeconds).toFixed(2)}; ` +
        `load average at the end ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const apiSeconds = ticksDrained.apis.reduce((sum, t, i) => sum + t - ticks0.apis[i], 0) / 100;
    let postgresDrainedTicks = 0;
    for (const [pid, t] of ticksDrained.postgres) postgresDrainedTicks += t - (ticks0.postgres.get(pid) ?? 0);
    const delivered = receivedStock + receivedAvailability;
    note(
      `API CPU per committed reservation, its events' fan-out included (from the first send until the last event arrived, ${drainedSeconds.toFixed(0)} s): ${ms((apiSeconds * 1000) / Math.max(1, reservations.size))} ` +
        `(${delivered.toLocaleString('en')} events delivered, ${(delivered / Math.max(1, reservations.size)).toFixed(1)} per reservation); ` +
        `PostgreSQL backends: ${ms((postgresDrainedTicks * 10) / Math.max(1, reservations.size))} per reservation`,
    );
    note(
      `event-loop delay: ${apis.map((api, i) => `API ${api.name} p99 ${ms(probes[i].loopDelay.p99)} (max ${ms(probes[i].loopDelay.max)})`).join(', ')}; ` +
        `subscriber processes p99 ${reports.map((r) => ms(r.loopDelay.p99)).join(' / ')} (max ${reports.map((r) => ms(r.loopDelay.max)).join(' / ')}); ` +
        `API RSS at the end ${probes.map((p) => `${Math.round(p.rss / 2 ** 20)} MiB`).join(', ')}`,
    );
    const fromMetrics = (await Promise.all(apis.map((api) => api.metrics())))
      .map((text, i) =>
        text
          .split('\n')
          .filter((line) => /^stockline_(outbox|subscri|publish|pubsub|event)/.test(line) && !line.includes('_bucket'))
          .map((line) => `${apis[i].name}: ${line}`),
      )
      .flat();
    if (fromMetrics.length) note(`subscription metrics at the end: ${fromMetrics.map((l) => `\`${l}\``).join('; ')}`);
    return { lines, p99: stockLatency.p99, failures };
  } finally {
    await Promise.all(clientProcesses.map((c) => c.stop()));
    await db.end();
  }
}

// ---------------------------------------------------------------- set-up and report

async function setUp(databaseUrl: string, api: ApiProcess): Promise<string> {
  // An ADMIN key made the documented way (`npm run key:create`): the server has no anonymous access.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(REPO, 'dist/scripts/key-create.js'), '--roles', 'ADMIN', '--name', 'Subscriptions bench'],
    { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } },
  );
  const key = stdout.trim().split('\n').pop()!.trim();
  const authorization = `Bearer ${key}`;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ company_id: companyId, id: unitId }] = (
      await db.query(`select company_id, id from uom where name = 'Unit' limit 1`)
    ).rows;
    await db.query(
      `insert into product (id, created_at, updated_at, company_id, sku, name, uom_id)
       select gen_random_uuid(), now(), now(), $1, 'SUBS-' || lpad(i::text, 4, '0'), 'Subscriptions bench product ' || i, $2
         from generate_series(1, $3::int) as i`,
      [companyId, unitId, CATALOG],
    );
  } finally {
    await db.end();
  }
  // Stock through the API (receipts of 50 lines), so the ledger and its figures are the real ones.
  const gql = graphqlClient(new URL(`${api.url}/graphql`), { authorization });
  for (const warehouseCode of WAREHOUSES) {
    for (let from = 0; from < CATALOG; from += 50) {
      const lines = Array.from({ length: Math.min(50, CATALOG - from) }, (_, i) => ({
        sku: skuOf(from + i),
        quantity: '1000000',
      }));
      const data = await gql<{ transferCreate: { transfer: { state: string } | null; userErrors: unknown[] } }>(
        RECEIPT,
        {
          input: { type: 'RECEIPT', warehouseCode, validate: true, lines },
        },
      );
      if (!data.transferCreate.transfer)
        throw new Error(`receipt failed: ${JSON.stringify(data.transferCreate.userErrors)}`);
    }
  }
  return authorization;
}

async function main(): Promise<void> {
  // Part of `npm run bench`: until the subscriptions exist, say so instead of failing the whole run.
  const schema = fs.readFileSync(path.join(REPO, 'schema/schema.graphql'), 'utf8');
  if (!/^\s+stockLevelChanged\(/m.test(schema) && process.env.BENCH_SUBS_FORCE !== '1') {
    log('skipped: schema/schema.graphql has no stockLevelChanged subscription yet');
    return;
  }
  const started = new Date();
  const loadAverage = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const quiet = await waitForQuiet();
  log(quiet);
  const results: string[] = [];
  const failures: string[] = [];
  let worstP99 = NaN;
  let version = '';
  await withScratchDatabase('stockline_bench_subs', async (databaseUrl) => {
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    version = (await admin.query('show server_version')).rows[0].server_version;
    await admin.end();
    const apis: ApiProcess[] = [];
    try {
      apis.push(await ApiProcess.start('A', databaseUrl));
      const authorization = await setUp(databaseUrl, apis[0]);
      log(`catalog of ${CATALOG} SKUs stocked in ${WAREHOUSES.join(', ')}`);
      if (ONLY !== 2) {
        log('one instance');
        const one = await runScenario(apis, authorization, databaseUrl, 'one');
        results.push(
          '### One API instance',
          '',
          ...one.lines.map((l) => (l.startsWith('- ') ? `  ${l}` : `- ${l}`)),
          '',
        );
        worstP99 = one.p99;
        failures.push(...one.failures.map((f) => `one instance: ${f}`));
      }
      if (ONLY !== 1) {
        apis.push(await ApiProcess.start('B', databaseUrl));
        log('two instances');
        const two = await runScenario(apis, authorization, databaseUrl, 'two');
        results.push(
          '### Two API instances on the same database',
          '',
          'Half of the subscribers on each instance; reservations sent to A and B alternately, so half of each subscriber’s events cross instances (PostgreSQL LISTEN/NOTIFY).',
          '',
          ...two.lines.map((l) => (l.startsWith('- ') ? `  ${l}` : `- ${l}`)),
          '',
        );
        worstP99 = Number.isNaN(worstP99) ? two.p99 : Math.max(worstP99, two.p99);
        failures.push(...two.failures.map((f) => `two instances: ${f}`));
      }
    } finally {
      await Promise.all(apis.map((api) => api.stop()));
    }
  });
  let commit = 'unknown';
  try {
    commit = (await promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO })).stdout.trim();
  } catch {
    // not a git checkout
  }
  const section = [
    SECTION_START,
    '## Subscriptions benchmark (bench/subscriptions.ts, issue 5)',
    '',
    `Command: \`npm run bench:subscriptions\` (BENCH_SUBSCRIBERS=${SUBSCRIBERS}, BENCH_RESERVATIONS_PER_SECOND=${RATE}, BENCH_SUBS_SECONDS=${SECONDS}, BENCH_QUIET_WAIT=${QUIET_WAIT_SECONDS}), run ${started.toISOString()}, ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min. Code measured: commit ${commit}.`,
    `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${version}; load average at the start ${loadAverage}; ${quiet}.`,
    '',
    `Set-up: the API is \`dist/src/main.js\` itself (NODE_ENV=production, default pool, rate limit off) in its own process on a scratch database with the demo data and ${CATALOG} SKUs stocked by receipts in ${WAREHOUSES.join(' and ')}; ` +
      `subscribers are graphql-ws clients (\`createClient\` over \`ws\`, one socket and one subscription each, connection_init with an ADMIN key made by \`key:create\`) in ${CLIENT_PROCESSES} child processes; ` +
      `reservations are sent from the bench process by an open loop (each at its scheduled instant, whatever the previous ones do) after ${WARMUP_SECONDS} s of warm-up, for ${SECONDS} s. ` +
      `Latency is receipt (Date.now() in the subscriber process) minus the event's committedAt: all processes share the machine's clock. ` +
      `Every event is matched to the reservation in its cause; expected = for each subscriber, the measured reservations of its SKUs that the database holds.`,
    '',
    failures.length
      ? `**FAILED (something was not delivered as it should be): ${failures.join('; ')}.**\n`
      : '**Every reservation reached every subscriber of its pair (counted by cause) and of its SKU (availability).**\n',
    `**Target p99 < ${TARGET_P99_MS} ms: ${Number.isNaN(worstP99) ? 'not measured' : worstP99 < TARGET_P99_MS ? `met (worst p99 ${ms(worstP99)})` : `missed (worst p99 ${ms(worstP99)}, ${ms(worstP99 - TARGET_P99_MS)} over)`}.**`,
    '',
    ...results,
    fs.existsSync(READING) ? fs.readFileSync(READING, 'utf8').trim() : '',
    '',
    SECTION_END,
    '',
  ].join('\n');
  console.log(`\n${section}`);
  // Anything really undelivered (or delivered twice, out of order, to the wrong subscriber) fails the run.
  if (failures.length) {
    process.exitCode = 1;
    log(`FAILED: ${failures.join('; ')}`);
  }
  if (ONLY !== undefined || process.env.BENCH_SUBS_WRITE === '0') return; // a partial run leaves RESULTS.md as it is
  const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
  const start = previous.indexOf(SECTION_START);
  const end = previous.indexOf(SECTION_END);
  fs.writeFileSync(
    RESULTS,
    start >= 0 && end > start
      ? previous.slice(0, start) + section + previous.slice(end + SECTION_END.length).replace(/^\n/, '')
      : `${previous.trimEnd()}\n\n${section}`,
  );
  log('wrote its section of bench/RESULTS.md');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
