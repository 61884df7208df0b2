import net from 'node:net';
import { print } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import { ReservationCreateDocument, type ReservationCreateInput } from '../generated/graphql';
import type { TestApp } from './test-app';

/** An answer with its HTTP status, as a client sees it. */
export interface Answer {
  status: number;
  reference: string;
  code: string | null;
  /** The error's message (a test server is not in production mode: it says what failed). */
  message: string | null;
  retryable: boolean;
  reservationId: string | null;
  userErrors: { code: string }[];
}

/** reservationCreate through the real endpoint, keeping the HTTP status and the first error's code. */
export async function reserve(
  url: string,
  key: string,
  input: ReservationCreateInput,
  timeoutMs = 60_000,
): Promise<Answer> {
  const res = await request(url)
    .post('/graphql')
    .timeout(timeoutMs)
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${key}`)
    .send({ query: print(ReservationCreateDocument), variables: { input } });
  const error = res.body?.errors?.[0];
  const payload = res.body?.data?.reservationCreate;
  return {
    status: res.status,
    reference: input.reference,
    code: error?.extensions?.code ?? null,
    message: error?.message ?? null,
    retryable: error?.extensions?.retryable === true,
    reservationId: payload?.reservation?.id ?? null,
    userErrors: payload?.userErrors ?? [],
  };
}

/** Reservations committed under each reference. */
export async function committed(app: TestApp, references: string[]): Promise<Map<string, number>> {
  const rows = await app.sql<{ reference: string; n: number }>(
    'select reference, count(*)::int as n from reservation where reference = any($1) group by reference',
    [references],
  );
  return new Map(references.map((r) => [r, rows.find((row) => row.reference === r)?.n ?? 0]));
}

/** Waits until no backend of the test database but ours runs a statement or holds a transaction. */
export async function databaseQuiet(app: TestApp, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let calm = 0;
  while (Date.now() < until) {
    const [{ busy }] = await app.sql<{ busy: number }>(
      `select count(*)::int as busy from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
          and state in ('active', 'idle in transaction', 'idle in transaction (aborted)')
          and query not ilike 'listen%'`,
    );
    calm = busy === 0 ? calm + 1 : 0;
    if (calm >= 3) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the database did not become quiet');
}

/** Waits until at least `count` backends of the test database wait for a lock. */
export async function lockWaiters(app: TestApp, count: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [{ waiting }] = await app.sql<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} lock waiters`);
}

/** A psql-like session holding locks in an open transaction until released. */
export async function lockHolder(databaseUrl: string, ...statements: string[]) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  for (const statement of statements) await client.query(statement);
  const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
  let open = true;
  return {
    pid,
    async release() {
      if (!open) return;
      open = false;
      await client.query('rollback');
      await client.end();
    },
  };
}

/** The advisory lock every taker of a product x warehouse's stock takes first (src/modules/inventory/stock-locks.ts). */
export const pairLockSql = (productId: string, warehouseId: string) =>
  `select pg_advisory_xact_lock(hashtextextended('${productId}|${warehouseId}', 0))`;

/**
 * A TCP proxy to PostgreSQL that can be cut: `stop()` drops every connection through it and
 * refuses new ones, as a database that went away does.
 */
export async function databaseProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
