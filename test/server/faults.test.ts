import { native } from '../helpers/native';
import { print } from 'graphql';
import request from 'supertest';
import type * as Env from '../../src/config/env';
import type * as Orm from '../../src/db/orm';
import type * as Schema from '../../src/graphql/schema';
import type * as App from '../../src/server/app';
import type * as Logging from '../../src/observability/logger';
import { ProductsDocument } from '../generated/graphql';
import {
  type Answer,
  committed,
  databaseProxy,
  databaseQuiet,
  lockHolder,
  lockWaiters,
  pairLockSql,
  reserve,
} from '../helpers/faults';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';
const { loadConfig } = native<typeof Env>('src/config/env');
const { initOrm } = native<typeof Orm>('src/db/orm');
const { buildStocklineSchema } = native<typeof Schema>('src/graphql/schema');
const { createStocklineServer } = native<typeof App>('src/server/app');
const { createLogger } = native<typeof Logging>('src/observability/logger');

/**
 * Answers that tell the truth under faults (issue 18): an error either means nothing was changed
 * (BUSY, TIMEOUT, DATABASE_UNAVAILABLE) or says the outcome is unknown (OUTCOME_UNKNOWN), and a
 * request never waits for a lock it does not need. Faults are made for real: locks held from
 * another session, server connections terminated by PostgreSQL.
 */

const nothingChanged = ['BUSY', 'TIMEOUT', 'DATABASE_UNAVAILABLE'];

/** Every failed answer is a retryable fault, and every "nothing changed" answer left nothing behind. */
async function expectTruthful(app: TestApp, answers: Answer[]): Promise<void> {
  const counts = await committed(
    app,
    answers.map((a) => a.reference),
  );
  for (const answer of answers) {
    const seen = { ...answer, committed: counts.get(answer.reference) };
    if (answer.reservationId) expect(seen).toMatchObject({ committed: 1, code: null });
    else {
      if (nothingChanged.includes(answer.code!)) expect(seen).toMatchObject({ committed: 0 });
      // The message rides along so that a failure says what the server answered.
      if (![...nothingChanged, 'OUTCOME_UNKNOWN'].includes(answer.code!)) {
        throw new Error(`answered ${answer.code}: ${answer.message}`);
      }
      expect(seen).toMatchObject({ retryable: true });
    }
  }
}

async function setUp(app: TestApp, skus: string[]) {
  const h = stockHelpers(app);
  for (const sku of skus) {
    await h.product(sku);
    await h.receive('PAR', [{ sku, quantity: '1000' }]);
  }
  const [{ id: warehouseId }] = await app.sql<{ id: string }>(`select id from warehouse where code = 'PAR'`);
  const products = await app.sql<{ id: string; sku: string }>('select id, sku from product where sku = any($1)', [
    skus,
  ]);
  const pair = (sku: string) => pairLockSql(products.find((p) => p.sku === sku)!.id, warehouseId);
  return { pair };
}

const line = (sku: string) => [{ sku, quantity: '1', warehouseCode: 'PAR' }];

