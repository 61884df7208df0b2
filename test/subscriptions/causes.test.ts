import { ReservationCreateDocument, StockLevelChangedDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A stock-level event names every move and reservation of its commit that changed the pair
 * (issue 21): one commit of several changes gives one event, and it used to name one of them.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const client = () => {
  const c = wsClientAt(app.wsUrl, app.adminKey);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => app.close());

describe('stockLevelChanged causes', () => {
  it('a receipt of two lines of one SKU: one event naming both moves', async () => {
    await h.product('CAUSE-A');
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['CAUSE-A'], afterSequence: after });
    await settle();
    await h.receive('PAR', [
      { sku: 'CAUSE-A', quantity: '3' },
      { sku: 'CAUSE-A', quantity: '4' },
    ]);
    const [event] = await sub.waitFor(1, 10_000);
    const moves = await app.sql<{ id: string }>(
      `select m.id from stock_move m join product p on p.id = m.product_id where p.sku = 'CAUSE-A' order by m.id`,
    );
    expect(moves).toHaveLength(2);
    const { causes, causeCount, cause, stockLevel } = event.stockLevelChanged;
    expect(stockLevel.onHand).toBe('7');
    expect(causeCount).toBe(2);
    expect(causes.map((c) => c.kind)).toEqual(['MOVE', 'MOVE']);
    expect(causes.map((c) => c.id).sort()).toEqual(moves.map((m) => m.id));
    expect(causes).toContainEqual(cause);
  });

  it('40 concurrent reservations of one SKU: the events together name every reservation once', async () => {
    await h.product('CAUSE-HOT');
    await h.receive('PAR', [{ sku: 'CAUSE-HOT', quantity: '100' }]);
    const after = await lastSequence(app);
    const sub = collect(client(), StockLevelChangedDocument, { skus: ['CAUSE-HOT'], afterSequence: after });
    await settle();
    const made = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.ok(ReservationCreateDocument, {
          input: { reference: `hot-${i}`, lines: [{ sku: 'CAUSE-HOT', quantity: '1', warehouseCode: 'PAR' }] },
        }),
      ),
    );
    const ids = made.map((m) => {
      expect(m.reservationCreate.userErrors).toEqual([]);
      return m.reservationCreate.reservation!.id;
    });
    // Events come until the figures show all 40 (the group commit may put several in one).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`events: ${JSON.stringify(sub.events)}`)), 20_000);
      const check = () => {
        const last = sub.events[sub.events.length - 1];
        if (last?.stockLevelChanged.stockLevel.reserved === '40') {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 50);
      };
      check();
    });
    const events = sub.events.map((e) => e.stockLevelChanged);
    const named = events.flatMap((e) => e.causes);
    expect(named.every((c) => c.kind === 'RESERVATION')).toBe(true);
    expect(named.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(events.map((e) => e.causeCount)).toEqual(events.map((e) => e.causes.length));
    expect(named.map((c) => c.reference).sort()).toEqual(ids.map((_, i) => `hot-${i}`).sort());
  });
});
