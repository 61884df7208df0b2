import { Client as PgClient } from 'pg';
import request from 'supertest';
import WebSocket from 'ws';
import {
  AvailabilityChangedDocument,
  ChannelCreateDocument,
  ReservationChangedDocument,
  ReservationCreateDocument,
  ReservationReleaseDocument,
  StockLevelChangedDocument,
  StockMovedDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const client = (key = app.adminKey) => {
  const c = wsClientAt(app.wsUrl, key);
  clients.push(c);
  return c;
};
const QUEUE_LIMIT = 100;

beforeAll(async () => {
  // No fallback poll: only LISTEN/NOTIFY delivers here.
  app = await startTestApp({ env: { SUBSCRIPTION_QUEUE_LIMIT: String(QUEUE_LIMIT), STOCK_EVENT_POLL_MS: '3600000' } });
  h = stockHelpers(app);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => app.close());

async function reserve(sku: string, quantity: string, options: { reference?: string; channel?: string } = {}) {
  const { reservationCreate } = await app.ok(ReservationCreateDocument, {
    input: {
      reference: options.reference ?? `cart-${sku}`,
      channel: options.channel,
      lines: [{ sku, quantity, ...(options.channel ? {} : { warehouseCode: 'PAR' }) }],
    },
  });
  expect(reservationCreate.userErrors).toEqual([]);
  return reservationCreate.reservation!;
}

describe('stockMoved and reservationChanged', () => {
  it('stream moves and reservations as commits change them, filtered, and resume with afterSequence', async () => {
    await h.product('FAM-1');
    const after = await lastSequence(app);
    const moves = collect(client(), StockMovedDocument, {
      filter: { skus: ['FAM-1'], warehouseCodes: ['PAR'] },
      afterSequence: after,
    });
    const reservations = collect(client(), ReservationChangedDocument, {
      filter: { references: ['fam-order'] },
      afterSequence: after,
    });
    const receipt = await h.receive('PAR', [{ sku: 'FAM-1', quantity: '12' }]);
    await h.receive('LYO', [{ sku: 'FAM-1', quantity: '1' }]);
    await reserve('FAM-1', '2', { reference: 'other-order' });
    const made = await reserve('FAM-1', '3', { reference: 'fam-order' });
    await app.ok(ReservationReleaseDocument, { reservationId: made.id });

    const [move] = await moves.waitFor(1);
    expect(move.stockMoved).toMatchObject({
      state: 'DONE',
      sku: 'FAM-1',
      quantity: '12',
      destinationWarehouseCode: 'PAR',
      reference: receipt.name,
      cause: { kind: 'MOVE', reference: receipt.name },
    });
    const events = await reservations.waitFor(2);
    expect(events.map((e) => [e.reservationChanged.reservationId, e.reservationChanged.state])).toEqual([
      [made.id, 'ACTIVE'],
      [made.id, 'RELEASED'],
    ]);
    expect(events[0].reservationChanged.lines).toEqual([
      { sku: 'FAM-1', warehouseCode: 'PAR', quantity: '3', fulfilledQuantity: '0' },
    ]);
    await settle();
    expect(moves.events).toHaveLength(1);
    expect(reservations.events).toHaveLength(2);

    // The same from a later subscription that resumes.
    const again = collect(client(), ReservationChangedDocument, {
      filter: { references: ['fam-order'] },
      afterSequence: after,
    });
    const replayed = await again.waitFor(2);
    expect(replayed.map((e) => e.reservationChanged.sequence)).toEqual(
      events.map((e) => e.reservationChanged.sequence),
    );
  });
});

describe('availabilityChanged', () => {
  it("pushes the channel's sellable quantity (its warehouses, less its buffer) only when it changes", async () => {
    await h.product('FAM-AV');
    await h.receive('PAR', [{ sku: 'FAM-AV', quantity: '20' }]);
    const created = await app.ok(ChannelCreateDocument, {
      input: { code: 'buffered', name: 'Buffered', warehouseCodes: ['PAR'], buffer: '5' },
    });
    expect(created.channelCreate.userErrors).toEqual([]);
    const sub = collect(client(), AvailabilityChangedDocument, { skus: ['FAM-AV'], channel: 'buffered' });
    await settle();
    await reserve('FAM-AV', '3', { channel: 'buffered' }); // 20 - 3 - 5 = 12
    await reserve('FAM-AV', '10', { channel: 'buffered' }); // 2
    await reserve('FAM-AV', '2'); // 0: the buffer is reached
    await reserve('FAM-AV', '1'); // sellable 4, still 0 after the buffer: no event
    await h.receive('LYO', [{ sku: 'FAM-AV', quantity: '50' }]); // not a warehouse of the channel: no event
    await h.receive('PAR', [{ sku: 'FAM-AV', quantity: '10' }]); // sellable 14, 9 after the buffer
    const events = await sub.waitFor(4);
    await settle();
    expect(sub.events.map((e) => e.availabilityChanged)).toEqual([
      { sku: 'FAM-AV', available: '12', warehouses: [{ warehouseCode: 'PAR', available: '12' }] },
      { sku: 'FAM-AV', available: '2', warehouses: [{ warehouseCode: 'PAR', available: '2' }] },
      { sku: 'FAM-AV', available: '0', warehouses: [{ warehouseCode: 'PAR', available: '0' }] },
      { sku: 'FAM-AV', available: '9', warehouses: [{ warehouseCode: 'PAR', available: '9' }] },
    ]);
    expect(events).toHaveLength(4);
    // The same figure as the query.
    const { body } = await request(app.url)
      .post('/graphql')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send({ query: '{ availability(skus: ["FAM-AV"], channel: "buffered") { available } }' });
    expect(body.data.availability[0].available).toBe('9');
  });
});

describe('company isolation', () => {
  it('a subscriber sees only its own company, in every subscription family', async () => {
    const b = await app.createCompany('SUBB');
    const asB = async (query: string, variables: Record<string, unknown>) => {
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${b.adminKey}`)
        .send({ query, variables });
      expect(res.body.errors).toBeUndefined();
      return res.body.data;
    };
    // The same SKU in both companies.
    await h.product('ISO-1');
    await h.receive('PAR', [{ sku: 'ISO-1', quantity: '10' }]);
    const { uoms } = await asB('query { uoms { id name } }', {});
    await asB('mutation($i: ProductCreateInput!) { productCreate(input: $i) { userErrors { code } } }', {
      i: { sku: 'ISO-1', name: 'B thing', uomId: uoms.find((u: { name: string }) => u.name === 'Unit').id },
    });
    await asB('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }', {
      i: { code: 'PAR', name: 'B Paris', timeZone: 'UTC' },
    });

    const after = await lastSequence(app);
    const ofB = { ...app, companyId: b.companyId };
    const afterB = await lastSequence(ofB);
    const mine = {
      levels: collect(client(), StockLevelChangedDocument, { afterSequence: after }),
      availability: collect(client(), AvailabilityChangedDocument, { skus: ['ISO-1'] }),
      moves: collect(client(), StockMovedDocument, { afterSequence: after }),
      reservations: collect(client(), ReservationChangedDocument, { afterSequence: after }),
    };
    await settle();
    // B receives and reserves its ISO-1 in its PAR.
    await asB('mutation($i: TransferCreateInput!) { transferCreate(input: $i) { userErrors { code } } }', {
      i: { type: 'RECEIPT', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'ISO-1', quantity: '40' }] },
    });
    await asB('mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { userErrors { code } } }', {
      i: { reference: 'b-order', lines: [{ sku: 'ISO-1', quantity: '4', warehouseCode: 'PAR' }] },
    });
    // B's commits move B's sequence, not A's: each company has its own.
    expect(await lastSequence(ofB)).toBeGreaterThan(afterB + 3);
    expect(await lastSequence(app)).toBe(after);
    // Then A reserves its own: the first (and only) event of each family is A's.
    const own = await reserve('ISO-1', '1', { reference: 'a-order' });
    const [level] = await mine.levels.waitFor(1);
    const [available] = await mine.availability.waitFor(1);
    const [reservation] = await mine.reservations.waitFor(1);
    await settle();
    expect(mine.levels.events).toHaveLength(1);
    expect(level.stockLevelChanged).toMatchObject({
      cause: { id: own.id },
      stockLevel: { onHand: '10', reserved: '1' },
    });
    expect(mine.availability.events).toHaveLength(1);
    expect(available.availabilityChanged.available).toBe('9');
    expect(mine.reservations.events).toHaveLength(1);
    expect(reservation.reservationChanged.reference).toBe('a-order');
    expect(mine.moves.events).toHaveLength(0);
    // And B's own subscriber, resuming from the point B was at, sees B's and not A's.
    const theirs = collect(client(b.adminKey), ReservationChangedDocument, { afterSequence: afterB });
    const [bEvent] = await theirs.waitFor(1);
    await settle();
    expect(theirs.events).toHaveLength(1);
    expect(bEvent.reservationChanged.reference).toBe('b-order');
  });
});

describe('slow consumers', () => {
  it('a client that stops reading is closed with 4413 and resumes with afterSequence; a reading client gets everything meanwhile', async () => {
    const after = await lastSequence(app);
    // Another subscriber on the same instance, reading normally (one product's pairs).
    const fast = collect(client(), StockLevelChangedDocument, { skus: ['BEV-COLA-033'], afterSequence: after });

    // The slow client speaks graphql-ws by hand so it can stop reading its socket.
    const slow = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    const received: number[] = [];
    let closeCode: number | undefined;
    const acked = new Promise<void>((resolve) => {
      slow.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          type: string;
          payload?: { data?: { stockLevelChanged: { sequence: number } } };
        };
        if (message.type === 'connection_ack') resolve();
        if (message.type === 'next') received.push(message.payload!.data!.stockLevelChanged.sequence);
      });
    });
    const closed = new Promise<void>((resolve) =>
      slow.on('close', (code) => {
        closeCode = code;
        resolve();
      }),
    );
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${app.adminKey}` } }));
    await acked;
    // Wide events (aliases of the whole stock level) fill the socket buffers quickly.
    const wide = Array.from(
      { length: 25 },
      (_, i) =>
        `l${i}: stockLevel { onHand available reserved qualityHold damaged safetyStock inTransit incoming outgoing forecast }`,
    ).join(' ');
    slow.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: `subscription { stockLevelChanged(afterSequence: ${after}) { sequence ${wide} } }` },
      }),
    );
    await settle();
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    const slowClosed = async () => {
      const metrics = await request(app.url).get('/metrics');
      const match = /^stockline_subscriptions_closed_slow_total (\d+)/m.exec(metrics.text);
      return Number(match?.[1] ?? 0);
    };
    const closedBefore = await slowClosed();
    const pg = new PgClient({ connectionString: app.databaseUrl });
    await pg.connect();
    let transactions = 0;
    try {
      // Each transaction changes the safety stock of every pair of the company: one event per pair.
      while ((await slowClosed()) === closedBefore && transactions < 300) {
        await pg.query(
          `insert into safety_stock (id, company_id, product_id, warehouse_id, quantity)
           select gen_random_uuid(), p.company_id, p.id, w.id, 1 from product p
             join warehouse w on w.company_id = p.company_id where p.company_id = $1
           on conflict (product_id, warehouse_id) do update set quantity = safety_stock.quantity + 1`,
          [app.companyId],
        );
        transactions++;
      }
    } finally {
      await pg.end();
    }
    expect(await slowClosed()).toBe(closedBefore + 1);
    // The slow client reads what reached it, then the close frame with the documented code.
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    expect(closeCode).toBe(4413);

    const count = async (extra: string, params: unknown[]) =>
      Number(
        (
          await app.sql<{ n: string }>(
            `select count(*) as n from stock_event where kind = 'STOCK_LEVEL' and company_id = $1 and company_sequence > $2 ${extra}`,
            [app.companyId, after, ...params],
          )
        )[0].n,
      );
    // The reading client got every one of its events, in order, while the other one was stuck.
    const mine = await count(`and payload->>'sku' = $3`, ['BEV-COLA-033']);
    expect(mine).toBe(2 * transactions);
    const events = await fast.waitFor(mine, 30_000);
    const sequences = events.map((e) => e.stockLevelChanged.sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(mine);

    // The slow one resumes from the last sequence it processed and gets the rest, without a gap.
    const total = await count('', []);
    expect(received.length).toBeLessThan(total);
    const all = (
      await app.sql<{ sequence: string }>(
        `select company_sequence as sequence from stock_event
          where kind = 'STOCK_LEVEL' and company_id = $1 and company_sequence > $2 order by 1`,
        [app.companyId, after],
      )
    ).map((r) => Number(r.sequence));
    expect(received).toEqual(all.slice(0, received.length));
    const last = received.length ? received[received.length - 1] : after;
    const resumed = collect(client(), StockLevelChangedDocument, { afterSequence: last });
    const rest = await resumed.waitFor(total - received.length, 30_000);
    expect([...received, ...rest.map((e) => e.stockLevelChanged.sequence)]).toEqual(all);
  }, 120_000);
});