describe('a lock held longer than the request timeout', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The request timeout is shorter than the lock timeout: requests still wait for the lock
    // when their time is up.
    app = await startTestApp({ lockTimeoutMs: 4000, env: { REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => app.close());

  it('no answer is followed by a commit: a timed-out request rolls back, or answers what it did', async () => {
    await setUp(app, ['SLOW-HELD']);
    // The pair's reserved_stock row exists once a reservation took some of it.
    expect((await reserve(app.url, app.adminKey, { reference: 'first', lines: line('SLOW-HELD') })).code).toBeNull();
    const holder = await lockHolder(
      app.databaseUrl,
      `select 1 from reserved_stock rs join product p on p.id = rs.product_id where p.sku = 'SLOW-HELD' for update`,
    );
    const pending = [
      ...Array.from({ length: 12 }, (_, i) =>
        reserve(app.url, app.adminKey, { reference: `held-keyless-${i}`, lines: line('SLOW-HELD') }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        reserve(app.url, app.adminKey, {
          reference: `held-keyed-${i}`,
          idempotencyKey: `held-keyed-${i}`,
          lines: line('SLOW-HELD'),
        }),
      ),
    ];
    // Held past the request timeout (1 s), then let go before the lock timeout (4 s).
    await lockWaiters(app, 2);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await holder.release();
    const answers = await Promise.all(pending);
    await databaseQuiet(app);
    await expectTruthful(app, answers);
    // The keyed requests' transactions were open when their time ran out: they rolled back.
    const timedOut = answers.filter((a) => a.code === 'TIMEOUT');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const answer of timedOut) expect(answer.status).toBe(503);
  });
});

describe('locks held elsewhere', () => {
  let app: TestApp;
  let pair: (sku: string) => string;
  beforeAll(async () => {
    app = await startTestApp({ lockTimeoutMs: 1000 });
    ({ pair } = await setUp(app, ['HELD-A', 'FREE-B', 'HELD-C', 'FREE-D']));
  });
  afterAll(() => app.close());

  it("one SKU's pair locked: reservations of another SKU are served while the lock is still held", async () => {
    const holder = await lockHolder(app.databaseUrl, pair('HELD-A'));
    try {
      // Enough blocked requests to fill every group the held pair may have in flight, and more queued.
      const held = Array.from({ length: 6 }, (_, i) =>
        reserve(app.url, app.adminKey, { reference: `held-a-${i}`, lines: line('HELD-A') }),
      );
      await lockWaiters(app, 1);
      const free = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          reserve(app.url, app.adminKey, { reference: `free-b-${i}`, lines: line('FREE-B') }),
        ),
      );
      // Answered while the lock is held (it is released only in `finally`), never grouped with HELD-A's.
      expect(free.map((a) => [a.code, a.userErrors])).toEqual(free.map(() => [null, []]));
      // /readyz does not wait behind them either.
      expect((await request(app.url).get('/readyz')).status).toBe(200);
      // Nobody releases HELD-A: its requests answer BUSY after the lock timeout, not the request timeout.
      const blocked = await Promise.all(held);
      expect(blocked.map((a) => a.code)).toEqual(blocked.map(() => 'BUSY'));
      await expectTruthful(app, [...free, ...blocked]);
    } finally {
      await holder.release();
    }
  });

  it("one SKU's reserved_stock row locked: the same, and its requests answer BUSY after the lock timeout", async () => {
    expect((await reserve(app.url, app.adminKey, { reference: 'c-first', lines: line('HELD-C') })).code).toBeNull();
    const holder = await lockHolder(
      app.databaseUrl,
      `select 1 from reserved_stock rs join product p on p.id = rs.product_id where p.sku = 'HELD-C' for update`,
    );
    try {
      const held = Array.from({ length: 80 }, (_, i) =>
        reserve(app.url, app.adminKey, { reference: `held-c-${i}`, lines: line('HELD-C') }),
      );
      await lockWaiters(app, 1);
      const free = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          reserve(app.url, app.adminKey, { reference: `free-d-${i}`, lines: line('FREE-D') }),
        ),
      );
      expect(free.map((a) => a.code)).toEqual(free.map(() => null));
      const blocked = await Promise.all(held);
      expect(blocked.map((a) => a.code)).toEqual(blocked.map(() => 'BUSY'));
      await expectTruthful(app, [...free, ...blocked]);
    } finally {
      await holder.release();
    }
  });
});

