import { Client } from 'pg';
import {
  AvailabilityDocument,
  ChannelCreateDocument,
  ReservationCreateDocument,
  ReservationDocument,
  ReservationExtendDocument,
  ReservationFulfilDocument,
  ReservationReleaseDocument,
  TransferCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { startSweeper } from '../../src/server/sweeper';
import { createLogger } from '../../src/observability/logger';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true, lockTimeoutMs: 1000 });
  h = stockHelpers(app);
  await app.ok(ChannelCreateDocument, { input: { code: 'shop', name: 'Web shop', warehouseCodes: ['LYO', 'PAR'] } });
  await app.ok(ChannelCreateDocument, {
    input: { code: 'mkt', name: 'Marketplace', warehouseCodes: ['PAR'], buffer: '2' },
  });
});
afterAll(() => app.close());

const reserve = (input: object) => app.ok(ReservationCreateDocument, { input: input as never });

describe('reservationCreate', () => {
  it('sources by the channel priority list and splits across warehouses', async () => {
    await h.product('RSV-A');
    await h.receive('LYO', [{ sku: 'RSV-A', quantity: '3' }]);
    await h.receive('PAR', [{ sku: 'RSV-A', quantity: '10' }]);
    const { reservationCreate } = await reserve({
      reference: 'cart-1',
      channel: 'shop',
      lines: [{ sku: 'RSV-A', quantity: '5' }],
    });
    expect(reservationCreate.userErrors).toEqual([]);
    expect(reservationCreate.reservation!.lines.map((l) => [l.warehouse.code, l.quantity])).toEqual([
      ['LYO', '3'],
      ['PAR', '2'],
    ]);
    expect(await h.level('RSV-A', 'LYO')).toMatchObject({ onHand: '3', reserved: '3', available: '0', forecast: '0' });
    expect(await h.level('RSV-A', 'PAR')).toMatchObject({ reserved: '2', available: '8' });
    const { availability } = await app.ok(AvailabilityDocument, { skus: ['RSV-A', 'UNKNOWN'], channel: 'shop' });
    expect(availability).toEqual([
      {
        sku: 'RSV-A',
        available: '8',
        warehouses: [
          { warehouseCode: 'LYO', available: '0' },
          { warehouseCode: 'PAR', available: '8' },
        ],
      },
      { sku: 'UNKNOWN', available: '0', warehouses: [] },
    ]);
    const mkt = await app.ok(AvailabilityDocument, { skus: ['RSV-A'], channel: 'mkt' });
    expect(mkt.availability[0]).toMatchObject({
      available: '6',
      warehouses: [{ warehouseCode: 'PAR', available: '6' }],
    });
  });

  it('checks the same SKU on two lines as a total', async () => {
    await h.product('RSV-B');
    await h.receive('PAR', [{ sku: 'RSV-B', quantity: '5' }]);
    const { reservationCreate } = await reserve({
      reference: 'cart-2',
      lines: [
        { sku: 'RSV-B', quantity: '3', warehouseCode: 'PAR' },
        { sku: 'RSV-B', quantity: '3', warehouseCode: 'PAR' },
      ],
    });
    expect(reservationCreate.reservation).toBeNull();
    expect(reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'lines', '1'], quantityAvailable: '2' }),
    ]);
    expect(await h.level('RSV-B', 'PAR')).toMatchObject({ reserved: '0' });
  });

  it('ALL_OR_NOTHING with one short line reserves nothing; PARTIAL reserves what it can and says what it could not', async () => {
    await h.product('RSV-C');
    await h.product('RSV-D');
    await h.receive('PAR', [
      { sku: 'RSV-C', quantity: '5' },
      { sku: 'RSV-D', quantity: '1' },
    ]);
    const lines = [
      { sku: 'RSV-C', quantity: '2', warehouseCode: 'PAR' },
      { sku: 'RSV-D', quantity: '3', warehouseCode: 'PAR' },
    ];
    const all = await reserve({ reference: 'cart-3', lines });
    expect(all.reservationCreate.reservation).toBeNull();
    expect(all.reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'lines', '1'], quantityAvailable: '1' }),
    ]);
    expect(await h.level('RSV-C', 'PAR')).toMatchObject({ reserved: '0' });
    const partial = await reserve({ reference: 'cart-3', lines, policy: 'PARTIAL' });
    expect(partial.reservationCreate.reservation!.lines.map((l) => [l.product.sku, l.quantity])).toEqual([
      ['RSV-C', '2'],
      ['RSV-D', '1'],
    ]);
    expect(partial.reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'lines', '1'], quantityAvailable: '1' }),
    ]);
  });

  it('the expectedAvailable guard refuses a stale view with STALE and reserves nothing', async () => {
    await h.product('RSV-E');
    await h.receive('PAR', [{ sku: 'RSV-E', quantity: '7' }]);
    const stale = await reserve({
      reference: 'cart-4',
      lines: [{ sku: 'RSV-E', quantity: '1', warehouseCode: 'PAR', expectedAvailable: '8' }],
    });
    expect(stale.reservationCreate.userErrors).toEqual([
      expect.objectContaining({
        code: 'STALE',
        field: ['input', 'lines', '0', 'expectedAvailable'],
        quantityAvailable: '7',
      }),
    ]);
    const fresh = await reserve({
      reference: 'cart-4',
      lines: [{ sku: 'RSV-E', quantity: '1', warehouseCode: 'PAR', expectedAvailable: '7' }],
    });
    expect(fresh.reservationCreate.userErrors).toEqual([]);
  });

  it('answers NOT_FOUND and INVALID per line and writes nothing', async () => {
    const before = await app.sql('select count(*) from reservation');
    const res = await reserve({
      reference: 'cart-5',
      lines: [
        { sku: 'NOPE', quantity: '1' },
        { sku: 'RSV-E', quantity: '0' },
      ],
    });
    expect(res.reservationCreate.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '1', 'quantity'] }),
      ]),
    );
    const unknown = await reserve({ reference: 'cart-5', lines: [{ sku: 'NOPE', quantity: '1' }] });
    expect(unknown.reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'lines', '0', 'sku'] }),
    ]);
    expect(await app.sql('select count(*) from reservation')).toEqual(before);
  });
});