describe('the hub', () => {
  it('reconnects its LISTEN connection and catches up on what was committed meanwhile', async () => {
    await h.product('HUB-1');
    await h.receive('PAR', [{ sku: 'HUB-1', quantity: '10' }]);
    const sub = collect(client(), StockLevelChangedDocument, {
      skus: ['HUB-1'],
      afterSequence: await lastSequence(app),
    });
    const listeners = await app.sql<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and query ilike 'listen stockline_stock_event%'`,
    );
    expect(listeners.length).toBeGreaterThan(0);
    await app.sql(`select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = current_database() and query ilike 'listen stockline_stock_event%'`);
    // Committed while the hub hears nothing: read once it is connected again.
    await reserve('HUB-1', '1', { reference: 'while-down' });
    await reserve('HUB-1', '1', { reference: 'after' });
    const events = await sub.waitFor(2, 10_000);
    expect(events.map((e) => e.stockLevelChanged.cause.reference)).toEqual(['while-down', 'after']);
  });

  it('deletes stored events past the retention (24 hours at least) and keeps the others', async () => {
    const [old] = await app.sql<{ sequence: string }>(
      `insert into stock_event (committed_at, company_id, kind, payload, company_sequence)
       values (now() - interval '25 hours', $1, 'RESERVATION', '{}', -2) returning sequence`,
      [app.companyId],
    );
    const [recent] = await app.sql<{ sequence: string }>(
      `insert into stock_event (committed_at, company_id, kind, payload, company_sequence)
       values (now() - interval '23 hours', $1, 'RESERVATION', '{}', -1) returning sequence`,
      [app.companyId],
    );
    expect(await app.server.stockEvents.cleanup()).toBeGreaterThanOrEqual(1);
    const left = await app.sql<{ sequence: string }>('select sequence from stock_event where sequence in ($1, $2)', [
      old.sequence,
      recent.sequence,
    ]);
    expect(left.map((r) => r.sequence)).toEqual([recent.sequence]);
    // Numbered below the company's events (they are not its events): gone again.
    await app.sql('delete from stock_event where sequence = $1', [recent.sequence]);
  });
  it('refuses a resume point older than the stored events instead of skipping what was deleted', async () => {
    // Everything stored so far passes the retention and is deleted.
    const deletedUpTo = await lastSequence(app);
    await app.sql(`update stock_event set committed_at = now() - interval '25 hours' where company_sequence <= $1`, [
      deletedUpTo,
    ]);
    await app.server.stockEvents.cleanup();
    const tooOld = collect(client(), ReservationChangedDocument, { afterSequence: deletedUpTo - 1 });
    await expect(tooOld.waitFor(1, 5_000)).rejects.toThrow(/RESUME_POINT_EXPIRED|older than the stored events/);
    expect(JSON.stringify(tooOld.errors)).toContain('RESUME_POINT_EXPIRED');

    // From the last deleted event on, nothing is missing: the resume works and gets the next change.
    const resumed = collect(client(), ReservationChangedDocument, { afterSequence: deletedUpTo });
    await settle();
    await app.ok(ReservationCreateDocument, {
      input: { reference: 'after-retention', lines: [{ sku: 'BEV-COLA-033', warehouseCode: 'PAR', quantity: '1' }] },
    });
    const [event] = await resumed.waitFor(1);
    expect(event.reservationChanged.reference).toBe('after-retention');
    expect(resumed.errors).toEqual([]);
  });
});

describe('ordering per company', () => {
  it("one company's open commit holds back neither another company's commits nor their delivery", async () => {
    const b = await app.createCompany('SUBORD');
    const asB = async (query: string, variables: Record<string, unknown>) => {
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${b.adminKey}`)
        .send({ query, variables });
      expect(res.body.errors).toBeUndefined();
      return res.body.data;
    };
    const { uoms } = await asB('query { uoms { id name } }', {});
    await asB('mutation($i: ProductCreateInput!) { productCreate(input: $i) { userErrors { code } } }', {
      i: { sku: 'ORD-B', name: 'B thing', uomId: uoms.find((u: { name: string }) => u.name === 'Unit').id },
    });
    await asB('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }', {
      i: { code: 'PAR', name: 'B Paris', timeZone: 'UTC' },
    });
    await h.product('ORD-A');
    await h.receive('PAR', [{ sku: 'ORD-A', quantity: '10' }]);
    const ofB = { ...app, companyId: b.companyId };
    const afterA = await lastSequence(app);
    const afterB = await lastSequence(ofB);
    const subA = collect(client(), StockLevelChangedDocument, { skus: ['ORD-A'], afterSequence: afterA });
    const subB = collect(client(b.adminKey), StockLevelChangedDocument, { skus: ['ORD-B'], afterSequence: afterB });
    await settle();
    const pg = new PgClient({ connectionString: app.databaseUrl });
    await pg.connect();
    try {
      await pg.query('begin');
      await pg.query(
        `insert into safety_stock (id, company_id, product_id, warehouse_id, quantity)
         select gen_random_uuid(), p.company_id, p.id, w.id, 2 from product p
           join warehouse w on w.company_id = p.company_id and w.code = 'PAR'
          where p.sku = 'ORD-A' and p.company_id = $1`,
        [app.companyId],
      );
      // A's flush runs now and holds A's counter until this transaction ends.
      await pg.query('set constraints all immediate');
      // B receives meanwhile: its commit and its subscriber's event do not wait for A (with one
      // lock for the whole database both did, until A committed: this test then timed out).
      await asB('mutation($i: TransferCreateInput!) { transferCreate(input: $i) { userErrors { code } } }', {
        i: { type: 'RECEIPT', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'ORD-B', quantity: '5' }] },
      });
      const [bEvent] = await subB.waitFor(1, 10_000);
      expect(bEvent.stockLevelChanged).toMatchObject({ sequence: afterB + 1, stockLevel: { onHand: '5' } });
      expect(subA.events).toHaveLength(0);
      await pg.query('commit');
    } finally {
      await pg.end().catch(() => undefined);
    }
    const [aEvent] = await subA.waitFor(1, 10_000);
    expect(aEvent.stockLevelChanged).toMatchObject({ sequence: afterA + 1, stockLevel: { safetyStock: '2' } });
  });
});
