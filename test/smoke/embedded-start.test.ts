import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { print } from 'graphql';
import request from 'supertest';
import { ProductCreateDocument, ProductsDocument, UomsDocument, WarehousesDocument } from '../generated/graphql';
import { scratchDir } from '../helpers/scratch-dir';

/**
 * The zero-setup path a new user takes: the built server with no DATABASE_URL starts its own
 * PostgreSQL, migrates, loads the demo data, stops cleanly on Ctrl-C and finds its data again.
 */
const MAIN = path.join(__dirname, '../../dist/src/main.js');

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

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the server on a port the system picks (PORT=0; it names the port in its ready line): a
 * port found free beforehand could be taken by another test worker's server before it binds it.
 */
async function startServer(
  env: NodeJS.ProcessEnv,
  viaNpm = false,
): Promise<{ child: ChildProcess; output: () => string; api: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const options: SpawnOptions = { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] };
  // `npm start` in its own process group, so that the test can clean up whatever npm leaves.
  const child: ChildProcess = viaNpm
    ? spawn('npm', ['start'], { ...options, cwd: path.join(__dirname, '../..'), detached: true })
    : spawn(process.execPath, [MAIN], options);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const port = /API ready at http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    const api = `http://127.0.0.1:${port}`;
    try {
      if (port && (await request(api).get('/readyz')).status === 200) return { child, output: () => output, api };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready in time:\n${output}`);
}

function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('npm start with the embedded PostgreSQL', () => {
  // In memory where the machine allows (scratch-dir.ts): the user's disk is not what this tests.
  const dataDir = scratchDir('smoke');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts, serves the demo data, stops on SIGINT and keeps its data for the next start', async () => {
    expect(fs.existsSync(MAIN)).toBe(true); // `npm test` builds first
    const env = {
      NODE_ENV: 'development',
      PORT: '0',
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DATA_DIR: path.join(dataDir, 'pg'),
      LOG_LEVEL: 'info',
    };
    let api = '';
    let key = '';
    const gql = async (query: string, variables: Record<string, unknown> = {}) =>
      (await request(api).post('/graphql').set('authorization', `Bearer ${key}`).send({ query, variables })).body;
    const printedKey = (output: string) =>
      /development ADMIN key[^\n]*?(sl_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(output)?.[1];

    const first = await startServer(env);
    api = first.api;
    key = printedKey(first.output()) ?? '';
    expect(key).not.toBe('');
    // Without credentials, development allows the storefront role: the catalog, not the warehouses.
    const anonymous = (query: string) => request(api).post('/graphql').send({ query });
    expect((await anonymous(print(ProductsDocument))).body.data.products.totalCount).toBe(20);
    expect((await anonymous(print(WarehousesDocument))).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const products = await gql(print(ProductsDocument), { first: 1 });
    expect(products.data.products.totalCount).toBe(20);
    const warehouses = await gql(print(WarehousesDocument));
    expect(warehouses.data.warehouses.map((w: { code: string }) => w.code)).toEqual(['LYO', 'PAR']);
    const uoms = await gql(print(UomsDocument));
    const unit = uoms.data.uoms.find((u: { name: string }) => u.name === 'Unit');
    const created = await gql(print(ProductCreateDocument), {
      input: { sku: 'SMOKE-1', name: 'Smoke', uomId: unit.id },
    });
    expect(created.data.productCreate.userErrors).toEqual([]);
    expect(await stopServer(first.child)).toBe(0);
    expect(first.output()).toMatch(/stopped cleanly/);
    expect(await portOpen(Number(env.EMBEDDED_PG_PORT))).toBe(false);

    const second = await startServer(env);
    api = second.api;
    expect(printedKey(second.output())).toBe(key); // the same development key after a restart
    const again = await gql(print(ProductsDocument), { filter: { skus: ['SMOKE-1'] } });
    expect(again.data.products.totalCount).toBe(1);
    const all = await gql(print(ProductsDocument), { first: 1 });
    expect(all.data.products.totalCount).toBe(21); // demo data loaded once, not again
    expect(second.output()).not.toMatch(/demo data loaded/);
    expect(await stopServer(second.child)).toBe(0);

    // A process manager (or `kill`) stops `npm start` with SIGTERM to npm alone: the server and its
    // PostgreSQL must stop with it. npm forwards the signal to its child, which was a shell that
    // died of it and left the server running without a parent.
    const third = await startServer(env, true);
    const apiPort = Number(new URL(third.api).port);
    try {
      const npmExited = new Promise((resolve) => third.child.once('exit', resolve));
      third.child.kill('SIGTERM');
      await npmExited;
      const deadline = Date.now() + 30_000;
      while ((await portOpen(apiPort)) || (await portOpen(Number(env.EMBEDDED_PG_PORT)))) {
        if (Date.now() > deadline) throw new Error(`still running after npm was stopped:\n${third.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(third.output()).toMatch(/stopped cleanly/);
    } finally {
      try {
        process.kill(-third.child.pid!, 'SIGKILL');
      } catch {
        // nothing left in the group
      }
    }
  }, 240_000);
});
