import { Client } from 'pg';
import request from 'supertest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../helpers/test-app';

const post = (app: TestApp, body: object, headers: Record<string, string> = {}) =>
  request(app.url).post('/graphql').set('authorization', `Bearer ${app.adminKey}`).set(headers).send(body);

describe('limits in test mode (development-like)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      seed: true,
      env: {
        CORS_ORIGINS: 'https://shop.example',
        REQUEST_TIMEOUT_MS: '1000',
        WS_CONNECTION_INIT_TIMEOUT_MS: '300',
        WS_KEEP_ALIVE_MS: '200',
        LOCK_TIMEOUT_MS: '5000',
      },
    });
  });
  afterAll(() => app.close());

  it('reports the cost of every operation in extensions', async () => {
    const res = await post(app, { query: '{ products(first: 10) { edges { node { sku uom { name } } } } }' });
    expect(res.body.extensions.cost).toEqual({ requested: expect.any(Number), maximum: 20000 });
    // 1 (products) + 10 x (edges 1 + node 1 + sku 1 + uom 1 + name 1) ... computed the same way every time.
    expect(res.body.extensions.cost.requested).toBeGreaterThan(10);
    const bigger = await post(app, { query: '{ products(first: 100) { edges { node { sku uom { name } } } } }' });
    expect(bigger.body.extensions.cost.requested).toBeGreaterThan(res.body.extensions.cost.requested * 5);
  });

  it('counts list arguments: 250 SKUs cost more than 1, and the largest availability query fits', async () => {
    const skus = (n: number) => Array.from({ length: n }, (_, i) => `SKU-${i}`);
    const query =
      'query($s: [String!]!) { availability(skus: $s) { sku available warehouses { warehouseCode available } } }';
    const one = await post(app, { query, variables: { s: skus(1) } });
    const many = await post(app, { query, variables: { s: skus(250) } });
    expect(many.body.extensions.cost.requested).toBeGreaterThan(one.body.extensions.cost.requested * 100);
    expect(many.body.extensions.cost.requested).toBeLessThanOrEqual(20000);
  });

  it('keeps field suggestions outside production', async () => {
    const res = await post(app, { query: '{ prodcts { totalCount } }' });
    expect(res.body.errors[0].message).toMatch(/Did you mean/);
  });

  it('answers CORS preflights for configured origins only', async () => {
    const allowed = await request(app.url)
      .options('/graphql')
      .set('origin', 'https://shop.example')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/);
    const other = await request(app.url)
      .options('/graphql')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers TIMEOUT (503) when a request runs past REQUEST_TIMEOUT_MS', async () => {
    const [product] = await app.sql<{ id: string }>("select id from product where sku = 'BEV-COLA-033'");
    const blocker = new Client({ connectionString: app.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select id from product where id = $1 for update', [product.id]);
    try {
      const res = await post(app, {
        query: 'mutation($i: ProductUpdateInput!) { productUpdate(input: $i) { userErrors { code } } }',
        variables: { i: { id: product.id, name: 'slow' } },
      });
      expect(res.status).toBe(503);
      expect(res.body.errors[0].extensions.code).toBe('TIMEOUT');
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
  });

  it('closes a WebSocket that sends no connection_init in time (4408)', async () => {
    const code = await new Promise<number>((resolve) => {
      const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
      socket.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4408);
  });

  it('pings each WebSocket every WS_KEEP_ALIVE_MS, and keeps a socket that answers', async () => {
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    try {
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${app.adminKey}` } }));
      // ws answers each ping with a pong by itself. At the 12 s default none would come in 10 s.
      let pings = 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${pings} pings in 10 s`)), 10_000);
        socket.on('ping', () => {
          if (++pings === 3) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      socket.close();
    }
  });
});

describe('limits in production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, nodeEnv: 'production' });
  });
  afterAll(() => app.close());

  it('turns introspection off', async () => {
    const res = await post(app, { query: '{ __schema { types { name } } }' });
    expect(res.body.errors[0].message).toMatch(/introspection/i);
  });

  it('gives no "Did you mean" suggestions', async () => {
    const res = await post(app, { query: '{ prodcts { totalCount } }' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/Did you mean|products/);
  });

  it('sends no CORS headers by default (same origin only)', async () => {
    const res = await request(app.url)
      .options('/graphql')
      .set('origin', 'https://shop.example')
      .set('access-control-request-method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves no sandbox page', async () => {
    const res = await request(app.url).get('/graphql').set('accept', 'text/html');
    expect(res.text).not.toMatch(/graphiql/i);
  });
});
