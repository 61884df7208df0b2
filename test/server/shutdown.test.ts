import http from 'node:http';
import { print } from 'graphql';
import { Client } from 'pg';
import WebSocket from 'ws';
import { ProductUpdateDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** A POST that resolves with the status and body, or rejects when the connection is refused or cut. */
function post(app: TestApp, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminKey}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Holds the product row's lock from outside the API, so a productUpdate waits on it. */
async function lockProduct(databaseUrl: string, sku: string): Promise<{ id: string; release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  const { rows } = await client.query('select id from product where sku = $1 for update', [sku]);
  return {
    id: rows[0].id as string,
    release: async () => {
      await client.query('commit');
      await client.end();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  let app: TestApp;
  afterEach(() => app.close());

  it('stops accepting, finishes the in-flight mutation and its transaction, then closes', async () => {
    app = await startTestApp({ seed: true, lockTimeoutMs: 30_000 });
    const lock = await lockProduct(app.databaseUrl, 'BEV-COLA-033');
    const inFlight = post(app, {
      query: print(ProductUpdateDocument),
      variables: { input: { id: lock.id, name: 'Renamed during shutdown' } },
    });
    await sleep(300);
    let closed = false;
    const closing = app.server.close().then(() => (closed = true));
    await sleep(300);
    await expect(post(app, { query: '{ __typename }' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);
    await lock.release();
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).data.productUpdate).toMatchObject({
      product: { name: 'Renamed during shutdown' },
      userErrors: [],
    });
    await closing;
    const [row] = await app.sql<{ name: string }>('select name from product where id = $1', [lock.id]);
    expect(row.name).toBe('Renamed during shutdown');
  });

  it('gives in-flight requests at most SHUTDOWN_TIMEOUT_MS, then cuts them', async () => {
    app = await startTestApp({ seed: true, lockTimeoutMs: 30_000, shutdownTimeoutMs: 500 });
    const lock = await lockProduct(app.databaseUrl, 'BEV-WATER-150');
    try {
      const inFlight = post(app, {
        query: print(ProductUpdateDocument),
        variables: { input: { id: lock.id, name: 'Never finishes' } },
      });
      const outcome = inFlight.then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code,
      );
      await sleep(300);
      // The request waits on a row lock held until `finally` (lock timeout 30 s): close() returning
      // here, with the lock still held, is the proof that it did not wait for the request.
      await app.server.close();
      expect(await outcome).toBe('ECONNRESET');
    } finally {
      await lock.release();
    }
  });

  it('closes WebSockets with 1001 Going Away', async () => {
    app = await startTestApp({ seed: true });
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const acked = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') resolve();
      }),
    );
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${app.adminKey}` } })),
    );
    await acked;
    const closedWith = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await app.server.close();
    expect(await closedWith).toBe(1001);
  });
});
