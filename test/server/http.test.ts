import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { ProductsDocument, UomsDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('HTTP and WebSocket endpoints', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  });
  afterAll(() => app.close());

  it('/healthz answers while the process is up', async () => {
    const res = await request(app.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers ready when the database answers and migrations are applied, and 503 when one is pending', async () => {
    const ready = await request(app.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: true, migrations: true });
    const [applied] = await app.sql<{ name: string }>('delete from mikro_orm_migrations returning name');
    try {
      const notReady = await request(app.url).get('/readyz');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({ status: 'not ready', database: true, migrations: false });
    } finally {
      await app.sql('insert into mikro_orm_migrations (name) values ($1)', [applied.name]);
    }
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const auth = { authorization: `Bearer ${app.adminKey}` };
    const parse = await request(app.url).post('/graphql').set(auth).send({ query: '{ products { ' });
    expect(parse.status).toBe(400);
    expect(parse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await request(app.url).post('/graphql').set(auth).send({ query: '{ products { nope } }' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('echoes or assigns a request id', async () => {
    const res = await request(app.url)
      .post('/graphql')
      .set('x-request-id', 'abc-123')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send({ query: print(UomsDocument) });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const assigned = await request(app.url)
      .post('/graphql')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send({ query: print(UomsDocument) });
    expect(assigned.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves GraphQL over graphql-ws on the same path and port', async () => {
    const client = createClient({
      url: `${app.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      connectionParams: { Authorization: `Bearer ${app.adminKey}` },
    });
    try {
      const result = await new Promise<{ data?: { products: { totalCount: number } } }>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: print(ProductsDocument), variables: { first: 1 } },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value as never) },
        );
      });
      expect(result.data?.products.totalCount).toBe(20);
    } finally {
      await client.dispose();
    }
  });
});

describe('production mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true, nodeEnv: 'production' });
  });
  afterAll(() => app.close());

  it('hides SQL and stack traces of internal faults', async () => {
    await app.sql('alter table uom rename to uom_gone');
    try {
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({ query: print(UomsDocument) });
      const error = res.body.errors[0];
      expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe('Internal server error');
      expect(JSON.stringify(res.body)).not.toMatch(/select|uom_gone|stacktrace|at /i);
    } finally {
      await app.sql('alter table uom_gone rename to uom');
    }
  });
});