describe('release, extend, fulfil and expiry', () => {
  it('release gives the stock back; fulfil delivers exactly the reserved stock', async () => {
    await h.product('RSV-F');
    await h.receive('PAR', [{ sku: 'RSV-F', quantity: '10' }]);
    const a = await reserve({ reference: 'order-a', lines: [{ sku: 'RSV-F', quantity: '4', warehouseCode: 'PAR' }] });
    const b = await reserve({ reference: 'order-b', lines: [{ sku: 'RSV-F', quantity: '6', warehouseCode: 'PAR' }] });
    expect(await h.level('RSV-F', 'PAR')).toMatchObject({ reserved: '10', available: '0' });
    // A delivery outside any reservation cannot take reserved stock.
    const sneak = await h.deliver('PAR', [{ sku: 'RSV-F', quantity: '1' }]);
    expect(sneak.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '0' })]);

    const released = await app.ok(ReservationReleaseDocument, { reservationId: a.reservationCreate.reservation!.id });
    expect(released.reservationRelease.reservation!.state).toBe('RELEASED');
    expect(await h.level('RSV-F', 'PAR')).toMatchObject({ reserved: '6', available: '4' });

    const { reservationFulfil } = await app.ok(ReservationFulfilDocument, {
      input: { reservationId: b.reservationCreate.reservation!.id },
    });
    expect(reservationFulfil.userErrors).toEqual([]);
    expect(reservationFulfil.reservation!.state).toBe('FULFILLED');
    expect(reservationFulfil.deliveries).toEqual([
      expect.objectContaining({
        state: 'DONE',
        warehouse: { code: 'PAR' },
        moves: [{ quantity: '6', product: { sku: 'RSV-F' } }],
      }),
    ]);
    expect(await h.level('RSV-F', 'PAR')).toMatchObject({ onHand: '4', reserved: '0', available: '4' });
    const again = await app.ok(ReservationReleaseDocument, { reservationId: b.reservationCreate.reservation!.id });
    expect(again.reservationRelease.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });

  it('fulfils in part', async () => {
    await h.product('RSV-G');
    await h.receive('PAR', [{ sku: 'RSV-G', quantity: '10' }]);
    const r = await reserve({ reference: 'order-g', lines: [{ sku: 'RSV-G', quantity: '5', warehouseCode: 'PAR' }] });
    const line = r.reservationCreate.reservation!.lines[0];
    const { reservationFulfil } = await app.ok(ReservationFulfilDocument, {
      input: { reservationId: r.reservationCreate.reservation!.id, lines: [{ lineId: line.id, quantity: '2' }] },
    });
    expect(reservationFulfil.reservation).toMatchObject({
      state: 'ACTIVE',
      lines: [{ quantity: '5', fulfilledQuantity: '2' }],
    });
    expect(await h.level('RSV-G', 'PAR')).toMatchObject({ onHand: '8', reserved: '3', available: '5' });
  });

  it('a 1-second reservation stops counting after it; fulfilment then fails with EXPIRED; the sweeper marks it and the outbox announces it', async () => {
    await h.product('RSV-H');
    await h.receive('PAR', [{ sku: 'RSV-H', quantity: '5' }]);
    const r = await reserve({
      reference: 'cart-h',
      ttlSeconds: 1,
      lines: [{ sku: 'RSV-H', quantity: '5', warehouseCode: 'PAR' }],
    });
    const id = r.reservationCreate.reservation!.id;
    expect(await h.level('RSV-H', 'PAR')).toMatchObject({ reserved: '5', available: '0' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await h.level('RSV-H', 'PAR')).toMatchObject({ reserved: '0', available: '5' });
    expect((await app.ok(ReservationDocument, { id })).reservation).toMatchObject({
      state: 'ACTIVE',
      effectiveState: 'EXPIRED',
    });
    const late = await app.ok(ReservationFulfilDocument, { input: { reservationId: id } });
    expect(late.reservationFulfil.userErrors).toEqual([expect.objectContaining({ code: 'EXPIRED' })]);
    const extend = await app.ok(ReservationExtendDocument, { input: { reservationId: id, ttlSeconds: 60 } });
    expect(extend.reservationExtend.userErrors).toEqual([expect.objectContaining({ code: 'EXPIRED' })]);

    const sweeper = startSweeper(app.orm, createLogger('silent'), 100);
    try {
      for (let i = 0; i < 50 && (await app.ok(ReservationDocument, { id })).reservation!.state !== 'EXPIRED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await sweeper.stop();
    }
    expect((await app.ok(ReservationDocument, { id })).reservation!.state).toBe('EXPIRED');
    // Announced through the outbox, in the sweeper's transaction.
    const [event] = await app.sql<{ payload: { state: string } }>(
      `select payload from stock_event where kind = 'RESERVATION' and entity_id = $1 order by sequence desc limit 1`,
      [id],
    );
    expect(event.payload.state).toBe('EXPIRED');
  });
});

