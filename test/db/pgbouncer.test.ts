import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { buildStocklineSchema } from '../../src/graphql/schema';
import { initOrm } from '../../src/db/orm';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/observability/logger';
import { createStocklineServer, type StocklineServer } from '../../src/server/app';
import { ReservationCreateDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { print } from 'graphql';

/**
 * The server behind PgBouncer in session mode, the mode docs/scaling.md prescribes: each pool
 * connection keeps its PostgreSQL session (the SQL PREPAREd statements of src/db/prepared.ts,
 * the SET of lock_timeout and plan_cache_mode, LISTEN), while the transaction-scoped advisory
 * locks would survive any mode. Concurrent reservations through it stay exact.
 */
const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => fs.existsSync(p));
if (!PGBOUNCER) console.warn('SKIPPED the PgBouncer test: no pgbouncer binary (apt-get install pgbouncer).');

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

(PGBOUNCER ? describe : describe.skip)('behind PgBouncer (pool_mode = session)', () => {
  let app: TestApp;
  let bouncer: ChildProcess;
  let dir: string;
  let port: number;
  let orm: MikroORM;
  let server: StocklineServer;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    const target = new URL(app.databaseUrl);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-pgbouncer-'));
    port = await freePort();
    // The server's password, if it has one (the embedded PostgreSQL does), is what PgBouncer logs in with.
    const password = decodeURIComponent(target.password);
    fs.writeFileSync(path.join(dir, 'users.txt'), `"${target.username || 'postgres'}" "${password}"\n`);
    fs.writeFileSync(
      path.join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${target.hostname} port=${target.port || 5432}${password ? ` password=${password}` : ''}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'users.txt')}`,
        `admin_users = ${target.username || 'postgres'}`,
        'pool_mode = session',
        // Session mode pins one server connection per client connection: the pool must hold
        // every instance's DB_POOL_MAX plus its LISTEN connections, or clients wait.
        'default_pool_size = 30',
        'max_client_conn = 200',
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
    );
    if (asRoot) spawnSync('chown', ['-R', 'postgres:', dir]);
    const [file, args] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', PGBOUNCER!, path.join(dir, 'pgbouncer.ini')]]
      : [PGBOUNCER!, [path.join(dir, 'pgbouncer.ini')]];
    bouncer = spawn(file, args, { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => resolve(socket.end() && true));
        socket.once('error', () => resolve(false));
      });
      if (up) break;
      if (i > 100) throw new Error('pgbouncer did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const through = new URL(app.databaseUrl);
    through.port = String(port);
    through.hostname = '127.0.0.1';
    orm = await initOrm(through.toString(), 10);
    server = await createStocklineServer({
      orm,
      schema: await buildStocklineSchema(),
      config: { ...loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_SECOND: '0' }), logLevel: 'silent' },
      logger: createLogger('silent'),
      companyId: app.companyId,
    });
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await orm?.close(true);
    if (bouncer && bouncer.exitCode === null) {
      const exited = new Promise((resolve) => bouncer.once('exit', resolve));
      bouncer.kill('SIGTERM');
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await app?.close();
  });

  async function post(query: string, variables: unknown) {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several shapes, checked where read
    return (await res.json()) as { data?: any; errors?: unknown[] };
  }

  it('serves reservations (advisory locks, group commit) and availability (prepared statements) exactly under concurrency', async () => {
    const h = stockHelpers(app);
    await h.product('PGB-1');
    await h.receive('PAR', [{ sku: 'PGB-1', quantity: '12' }]);
    const reserve = (i: number) =>
      post(print(ReservationCreateDocument), {
        input: { reference: `pgb-${i}`, lines: [{ sku: 'PGB-1', quantity: '1', warehouseCode: 'PAR' }] },
      });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => reserve(i)));
    expect(answers.filter((a) => a.errors)).toEqual([]);
    const made = answers.filter((a) => a.data.reservationCreate.reservation);
    expect(made).toHaveLength(12);
    for (const refused of answers.filter((a) => !a.data.reservationCreate.reservation)) {
      expect(refused.data.reservationCreate.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    }
    // Many times, so that requests run on several pool connections, each with its own PREPAREs.
    const reads = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('query($s: [String!]!) { availability(skus: $s, warehouseCodes: ["PAR"]) { available } }', {
          s: ['PGB-1'],
        }),
      ),
    );
    for (const read of reads) expect(read).toMatchObject({ data: { availability: [{ available: '0' }] } });
    expect(reads.filter((r) => r.errors)).toEqual([]);

    // It all went through PgBouncer: its admin console counts the transactions it carried.
    const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'pgbouncer' });
    await admin.connect();
    try {
      const { rows } = await admin.query('show stats');
      const mine = rows.find((r: { database: string }) => r.database === new URL(app.databaseUrl).pathname.slice(1));
      expect(Number(mine.total_xact_count)).toBeGreaterThan(30);
    } finally {
      await admin.end();
    }
  }, 120_000);
});