describe('connections terminated by PostgreSQL', () => {
  let app: TestApp;
  let pair: (sku: string) => string;
  beforeAll(async () => {
    app = await startTestApp({ lockTimeoutMs: 10_000 });
    ({ pair } = await setUp(app, ['KILLED']));
  });
  afterAll(() => app.close());

  const terminateServerConnections = (except: number[]) =>
    app.sql(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend'
          and pid <> pg_backend_pid() and pid <> all($1::int[])`,
      [except],
    );

  it('every failed answer carries a retryable or outcome-unknown code, and keyed retries apply exactly once', async () => {
    const holder = await lockHolder(app.databaseUrl, pair('KILLED'));
    const keyed = Array.from({ length: 8 }, (_, i) => ({
      reference: `killed-keyed-${i}`,
      idempotencyKey: `killed-keyed-${i}`,
      lines: line('KILLED'),
    }));
    const keyless = Array.from({ length: 8 }, (_, i) => ({
      reference: `killed-keyless-${i}`,
      lines: line('KILLED'),
    }));
    const pending = [...keyed, ...keyless].map((input) => reserve(app.url, app.adminKey, input));
    // Every request waits for the lock in PostgreSQL or behind a group that does: cut them all.
    await lockWaiters(app, 4);
    await terminateServerConnections([holder.pid]);
    await holder.release();
    const answers = await Promise.all(pending);
    await databaseQuiet(app);
    await expectTruthful(app, answers);
    expect(answers.filter((a) => a.code !== null).length).toBeGreaterThan(0);

    // The keyed requests retry with their key until they succeed: each is applied once.
    for (const input of keyed) {
      let answer = answers.find((a) => a.reference === input.reference)!;
      for (let attempt = 0; !answer.reservationId && attempt < 5; attempt++) {
        answer = await reserve(app.url, app.adminKey, input);
      }
      expect(answer).toMatchObject({ code: null, userErrors: [] });
    }
    const counts = await committed(
      app,
      keyed.map((k) => k.reference),
    );
    expect([...counts.values()]).toEqual(keyed.map(() => 1));
  });

  it('a connection lost during the COMMIT answers OUTCOME_UNKNOWN; the retry with the same key applies it once', async () => {
    // A deferred trigger makes the COMMIT itself slow, so that the connection can be cut during it.
    await app.sql(`create function slow_commit() returns trigger language plpgsql as
                     $$ begin perform pg_sleep(30); return null; end $$`);
    await app.sql(`create constraint trigger slow_commit after insert on reservation deferrable initially deferred
                     for each row when (new.reference like 'slow-commit%') execute function slow_commit()`);
    try {
      for (const input of [
        { reference: 'slow-commit-keyed', idempotencyKey: 'slow-commit-keyed', lines: line('KILLED') },
        { reference: 'slow-commit-keyless', lines: line('KILLED') },
      ]) {
        let answered: Answer | undefined;
        const pending = reserve(app.url, app.adminKey, input).then((a) => (answered = a));
        let sleeping: { pid: number }[] = [];
        while (sleeping.length === 0) {
          if (answered) throw new Error(`answered before its COMMIT: ${JSON.stringify(answered)}`);
          sleeping = await app.sql<{ pid: number }>(
            `select pid from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          );
        }
        await app.sql('select pg_terminate_backend($1)', [sleeping[0].pid]);
        const answer = await pending;
        expect(answer).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: true, reservationId: null });
      }
    } finally {
      await app.sql('drop trigger slow_commit on reservation');
      await app.sql('drop function slow_commit()');
    }
    const retried = await reserve(app.url, app.adminKey, {
      reference: 'slow-commit-keyed',
      idempotencyKey: 'slow-commit-keyed',
      lines: line('KILLED'),
    });
    expect(retried).toMatchObject({ code: null, userErrors: [] });
    expect((await committed(app, ['slow-commit-keyed'])).get('slow-commit-keyed')).toBe(1);
  });
});

describe('the database going away', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ lockTimeoutMs: 2000 });
    await setUp(app, ['GONE']);
  });
  afterAll(() => app.close());

  it('answers 503 with a retryable code, /readyz 503, and says so in one JSON log line', async () => {
    const proxy = await databaseProxy(app.databaseUrl);
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const printed = jest.spyOn(console, 'log').mockImplementation(() => {});
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const orm = await initOrm(proxy.url, 5, 2000, logger);
    const instance = await createStocklineServer({
      orm,
      schema: await buildStocklineSchema(),
      config: { ...loadConfig({ NODE_ENV: 'production', RATE_LIMIT_PER_SECOND: '0' }), logLevel: 'info' },
      logger,
      companyId: app.companyId,
    });
    const url = `http://127.0.0.1:${await instance.listen(0, '127.0.0.1')}`;
    const products = () =>
      request(url)
        .post('/graphql')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({ query: print(ProductsDocument), variables: {} });
    try {
      expect((await products()).status).toBe(200);
      expect((await reserve(url, app.adminKey, { reference: 'gone-before', lines: line('GONE') })).code).toBeNull();

      await proxy.stop();
      const read = await products();
      expect(read.status).toBe(503);
      expect(read.body.errors[0]).toMatchObject({
        extensions: { code: 'DATABASE_UNAVAILABLE', retryable: true },
      });
      const answers = [
        await reserve(url, app.adminKey, { reference: 'gone-keyless', lines: line('GONE') }),
        await reserve(url, app.adminKey, { reference: 'gone-keyed', idempotencyKey: 'gone', lines: line('GONE') }),
      ];
      expect(answers.map((a) => [a.status, a.code, a.retryable])).toEqual([
        [503, 'DATABASE_UNAVAILABLE', true],
        [503, 'DATABASE_UNAVAILABLE', true],
      ]);
      expect((await request(url).get('/readyz')).status).toBe(503);
      await expectTruthful(app, answers);

      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          code: 'DATABASE_UNAVAILABLE',
          msg: 'database unavailable',
          cause: expect.any(String),
        }),
      );
      // The driver's own complaints went to the JSON log too, never to the console.
      expect(printed).not.toHaveBeenCalled();
      expect(warned).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
      warned.mockRestore();
      await instance.close();
      await orm.close(true);
    }
  });
});
