import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import { AvailabilityDocument } from '../generated/graphql';

/**
 * The built server (`node dist/src/main.js`) against a database that is behind its migrations,
 * and with its connections terminated by PostgreSQL: what it refuses, what it answers, and that
 * its log stays JSON lines, whoever writes to it (issue 18).
 */
const MAIN = path.join(__dirname, '../../dist/src/main.js');

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database: jest globalSetup sets TEST_DATABASE_ADMIN_URL');
  return url;
}

async function query<T>(sql: string, url = adminUrl(), params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const database = `sl_test_boot_${process.env.JEST_WORKER_ID ?? '0'}_${Date.now()}`;
let databaseUrl = '';
const running = new Set<ChildProcess>();

beforeAll(async () => {
  expect(fs.existsSync(MAIN)).toBe(true); // `npm test` builds first
  await query(`create database "${database}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  databaseUrl = url.toString();
});
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await query(`drop database if exists "${database}" with (force)`);
});

function start(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_') && name !== 'DATABASE_URL'),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      ANONYMOUS_ROLES: 'STOREFRONT',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => output };
}

/** Every line of the output, parsed: a line that is not JSON fails the test. */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

describe('a database behind its migrations', () => {
  it('with DB_AUTO_MIGRATE=false the server refuses to start, naming the pending migrations in one JSON line', async () => {
    const server = start({ DB_AUTO_MIGRATE: 'false' });
    expect(await server.exited).toBe(1);
    const lines = jsonLines(server.output());
    const refusal = lines.find((line) => line.level === 60);
    expect(refusal).toMatchObject({
      msg: expect.stringMatching(/behind its migrations.*npm run db:migrate.*DB_AUTO_MIGRATE=true/),
      pendingMigrations: expect.arrayContaining([expect.stringMatching(/^Migration/)]),
    });
    // Nothing was applied, and nothing listened.
    expect(await query(`select to_regclass('product') as t`, databaseUrl)).toEqual([{ t: null }]);
    expect(lines.some((line) => String(line.msg).includes('API ready'))).toBe(false);
  });
});

describe('by default (npm start)', () => {
  it('applies the migrations and starts; terminated connections leave only JSON lines in the log', async () => {
    const server = start({ SEED_DEMO: 'true' });
    try {
      let api = '';
      for (let tries = 0; tries < 300 && !api; tries++) {
        if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
        const port = /API ready at http:\/\/localhost:(\d+)\//.exec(server.output())?.[1];
        if (port) api = `http://127.0.0.1:${port}`;
        else await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await request(api).get('/readyz')).status).toBe(200);
      const availability = () =>
        request(api)
          .post('/graphql')
          .send({ query: print(AvailabilityDocument), variables: { skus: ['BEV-COLA-033'] } });
      // Several at once, so that the pool holds several connections.
      await Promise.all(Array.from({ length: 5 }, availability));
      const others = `from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                        and backend_type = 'client backend'`;
      const pids = (await query<{ pid: number }>(`select pid ${others}`, databaseUrl)).map((row) => row.pid);
      expect(pids.length).toBeGreaterThan(0);
      await query(`select pg_terminate_backend(pid) from unnest($1::int[]) pid`, databaseUrl, [pids]);
      // Wait for those to be gone, not for none at all: the server's LISTEN connection comes back
      // a second after it is cut, and under load that can be before the others have gone.
      const alive = `select pid from pg_stat_activity where pid = any($1::int[])`;
      while ((await query(alive, databaseUrl, [pids])).length > 0) await new Promise((r) => setTimeout(r, 50));
      const after = await Promise.all(Array.from({ length: 5 }, availability));
      for (const res of after) {
        // A dead pooled connection is replaced; any failure is a retryable fault, never an internal error.
        if (res.status === 200 && !res.body.errors) continue;
        expect(res.body.errors[0].extensions).toMatchObject({ retryable: true });
      }
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const lines = jsonLines(server.output());
      expect(lines.some((line) => String(line.msg).includes('API ready'))).toBe(true);
      // knex's "Connection Error: ..." for the dead pooled connections, as JSON lines.
      expect(lines).toContainEqual(
        expect.objectContaining({ component: 'database-driver', msg: expect.stringMatching(/^Connection Error/) }),
      );
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
