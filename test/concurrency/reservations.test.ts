import { ReservationCreateDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterAll(() => app.close());

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
});
