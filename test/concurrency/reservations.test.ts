import { Client } from 'pg';
import { ChannelCreateDocument, ReservationCreateDocument, type ReservationCreateMutation } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { type GraphQLResponse, startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterAll(() => app.close());

/**
 * Runs `send` while the pair's lock is held elsewhere, and lets it go once a request waits for it
 * and a moment later: the requests meet behind the lock and commit in groups (on a loaded machine
 * they might otherwise arrive one at a time and never share a commit).
 */
async function behindHeldLock<T>(sku: string, warehouseCode: string, send: () => Promise<T>): Promise<T> {
  const [pair] = await app.sql<{ key: string }>(
    `select p.id || '|' || w.id as key from product p, warehouse w where p.sku = $1 and w.code = $2`,
    [sku, warehouseCode],
  );
  const holder = new Client({ connectionString: app.databaseUrl });
  await holder.connect();
  await holder.query('begin');
  await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [pair.key]);
  const pending = send();
  for (let waiting = 0; waiting === 0;) {
    await new Promise((r) => setTimeout(r, 50));
    [{ waiting }] = await app.sql<{ waiting: number }>(
      `select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`,
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  await holder.query('commit');
  await holder.end();
  return pending;
}

/** The reservations accepted and the userErrors of those refused; no request may fail as a whole. */
function outcomes(results: GraphQLResponse<ReservationCreateMutation>[]) {
  expect(results.filter((r) => r.errors)).toEqual([]);
  return {
    accepted: results.filter((r) => r.data!.reservationCreate.reservation),
    refused: results.map((r) => r.data!.reservationCreate.userErrors).filter((e) => e.length > 0),
  };
}

describe('reservations under concurrency, through the HTTP endpoint', () => {
  it('flash sale: 200 concurrent reservations of 1 unit with 100 available: exactly 100 succeed', async () => {
    await h.product('FLASH-1');
    await h.receive('PAR', [{ sku: 'FLASH-1', quantity: '100' }]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        app.gql(ReservationCreateDocument, {
          input: { reference: `flash-${i}`, lines: [{ sku: 'FLASH-1', quantity: '1', warehouseCode: 'PAR' }] },
        }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ok = results.filter((r) => r.data!.reservationCreate.reservation);
    const refused = results.filter((r) =>
      r.data!.reservationCreate.userErrors.some((e) => e.code === 'INSUFFICIENT_STOCK'),
    );
    expect(ok).toHaveLength(100);
    expect(refused).toHaveLength(100);
    expect(await h.level('FLASH-1', 'PAR')).toMatchObject({ reserved: '100', available: '0' });
  });

  it('100 concurrent multi-line reservations over overlapping SKUs in random order: no deadlock, no over-reservation', async () => {
    const skus = ['OVL-1', 'OVL-2', 'OVL-3', 'OVL-4', 'OVL-5'];
    for (const sku of skus) await h.product(sku);
    await h.receive(
      'LYO',
      skus.map((sku) => ({ sku, quantity: '40' })),
    );
    await h.receive(
      'PAR',
      skus.map((sku) => ({ sku, quantity: '20' })),
    );
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const lines = [...skus]
          .sort(() => Math.random() - 0.5)
          .slice(0, 3)
          .map((sku) => ({ sku, quantity: String(1 + (i % 2)) }));
        return app.gql(ReservationCreateDocument, { input: { reference: `ovl-${i}`, lines } });
      }),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    for (const sku of skus) {
      for (const wh of ['LYO', 'PAR']) {
        const level = await h.level(sku, wh);
        expect(Number(level.reserved)).toBeLessThanOrEqual(Number(level.onHand));
      }
    }
    const reservedTotal = await app.sql<{ total: string }>(
      "select coalesce(sum(rl.quantity), 0)::text total from reservation_line rl join product p on p.id = rl.product_id where rl.state = 'ACTIVE' and p.sku like 'OVL-%'",
    );
    const asked = results
      .filter((r) => r.data!.reservationCreate.reservation)
      .flatMap((r) => r.data!.reservationCreate.reservation!.lines)
      .reduce((sum, l) => sum + Number(l.quantity), 0);
    expect(Number(reservedTotal[0].total)).toBe(asked);
  });

  it('group commit: concurrent reservations of a hot SKU share commits, yet each has its own reservation, audit entry and event', async () => {
    await h.product('GROUP-1');
    await h.receive('PAR', [{ sku: 'GROUP-1', quantity: '1000' }]);
    const n = 64;
    const results = await behindHeldLock('GROUP-1', 'PAR', () =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          app.gql(
            ReservationCreateDocument,
            {
              input: {
                reference: `group-${i}`,
                lines: [{ sku: 'GROUP-1', quantity: String(1 + (i % 3)), warehouseCode: 'PAR' }],
              },
            },
            { 'x-request-id': `group-req-${i}` },
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.errors || r.data!.reservationCreate.userErrors.length)).toEqual([]);
    const ids = results.map((r) => r.data!.reservationCreate.reservation!.id);
    expect(new Set(ids).size).toBe(n);
    const wanted = Array.from({ length: n }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
    expect(await h.level('GROUP-1', 'PAR')).toMatchObject({
      reserved: String(wanted),
      available: String(1000 - wanted),
    });

    // Fewer transactions than reservations: requests that met under the lock committed together.
    const [{ transactions }] = await app.sql<{ transactions: number }>(
      `select count(distinct xmin::text)::int as transactions from reservation where reference like 'group-%'`,
    );
    expect(transactions).toBeLessThan(n / 2);
    // Every reservation still has its own line, audit entry (with its own request id) and event.
    const lines = await app.sql<{ reference: string; quantity: string }>(
      `select r.reference, trim_scale(l.quantity)::text as quantity from reservation r
         join reservation_line l on l.reservation_id = r.id where r.reference like 'group-%'`,
    );
    expect(lines).toHaveLength(n);
    for (const line of lines) expect(line.quantity).toBe(String(1 + (Number(line.reference.slice(6)) % 3)));
    const audit = await app.sql<{ request_id: string; record_ids: string[] }>(
      `select request_id, record_ids from audit_log where request_id like 'group-req-%'`,
    );
    expect(audit).toHaveLength(n);
    for (const entry of audit) {
      expect(entry.record_ids).toEqual([ids[Number(entry.request_id.slice(10))]]);
    }
    const events = await app.sql<{ entity_id: string }>(
      `select entity_id from stock_event where kind = 'RESERVATION' and entity_id = any($1::uuid[])`,
      [ids],
    );
    expect(events).toHaveLength(n);
  });

  it('a group that meets the end of the stock: each member is checked against what the ones before it took', async () => {
    await h.product('GROUP-END');
    await h.receive('PAR', [{ sku: 'GROUP-END', quantity: '15' }]);
    const n = 12;
    const results = await behindHeldLock('GROUP-END', 'PAR', () =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          app.gql(ReservationCreateDocument, {
            input: { reference: `end-${i}`, lines: [{ sku: 'GROUP-END', quantity: '2', warehouseCode: 'PAR' }] },
          }),
        ),
      ),
    );
    // Every request planned on 15 available; under the lock only 7 pairs fit. The member that no
    // longer fits, and every one queued after it in its group, ran again alone and was refused.
    const { accepted, refused } = outcomes(results);
    expect(accepted).toHaveLength(7);
    expect(refused).toHaveLength(5);
    for (const errors of refused) {
      expect(errors).toMatchObject([{ code: 'INSUFFICIENT_STOCK', quantityAvailable: '1' }]);
    }
    expect(await h.level('GROUP-END', 'PAR')).toMatchObject({ reserved: '14', available: '1' });
    const [{ transactions }] = await app.sql<{ transactions: number }>(
      `select count(distinct xmin::text)::int as transactions from reservation where reference like 'end-%'`,
    );
    expect(transactions).toBeLessThan(7);
  });

  it('a group of multi-line reservations: the same SKU on two lines counts as a whole against what earlier members took', async () => {
    await h.product('GROUP-ML-A');
    await h.product('GROUP-ML-B');
    await h.receive('PAR', [
      { sku: 'GROUP-ML-A', quantity: '9' },
      { sku: 'GROUP-ML-B', quantity: '100' },
    ]);
    const lines = [
      { sku: 'GROUP-ML-A', quantity: '1', warehouseCode: 'PAR' },
      { sku: 'GROUP-ML-B', quantity: '1', warehouseCode: 'PAR' },
      { sku: 'GROUP-ML-A', quantity: '1', warehouseCode: 'PAR' },
    ];
    const results = await behindHeldLock('GROUP-ML-A', 'PAR', () =>
      Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          app.gql(ReservationCreateDocument, { input: { reference: `ml-${i}`, lines } }),
        ),
      ),
    );
    const { accepted, refused } = outcomes(results);
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(2);
    for (const errors of refused) expect(errors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    expect(await h.level('GROUP-ML-A', 'PAR')).toMatchObject({ reserved: '8', available: '1' });
    expect(await h.level('GROUP-ML-B', 'PAR')).toMatchObject({ reserved: '4' });
  });

  it("a group of channel reservations keeps the channel's buffer back", async () => {
    await h.product('GROUP-BUF');
    await h.receive('PAR', [{ sku: 'GROUP-BUF', quantity: '10' }]);
    const channel = await app.gql(ChannelCreateDocument, {
      input: { code: 'group-buf', name: 'Buffered', buffer: '4', warehouseCodes: ['PAR'] },
    });
    expect(channel.data!.channelCreate.userErrors).toEqual([]);
    const results = await behindHeldLock('GROUP-BUF', 'PAR', () =>
      Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          app.gql(ReservationCreateDocument, {
            input: { reference: `buf-${i}`, channel: 'group-buf', lines: [{ sku: 'GROUP-BUF', quantity: '1' }] },
          }),
        ),
      ),
    );
    const { accepted, refused } = outcomes(results);
    expect(accepted).toHaveLength(6);
    expect(refused).toHaveLength(2);
    for (const errors of refused) {
      expect(errors).toMatchObject([{ code: 'INSUFFICIENT_STOCK', quantityAvailable: '0' }]);
    }
    expect(await h.level('GROUP-BUF', 'PAR')).toMatchObject({ reserved: '6', available: '4' });
  });
});