describe('idempotency', () => {
  beforeAll(async () => {
    await h.product('IDEM-1');
    await h.receive('PAR', [{ sku: 'IDEM-1', quantity: '50' }]);
  });
  const input = (key: string, quantity = '1') => ({
    reference: 'idem',
    idempotencyKey: key,
    lines: [{ sku: 'IDEM-1', quantity, warehouseCode: 'PAR' }],
  });

  it('replaying a key with the same input returns the first result without reserving again', async () => {
    const first = await reserve(input('key-1'));
    const second = await reserve(input('key-1'));
    expect(second.reservationCreate.reservation!.id).toBe(first.reservationCreate.reservation!.id);
    expect(await h.level('IDEM-1', 'PAR')).toMatchObject({ reserved: '1' });
  });

  it('the same key with a different input gets IDEMPOTENCY_KEY_REUSED', async () => {
    const reused = await reserve(input('key-1', '2'));
    expect(reused.reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] }),
    ]);
    expect(await h.level('IDEM-1', 'PAR')).toMatchObject({ reserved: '1' });
  });

  it('concurrent requests with one key do the work once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => reserve(input('key-2'))));
    const ids = new Set(results.map((r) => r.reservationCreate.reservation?.id));
    expect(ids.size).toBe(1);
    expect(await h.level('IDEM-1', 'PAR')).toMatchObject({ reserved: '2' });
  });

  it('a request that failed stores nothing under its key', async () => {
    const failed = await reserve(input('key-3', '1000'));
    expect(failed.reservationCreate.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    const ok = await reserve(input('key-3', '1'));
    expect(ok.reservationCreate.userErrors).toEqual([]);
    expect(ok.reservationCreate.reservation).not.toBeNull();
  });

  it('ledger mutations take keys too', async () => {
    const key = {
      type: 'RECEIPT' as const,
      warehouseCode: 'LYO',
      validate: true,
      idempotencyKey: 'rcpt-1',
      lines: [{ sku: 'IDEM-1', quantity: '3' }],
    };
    const a = await app.ok(TransferCreateDocument, { input: key });
    const b = await app.ok(TransferCreateDocument, { input: key });
    expect(b.transferCreate.transfer!.id).toBe(a.transferCreate.transfer!.id);
    expect(await h.level('IDEM-1', 'LYO')).toMatchObject({ onHand: '3' });
  });
});

describe('bounded lock waits', () => {
  it('a reservation that cannot get its lock in time fails with BUSY instead of hanging', async () => {
    await h.product('RSV-L');
    await h.receive('PAR', [{ sku: 'RSV-L', quantity: '5' }]);
    const [row] = await app.sql<{ product_id: string; warehouse_id: string }>(
      "select p.id product_id, w.id warehouse_id from product p, warehouse w where p.sku = 'RSV-L' and w.code = 'PAR'",
    );
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `${row.product_id}|${row.warehouse_id}`,
      ]);
      const res = await app.gql(ReservationCreateDocument, {
        input: { reference: 'busy', lines: [{ sku: 'RSV-L', quantity: '1', warehouseCode: 'PAR' }] },
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BUSY', retryable: true });
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect(await h.level('RSV-L', 'PAR')).toMatchObject({ reserved: '0' });
  });
});
