import { Writable } from 'node:stream';
import { print } from 'graphql';
import request from 'supertest';
import { ReservationCreateDocument, UomsDocument } from '../generated/graphql';
import { native } from '../helpers/native';
import { startTestApp, type TestApp } from '../helpers/test-app';
import type * as Metrics from '../../src/observability/metrics';
import type * as Logging from '../../src/observability/logger';
const { createLogger } = native<typeof Logging>('src/observability/logger');
const { setOutboxLag, subscriptionClosed, subscriptionOpened } = native<typeof Metrics>('src/observability/metrics');

/** Reads one sample of a metric from the Prometheus text format. */
function sample(metrics: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('logs, request ids and metrics', () => {
  let app: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text));
        done();
      },
    });
    // The hub's fallback poll ends each drain by setting the outbox lag to 0; the gauge test
    // below sets it itself, so the poll must not run between its set and its scrape.
    app = await startTestApp({
      seed: true,
      logger: createLogger('info', sink),
      env: { STOCK_EVENT_POLL_MS: '3600000' },
    });
  });
  afterAll(() => app.close());

  const metrics = async () => (await request(app.url).get('/metrics')).text;
  const post = () => request(app.url).post('/graphql').set('authorization', `Bearer ${app.adminKey}`);

  it('logs one JSON line per operation, carrying the request id', async () => {
    lines.length = 0;
    await post()
      .set('x-request-id', 'req-log-1')
      .send({ query: print(UomsDocument), operationName: 'Uoms' });
    const line = lines.find((l) => l.requestId === 'req-log-1');
    expect(line).toMatchObject({
      level: 30,
      service: 'stockline',
      requestId: 'req-log-1',
      operationName: 'Uoms',
      operationType: 'query',
      msg: 'graphql operation',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.time).toBe('string');
  });

  it('puts the request id in every error of an error response', async () => {
    const res = await post().set('x-request-id', 'req-err-1').send({ query: '{ products { nope } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
    for (const error of res.body.errors) expect(error.extensions.requestId).toBe('req-err-1');
    const assigned = await post().send({ query: '{ nope }' });
    expect(assigned.body.errors[0].extensions.requestId).toBe(assigned.headers['x-request-id']);
  });

  it('measures operations by name, counts errors and userErrors by code, and reads the pool', async () => {
    const before = await metrics();
    const count = (m: string) =>
      sample(m, 'stockline_graphql_operation_duration_seconds_count', { operation: 'Uoms', type: 'query' }) ?? 0;
    const validation = (m: string) =>
      sample(m, 'stockline_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', kind: 'error' }) ?? 0;
    const notFound = (m: string) =>
      sample(m, 'stockline_graphql_errors_total', { code: 'NOT_FOUND', kind: 'userError' }) ?? 0;

    await app.ok(UomsDocument, {});
    await app.ok(UomsDocument, {});
    await post().send({ query: '{ nope }' });
    const refused = await app.ok(ReservationCreateDocument, {
      input: { reference: 'metrics-1', lines: [{ sku: 'NO-SUCH-SKU', quantity: '1' }] },
    });
    expect(refused.reservationCreate.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);

    const after = await metrics();
    expect(count(after) - count(before)).toBe(2);
    expect(validation(after) - validation(before)).toBe(1);
    expect(notFound(after) - notFound(before)).toBe(1);
    expect(sample(after, 'stockline_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    // A connection taken from the pool shows as used at the next scrape.
    const knex = app.orm.em.getConnection().getKnex();
    const held = await knex.client.acquireConnection();
    try {
      expect(sample(await metrics(), 'stockline_db_pool_connections', { state: 'used' })).toBeGreaterThanOrEqual(1);
    } finally {
      await knex.client.releaseConnection(held);
    }
    expect(after).toContain('stockline_process_cpu_seconds_total');
  });

  it('exposes the gauges the subscriptions code sets', async () => {
    const open = async () => sample(await metrics(), 'stockline_subscriptions_open') ?? NaN;
    const base = await open();
    subscriptionOpened();
    subscriptionOpened();
    subscriptionClosed();
    expect((await open()) - base).toBe(1);
    subscriptionClosed();
    setOutboxLag(2.5);
    expect(sample(await metrics(), 'stockline_outbox_lag_seconds')).toBe(2.5);
    setOutboxLag(0);
  });
});
