import { spawnSync } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { startSweeper } from '../../src/server/sweeper';
import { createLogger } from '../../src/observability/logger';
import { ReservationCreateDocument, ReservationReleaseDocument, StockLevelChangedDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, wsClientAt } from '../helpers/subscriptions';
import { type AppInstance, startInstance, startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const client = (wsUrl = app.wsUrl) => {
  const c = wsClientAt(wsUrl, app.adminKey);
  clients.push(c);
  return c;
};
// Redis for the REDIS_URL case (the system one here; .ci/run starts it). Without it that test
// skips with a message, like the browser test without Chromium.
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
if (!redisUp) console.warn(`SKIPPED the REDIS_URL subscription test: no Redis at ${REDIS_URL}.`);
// The fallback poll is an hour long here: only the wake-up (NOTIFY or Redis) can deliver in time.
const NO_POLL = { STOCK_EVENT_POLL_MS: '3600000' };

beforeAll(async () => {
  app = await startTestApp({ env: NO_POLL });
  h = stockHelpers(app);
  for (const sku of ['SUB-A', 'SUB-B', 'SUB-C', 'SUB-D', 'SUB-E', 'SUB-F']) {
    await h.product(sku);
    await h.receive('PAR', [{ sku, quantity: '100' }]);
  }
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => app.close());

async function reserve(sku: string, quantity: string, options: { reference?: string; ttlSeconds?: number } = {}) {
  const { reservationCreate } = await app.ok(ReservationCreateDocument, {
    input: {
      reference: options.reference ?? `cart-${sku}`,
      ttlSeconds: options.ttlSeconds,
      lines: [{ sku, quantity, warehouseCode: 'PAR' }],
    },
  });
  expect(reservationCreate.userErrors).toEqual([]);
  return reservationCreate.reservation!;
}

describe('stockLevelChanged', () => {
  it('a reservation made through instance A reaches a subscriber on instance B (LISTEN/NOTIFY) with the right figures', async () => {
    const b: AppInstance = await startInstance(app, NO_POLL);
    try {
      const after = await lastSequence(app);
      const sub = collect(client(b.wsUrl), StockLevelChangedDocument, { skus: ['SUB-A'], afterSequence: after });
      const reservation = await reserve('SUB-A', '7', { reference: 'order-A1' });
      const [event] = await sub.waitFor(1, 5000);
      expect(event.stockLevelChanged).toMatchObject({
        sku: 'SUB-A',
        warehouseCode: 'PAR',
        cause: { kind: 'RESERVATION', id: reservation.id, reference: 'order-A1' },
        delta: { reserved: '7', available: '-7', onHand: '0' },
        stockLevel: { onHand: '100', reserved: '7', available: '93', forecast: '93' },
      });
      expect(event.stockLevelChanged.sequence).toBeGreaterThan(after);
      // The same figures as the query.
      expect(await h.level('SUB-A', 'PAR')).toMatchObject(event.stockLevelChanged.stockLevel);
    } finally {
      await b.close();
    }
  });

  (redisUp ? it : it.skip)('with REDIS_URL, instances wake each other over Redis pub/sub', async () => {
    const env = { ...NO_POLL, REDIS_URL };
    const a = await startInstance(app, env);
    const b = await startInstance(app, env);
    try {
      const after = await lastSequence(app);
      const sub = collect(client(b.wsUrl), StockLevelChangedDocument, { skus: ['SUB-B'], afterSequence: after });
      // The mutation goes through instance A's HTTP endpoint.
      const res = await fetch(`${a.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminKey}` },
        body: JSON.stringify({
          query: `mutation { reservationCreate(input: { reference: "redis-1", lines: [{ sku: "SUB-B", quantity: "4", warehouseCode: "PAR" }] }) { userErrors { code } } }`,
        }),
      });
      const body = (await res.json()) as { data: { reservationCreate: { userErrors: unknown[] } } };
      expect(body.data.reservationCreate.userErrors).toEqual([]);
      const [event] = await sub.waitFor(1, 5000);
      expect(event.stockLevelChanged).toMatchObject({
        sku: 'SUB-B',
        cause: { kind: 'RESERVATION', reference: 'redis-1' },
        stockLevel: { reserved: '4', available: '96' },
      });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a mutation that fails or a transaction that rolls back produces no event', async () => {
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['SUB-C'], afterSequence: after });
    // A business failure (more than available) rolls back its transaction.
    const failed = await app.ok(ReservationCreateDocument, {
      input: { reference: 'too-much', lines: [{ sku: 'SUB-C', quantity: '1000', warehouseCode: 'PAR' }] },
    });
    expect(failed.reservationCreate.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK' })]);
    // A transaction that changes stock, then rolls back.
    const pg = new PgClient({ connectionString: app.databaseUrl });
    await pg.connect();
    try {
      await pg.query('begin');
      await pg.query(
        `insert into safety_stock (id, company_id, product_id, warehouse_id, quantity)
         select gen_random_uuid(), p.company_id, p.id, w.id, 5 from product p, warehouse w
          where p.sku = 'SUB-C' and w.code = 'PAR'`,
      );
      await pg.query('rollback');
    } finally {
      await pg.end();
    }
    expect(await lastSequence(app)).toBe(after);
    // Then a change that commits: it is the first and only event.
    await reserve('SUB-C', '1');
    const events = await sub.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.events).toHaveLength(1);
    expect(events[0].stockLevelChanged).toMatchObject({ cause: { kind: 'RESERVATION' }, delta: { reserved: '1' } });
  });

  it('disconnect, 20 changes, reconnect with afterSequence: exactly those 20, in order, then live ones', async () => {
    const first = collect(client(), StockLevelChangedDocument, {
      skus: ['SUB-D'],
      afterSequence: await lastSequence(app),
    });
    await reserve('SUB-D', '1', { reference: 'before' });
    const [seen] = await first.waitFor(1);
    await Promise.all(clients.splice(0).map((c) => c.dispose()));

    const missed: string[] = [];
    for (let i = 1; i <= 20; i++) {
      // Alternate SKUs: the other SKU's events must not come back.
      const r = await reserve(i % 2 ? 'SUB-D' : 'SUB-E', '1', { reference: `missed-${i}` });
      if (i % 2) missed.push(r.id);
      else await app.ok(ReservationReleaseDocument, { reservationId: r.id });
    }
    // 10 reservations of SUB-D and, to reach 20 SUB-D changes, 10 releases of them.
    for (const id of missed) await app.ok(ReservationReleaseDocument, { reservationId: id });

    const again = collect(client(), StockLevelChangedDocument, {
      skus: ['SUB-D'],
      afterSequence: seen.stockLevelChanged.sequence,
    });
    const replayed = await again.waitFor(20);
    expect(replayed).toHaveLength(20);
    const sequences = replayed.map((e) => e.stockLevelChanged.sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(20);
    expect(replayed.every((e) => e.stockLevelChanged.sku === 'SUB-D')).toBe(true);
    expect(replayed.map((e) => e.stockLevelChanged.cause.reference)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `missed-${2 * i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `missed-${2 * i + 1}`),
    ]);
    expect(replayed.map((e) => e.stockLevelChanged.stockLevel.reserved)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i + 2)),
      ...Array.from({ length: 10 }, (_, i) => String(10 - i)),
    ]);
    // Then live, without a duplicate.
    await reserve('SUB-D', '2', { reference: 'live' });
    const all = await again.waitFor(21);
    expect(all[20].stockLevelChanged).toMatchObject({ cause: { reference: 'live' }, stockLevel: { reserved: '3' } });
    expect(all[20].stockLevelChanged.sequence).toBeGreaterThan(sequences[19]);
  });

  it('the sweeper expiring a reservation produces an event', async () => {
    const sub = collect(client(), StockLevelChangedDocument, {
      skus: ['SUB-F'],
      afterSequence: await lastSequence(app),
    });
    const reservation = await reserve('SUB-F', '6', { reference: 'short', ttlSeconds: 1 });
    await sub.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const sweeper = startSweeper(app.orm, createLogger('silent'), 100);
    try {
      const events = await sub.waitFor(2, 5000);
      expect(events[1].stockLevelChanged).toMatchObject({
        cause: { kind: 'RESERVATION', id: reservation.id, reference: 'short' },
        delta: { reserved: '-6', available: '6' },
        stockLevel: { reserved: '0', available: '100' },
      });
    } finally {
      await sweeper.stop();
    }
  });

  it('filters: a subscriber to SKU X gets nothing for SKU Y, nor for another warehouse', async () => {
    const after = await lastSequence(app);
    const x = collect(client(), StockLevelChangedDocument, {
      skus: ['SUB-A'],
      warehouseCodes: ['par'],
      afterSequence: after,
    });
    await reserve('SUB-B', '1', { reference: 'other-sku' });
    await h.receive('LYO', [{ sku: 'SUB-A', quantity: '3' }]);
    await reserve('SUB-A', '1', { reference: 'mine' });
    const [event] = await x.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(x.events).toHaveLength(1);
    expect(event.stockLevelChanged).toMatchObject({ sku: 'SUB-A', warehouseCode: 'PAR', cause: { reference: 'mine' } });
  });

  it('every event names its cause by id: a receipt its move, a quant written directly the quant (issue 19)', async () => {
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['SUB-F'], afterSequence: after });
    const receipt = await h.receive('PAR', [{ sku: 'SUB-F', quantity: '2' }]);
    const [moveId] = (
      await app.sql<{ id: string }>('select id from stock_move where transfer_id = $1', [receipt.id])
    ).map((r) => r.id);
    // No move, reservation or safety stock behind this change: it used to come with a null id.
    const [quant] = await app.sql<{ id: string }>(
      `update quant set quantity = quantity + 1
        where product_id = (select id from product where sku = 'SUB-F')
          and location_id = (select id from location where full_name = 'PAR/Stock') returning id`,
    );
    const events = await sub.waitFor(2);
    expect(events.map((e) => e.stockLevelChanged.cause)).toEqual([
      { kind: 'MOVE', id: moveId, reference: receipt.name },
      { kind: 'QUANT', id: quant.id, reference: null },
    ]);
  });

  it('several changes to one product x warehouse in one transaction give one event with the final figures', async () => {
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['SUB-E'], afterSequence: after });
    // One receipt with two lines of the same product: two moves, one pair.
    await h.receive('PAR', [
      { sku: 'SUB-E', quantity: '5' },
      { sku: 'SUB-E', quantity: '6' },
    ]);
    // Then safety stock set twice in one plain SQL transaction.
    const pg = new PgClient({ connectionString: app.databaseUrl });
    await pg.connect();
    try {
      await pg.query('begin');
      await pg.query(
        `insert into safety_stock (id, company_id, product_id, warehouse_id, quantity)
         select gen_random_uuid(), p.company_id, p.id, w.id, 5 from product p, warehouse w
          where p.sku = 'SUB-E' and w.code = 'PAR'`,
      );
      await pg.query(
        `update safety_stock set quantity = 8 where product_id = (select id from product where sku = 'SUB-E')`,
      );
      await pg.query('commit');
    } finally {
      await pg.end();
    }
    const events = await sub.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.events).toHaveLength(2);
    expect(events[0].stockLevelChanged).toMatchObject({ cause: { kind: 'MOVE' }, delta: { onHand: '11' } });
    expect(events[1].stockLevelChanged).toMatchObject({
      cause: { kind: 'SAFETY_STOCK' },
      delta: { safetyStock: '8', available: '-8' },
      stockLevel: { safetyStock: '8' },
    });
    const rows = await app.sql<{ n: string }>(
      `select count(*) as n from stock_event where kind = 'STOCK_LEVEL' and company_sequence > $1`,
      [after],
    );
    expect(Number(rows[0].n)).toBe(2);
  });

  it('a transaction holding a low sequence open while others commit: nothing is skipped, all in commit order', async () => {
    await h.product('SUB-GAP');
    await h.receive('PAR', [{ sku: 'SUB-GAP', quantity: '50' }]);
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['SUB-GAP'], afterSequence: after });
    const pg = new PgClient({ connectionString: app.databaseUrl });
    await pg.connect();
    try {
      await pg.query('begin');
      await pg.query(
        `insert into safety_stock (id, company_id, product_id, warehouse_id, quantity)
         select gen_random_uuid(), p.company_id, p.id, w.id, 2 from product p, warehouse w
          where p.sku = 'SUB-GAP' and w.code = 'PAR'`,
      );
      // Runs the deferred flush now: this transaction takes its sequence and stays open.
      await pg.query('set constraints all immediate');
      const [held] = (await pg.query(`select max(company_sequence) as s from stock_event`)).rows as { s: string }[];
      // Two reservations commit meanwhile (their commits wait for the open one).
      const others = [reserve('SUB-GAP', '1', { reference: 'gap-1' }), reserve('SUB-GAP', '1', { reference: 'gap-2' })];
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sub.events).toHaveLength(0);
      await pg.query('commit');
      await Promise.all(others);
      const events = await sub.waitFor(3);
      const sequences = events.map((e) => e.stockLevelChanged.sequence);
      expect(sequences[0]).toBe(Number(held.s));
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
      expect(events[0].stockLevelChanged).toMatchObject({
        cause: { kind: 'SAFETY_STOCK' },
        stockLevel: { safetyStock: '2' },
      });
      expect(
        events
          .slice(1)
          .map((e) => e.stockLevelChanged.cause.reference)
          .sort(),
      ).toEqual(['gap-1', 'gap-2']);
      // The last one has the final figures of the three commits.
      expect(events[2].stockLevelChanged.stockLevel).toMatchObject({
        reserved: '2',
        safetyStock: '2',
        available: '46',
      });
    } finally {
      await pg.end().catch(() => undefined);
    }
  });
});
