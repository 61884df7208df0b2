import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * State that the instances of one deployment share (issue 21): with REDIS_URL the rate limit
 * counts across instances and a revoked key stops working on all of them at once; an instance
 * that cannot reach Redis at start serves anyway, over PostgreSQL LISTEN/NOTIFY, and says so.
 * Each instance is its own process (`node dist/src/main.js`): instances in one process would
 * share its memory, which is what must not be relied on.
 */
const MAIN = path.join(__dirname, '../../dist/src/main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp =
  spawnSync(
    process.execPath,
    [
      '-e',
      `const u = new URL(process.argv[1]); const s = require('net').connect(Number(u.port || 6379), u.hostname);
       s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1)); setTimeout(() => process.exit(1), 2000);`,
      REDIS_URL,
    ],
    { stdio: 'ignore' },
  ).status === 0;
if (!redisUp) console.warn(`SKIPPED the shared-Redis tests: no Redis at ${REDIS_URL}.`);

let app: TestApp;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterEach(async () => {
  await Promise.all([...running].map(stop));
});
afterAll(() => app.close());

interface Instance {
  url: string;
  output: () => string;
}

/** A server process on the test database; resolves once it listens. */
async function startServer(env: Record<string, string>): Promise<Instance> {
  const { DATABASE_URL: _ignored, REDIS_URL: _none, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: app.databaseUrl,
      DEV_ADMIN_KEY: 'false',
      RATE_LIMIT_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /ready at http:\/\/localhost:(\d+)\/graphql/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return { url, output: () => output };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function post(instance: Instance, key: string, query: string, variables?: unknown) {
  const res = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several shapes, checked where read
    body: (await res.json()) as { data?: any; errors?: { extensions: Record<string, unknown> }[] },
  };
}

const viewer = '{ viewer { actor } }';

/** Revokes `name`'s key through `instance` (as the admin), once `key` has been used (and cached) on `other`. */
async function revokeThrough(instance: Instance, name: string): Promise<void> {
  const keys = await post(instance, app.adminKey, '{ apiKeys { id name } }');
  const id = (keys.body.data.apiKeys as { id: string; name: string }[]).find((k) => k.name === name)!.id;
  const revoked = await post(
    instance,
    app.adminKey,
    'mutation($id: ID!) { apiKeyRevoke(input: { id: $id }) { userErrors { code } } }',
    {
      id,
    },
  );
  expect(revoked.body.data.apiKeyRevoke.userErrors).toEqual([]);
}

/** Polls `instance` until `key` is refused; the key cache alone (30 s) would accept it far longer. */
async function refusedWithin(instance: Instance, key: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await post(instance, key, viewer);
    if (res.status === 401) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

(redisUp ? describe : describe.skip)('with REDIS_URL', () => {
  it('a key revoked on one instance is refused by the other at once, not after its key cache expires', async () => {
    const env = { REDIS_URL, API_KEY_CACHE_MS: '60000' };
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    const key = await app.createKey(['STOREFRONT'], { name: 'revoked-over-redis' });
    expect((await post(b, key, viewer)).status).toBe(200); // now in b's cache for a minute
    await revokeThrough(a, 'revoked-over-redis');
    expect(await refusedWithin(b, key, 5000)).toBe(true);
  }, 120_000);

  it('counts the rate limit across instances', async () => {
    const env = { REDIS_URL, RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '4' };
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    const key = await app.createKey(['STOREFRONT'], { name: 'limited-across-instances' });
    // Alone, each instance would pass a burst of 4 (8 in all); shared, 4 pass, plus one a second.
    const started = Date.now();
    const answers = [];
    for (const instance of [a, b, a, b, a, b, a, b, a, b]) answers.push(await post(instance, key, viewer));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const passed = answers.filter((r) => r.status === 200).length;
    expect(passed).toBeGreaterThanOrEqual(4);
    expect(passed).toBeLessThanOrEqual(4 + seconds);
    const limited = answers.find((r) => r.status === 429)!;
    expect(limited.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
  }, 120_000);
});

describe('without a reachable Redis', () => {
  it('an instance that cannot reach REDIS_URL at start serves over LISTEN/NOTIFY, says so in its log and metrics, and revocations still cross instances', async () => {
    const env = { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, API_KEY_CACHE_MS: '60000' };
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    for (const instance of [a, b]) {
      expect(instance.output()).toMatch(/REDIS_URL unreachable at start: serving with PostgreSQL LISTEN\/NOTIFY/);
      const metrics = await (await fetch(`${instance.url}/metrics`)).text();
      expect(metrics).toMatch(/stockline_shared_state_backend\{backend="postgres"\} 1/);
      expect(metrics).toMatch(/stockline_shared_state_backend\{backend="redis"\} 0/);
    }
    const key = await app.createKey(['STOREFRONT'], { name: 'revoked-over-notify' });
    expect((await post(b, key, viewer)).status).toBe(200);
    await revokeThrough(a, 'revoked-over-notify');
    expect(await refusedWithin(b, key, 5000)).toBe(true);
  }, 120_000);
});
