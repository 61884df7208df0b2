import {
  ReservationCreateDocument,
  ReservationExtendDocument,
  ReservationFulfilDocument,
  ReservationReleaseDocument,
  ReservedStockReconcileDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { sweepExpired } from '../../src/modules/reservations/reservation.service';

/**
 * `reserved` is read from a counter per product x warehouse (reserved_stock, kept by a trigger on
 * reservation_line) less the lapsed lines. These tests drive every writer of reservation lines
 * and check after each step that the counter equals the lines (stockReconcile) and that the
 * figures stay right, including under concurrency, where reservationCreate's one-round-trip
 * path must fall back to the locked path whenever the figures moved under it.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true, lockTimeoutMs: 3000 });
  h = stockHelpers(app);
});
afterAll(() => app.close());

const reserve = (input: object) => app.ok(ReservationCreateDocument, { input: input as never });

async function expectCounterExact(sku: string) {
  const { stockReconcile } = await app.ok(ReservedStockReconcileDocument, { sku });
  expect(stockReconcile).toEqual({ ok: true, reservedDifferences: [] });
}

async function counter(sku: string, warehouseCode: string): Promise<string | undefined> {
  const [row] = await app.sql<{ quantity: string }>(
    `select trim_scale(rs.quantity)::text as quantity from reserved_stock rs
       join product p on p.id = rs.product_id join warehouse w on w.id = rs.warehouse_id
      where p.sku = $1 and w.code = $2`,
    [sku, warehouseCode],
  );
  return row?.quantity;
}

describe('the reserved-stock counter', () => {
  it('follows creation, partial creation, release, extension, fulfilment, expiry and sweeping', async () => {
    await h.product('RS-A');
    await h.receive('PAR', [{ sku: 'RS-A', quantity: '20' }]);

    const first = await reserve({ reference: 'a1', lines: [{ sku: 'RS-A', quantity: '4', warehouseCode: 'PAR' }] });
    expect(first.reservationCreate.userErrors).toEqual([]);
    const twice = await reserve({
      reference: 'a2',
      lines: [
        { sku: 'RS-A', quantity: '1.5', warehouseCode: 'PAR' },
        { sku: 'RS-A', quantity: '2.5', warehouseCode: 'PAR' },
      ],
    });
    expect(twice.reservationCreate.userErrors).toEqual([]);
    expect(await counter('RS-A', 'PAR')).toBe('8');
    await expectCounterExact('RS-A');

    // PARTIAL with a short line takes the locked path.
    const partial = await reserve({
      reference: 'a3',
      policy: 'PARTIAL',
      lines: [
        { sku: 'RS-A', quantity: '2', warehouseCode: 'PAR' },
        { sku: 'RS-A', quantity: '50', warehouseCode: 'PAR' },
      ],
    });
    expect(partial.reservationCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '10' }),
    ]);
    expect(partial.reservationCreate.reservation!.lines.map((l) => l.quantity)).toEqual(['2', '10']);
    expect(await counter('RS-A', 'PAR')).toBe('20');
    expect(await h.level('RS-A', 'PAR')).toMatchObject({ reserved: '20', available: '0' });
    await expectCounterExact('RS-A');

    await app.ok(ReservationReleaseDocument, { reservationId: partial.reservationCreate.reservation!.id });
    expect(await counter('RS-A', 'PAR')).toBe('8');
    await app.ok(ReservationExtendDocument, {
      input: { reservationId: first.reservationCreate.reservation!.id, ttlSeconds: 3600 },
    });
    expect(await counter('RS-A', 'PAR')).toBe('8');
    await expectCounterExact('RS-A');

    const line = first.reservationCreate.reservation!.lines[0];
    const fulfilled = await app.ok(ReservationFulfilDocument, {
      input: { reservationId: first.reservationCreate.reservation!.id, lines: [{ lineId: line.id, quantity: '1' }] },
    });
    expect(fulfilled.reservationFulfil.userErrors).toEqual([]);
    expect(await counter('RS-A', 'PAR')).toBe('7');
    await app.ok(ReservationFulfilDocument, { input: { reservationId: twice.reservationCreate.reservation!.id } });
    expect(await counter('RS-A', 'PAR')).toBe('3');
    expect(await h.level('RS-A', 'PAR')).toMatchObject({ onHand: '15', reserved: '3', available: '12' });
    await expectCounterExact('RS-A');

    // A lapsed line stops counting at once, though the counter keeps it until the sweeper runs.
    const short = await reserve({
      reference: 'a4',
      ttlSeconds: 1,
      lines: [{ sku: 'RS-A', quantity: '12', warehouseCode: 'PAR' }],
    });
    expect(short.reservationCreate.userErrors).toEqual([]);
    expect(await h.level('RS-A', 'PAR')).toMatchObject({ reserved: '15', available: '0' });
    await new Promise((r) => setTimeout(r, 1300));
    expect(await h.level('RS-A', 'PAR')).toMatchObject({ reserved: '3', available: '12' });
    expect(await counter('RS-A', 'PAR')).toBe('15');
    // Reserving against the lapsed stock works before any sweep.
    const again = await reserve({ reference: 'a5', lines: [{ sku: 'RS-A', quantity: '12', warehouseCode: 'PAR' }] });
    expect(again.reservationCreate.userErrors).toEqual([]);
    await expectCounterExact('RS-A');
    const swept = await sweepExpired({ em: app.orm.em.fork(), companyId: app.companyId, actor: 'test' });
    expect(swept).toContain(short.reservationCreate.reservation!.id);
    expect(await counter('RS-A', 'PAR')).toBe('15');
    expect(await h.level('RS-A', 'PAR')).toMatchObject({ reserved: '15', available: '0' });
    await expectCounterExact('RS-A');

    // Lines removed with plain SQL are followed too.
    await app.sql(`delete from reservation where id = $1`, [again.reservationCreate.reservation!.id]);
    expect(await counter('RS-A', 'PAR')).toBe('3');
    await expectCounterExact('RS-A');
  });

  it('is reported by stockReconcile when it drifts from the lines', async () => {
    await h.product('RS-B');
    await h.receive('LYO', [{ sku: 'RS-B', quantity: '5' }]);
    await reserve({ reference: 'b1', lines: [{ sku: 'RS-B', quantity: '2', warehouseCode: 'LYO' }] });
    await app.sql(
      `update reserved_stock set quantity = quantity + 1 where product_id = (select id from product where sku = 'RS-B')`,
    );
    const { stockReconcile } = await app.ok(ReservedStockReconcileDocument, { sku: 'RS-B' });
    expect(stockReconcile).toEqual({
      ok: false,
      reservedDifferences: [{ warehouseCode: 'LYO', recorded: '3', fromLines: '2' }],
    });
  });

  it('stays exact and never oversells while reservations, releases and fulfilments race on the same stock', async () => {
    await h.product('RS-C');
    await h.product('RS-D');
    await h.receive('PAR', [
      { sku: 'RS-C', quantity: '30' },
      { sku: 'RS-D', quantity: '30' },
    ]);
    const held = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        reserve({
          reference: `c-seed-${i}`,
          lines: [
            { sku: 'RS-C', quantity: '1', warehouseCode: 'PAR' },
            { sku: 'RS-D', quantity: '1', warehouseCode: 'PAR' },
          ],
        }),
      ),
    );
    const ids = held.map((r) => r.reservationCreate.reservation!.id);
    // 20 more units of each are free; 40 requests race for 1 of each (in both line orders)
    // while the 10 earlier holds are released or fulfilled.
    // A loaded machine may answer the retryable BUSY (lock timeout, nothing changed): the test
    // retries it as a client would, so that the figures are checked whatever the machine's speed.
    const untilDone = async <R extends { errors?: readonly { extensions?: { code?: unknown } }[] }>(
      send: () => Promise<R>,
    ): Promise<R> => {
      for (let attempt = 1; ; attempt++) {
        const answer = await send();
        const code = answer.errors?.[0]?.extensions?.code;
        if (attempt >= 10 || (code !== 'BUSY' && code !== 'TIMEOUT')) return answer;
      }
    };
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        untilDone(() =>
          app.gql(ReservationCreateDocument, {
            input: {
              reference: `c-${i}`,
              lines: (i % 2
                ? [
                    { sku: 'RS-C', quantity: '1', warehouseCode: 'PAR' },
                    { sku: 'RS-D', quantity: '1', warehouseCode: 'PAR' },
                  ]
                : [
                    { sku: 'RS-D', quantity: '1', warehouseCode: 'PAR' },
                    { sku: 'RS-C', quantity: '1', warehouseCode: 'PAR' },
                  ]) as never,
            },
          }),
        ),
      ),
      ...ids.slice(0, 5).map((id) => untilDone(() => app.gql(ReservationReleaseDocument, { reservationId: id }))),
      ...ids
        .slice(5)
        .map((id) => untilDone(() => app.gql(ReservationFulfilDocument, { input: { reservationId: id } }))),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const made = results
      .slice(0, 40)
      .filter((r) => (r.data as { reservationCreate: { reservation: unknown } }).reservationCreate.reservation);
    // Releases give back 5; fulfilments consume theirs: at most 25 succeed, and at least the 20 free units.
    expect(made.length).toBeGreaterThanOrEqual(20);
    expect(made.length).toBeLessThanOrEqual(25);
    for (const sku of ['RS-C', 'RS-D']) {
      await expectCounterExact(sku);
      const level = await h.level(sku, 'PAR');
      expect(level.onHand).toBe('25');
      expect(level.reserved).toBe(String(made.length));
      expect(Number(level.reserved)).toBeLessThanOrEqual(Number(level.onHand));
    }
  });
});
