import {
  AvailabilityChangedDocument,
  ChannelCreateDocument,
  KitReservationChangedDocument,
  KitReservationCreateDocument,
  ProductKitSetDocument,
  ReservationCreateDocument,
  StockLevelChangedDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const client = () => {
  const c = wsClientAt(app.wsUrl, app.adminKey);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  // No fallback poll: only LISTEN/NOTIFY delivers here.
  app = await startTestApp({ env: { STOCK_EVENT_POLL_MS: '3600000' } });
  h = stockHelpers(app);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => app.close());

async function reserve(sku: string, quantity: string) {
  const { reservationCreate } = await app.ok(ReservationCreateDocument, {
    input: { reference: `cart-${sku}`, lines: [{ sku, quantity, warehouseCode: 'PAR' }] },
  });
  expect(reservationCreate.userErrors).toEqual([]);
}

async function kitSet(sku: string, components: { sku: string; quantity: string }[]) {
  const { productKitSet } = await app.ok(ProductKitSetDocument, { input: { sku, components } });
  expect(productKitSet.userErrors).toEqual([]);
}

describe('kits in subscriptions', () => {
  it("push a kit's figures when its definition changes, and its own figures when it stops being a kit", async () => {
    await h.product('KDEF-M');
    await h.product('KDEF-C');
    await h.product('KDEF-KIT');
    await h.receive('PAR', [
      { sku: 'KDEF-M', quantity: '8' },
      { sku: 'KDEF-C', quantity: '9' },
    ]);
    await h.receive('LYO', [{ sku: 'KDEF-M', quantity: '4' }]);
    const levels = collect(client(), StockLevelChangedDocument, {
      skus: ['KDEF-KIT'],
      afterSequence: await lastSequence(app),
    });
    const availability = collect(client(), AvailabilityChangedDocument, { skus: ['KDEF-KIT'] });
    await settle();
    await kitSet('KDEF-KIT', [
      { sku: 'KDEF-M', quantity: '1' },
      { sku: 'KDEF-C', quantity: '2' },
    ]); // PAR min(8, 9/2) = 4; LYO min(4, 0) = 0 (nothing to push there)
    await kitSet('KDEF-KIT', [
      { sku: 'KDEF-M', quantity: '1' },
      { sku: 'KDEF-C', quantity: '3' },
    ]); // PAR min(8, 3) = 3
    await kitSet('KDEF-KIT', []); // an ordinary product again: its own figures, 0
    await levels.waitFor(3);
    await availability.waitFor(3);
    await settle();
    expect(
      levels.events.map((e) => [
        e.stockLevelChanged.warehouseCode,
        e.stockLevelChanged.stockLevel.onHand,
        e.stockLevelChanged.stockLevel.available,
        e.stockLevelChanged.delta.available,
        e.stockLevelChanged.cause.kind,
        e.stockLevelChanged.cause.id,
      ]),
    ).toEqual([
      ['PAR', '4', '4', '4', 'KIT', expect.any(String)],
      ['PAR', '3', '3', '-1', 'KIT', expect.any(String)],
      ['PAR', '0', '0', '-3', 'KIT', expect.any(String)],
    ]);
    expect(new Set(levels.events.map((e) => e.stockLevelChanged.cause.id)).size).toBe(1);
    expect(levels.events.map((e) => e.stockLevelChanged.cause.reference)).toEqual(['KDEF-KIT', 'KDEF-KIT', 'KDEF-KIT']);
    expect(availability.events.map((e) => e.availabilityChanged.available)).toEqual(['4', '3', '0']);
  });

  it('reservationChanged names the kit each component line belongs to, and the kits held', async () => {
    await h.product('KRES-M');
    await h.product('KRES-C');
    await h.product('KRES-KIT');
    await kitSet('KRES-KIT', [
      { sku: 'KRES-M', quantity: '1' },
      { sku: 'KRES-C', quantity: '2' },
    ]);
    await h.receive('PAR', [
      { sku: 'KRES-M', quantity: '10' },
      { sku: 'KRES-C', quantity: '10' },
    ]);
    const changes = collect(client(), KitReservationChangedDocument, {
      filter: { skus: ['KRES-KIT'] },
      afterSequence: await lastSequence(app),
    });
    await settle();
    const { reservationCreate } = await app.ok(KitReservationCreateDocument, {
      input: {
        reference: 'cart-kres',
        lines: [
          { sku: 'KRES-KIT', quantity: '3', warehouseCode: 'PAR' },
          { sku: 'KRES-C', quantity: '1', warehouseCode: 'PAR' },
        ],
      },
    });
    expect(reservationCreate.userErrors).toEqual([]);
    const [event] = await changes.waitFor(1);
    const kitId = (await app.sql<{ id: string }>(`select id from product where sku = 'KRES-KIT'`))[0].id;
    expect(event.reservationChanged.kits).toEqual([{ kitId, sku: 'KRES-KIT', warehouseCode: 'PAR', quantity: '3' }]);
    expect(event.reservationChanged.lines.map((l) => [l.sku, l.quantity, l.kitId, l.kitSku, l.kitQuantity])).toEqual(
      expect.arrayContaining([
        ['KRES-M', '3', kitId, 'KRES-KIT', '3'],
        ['KRES-C', '6', kitId, 'KRES-KIT', '3'],
        ['KRES-C', '1', null, null, null],
      ]),
    );
    expect(event.reservationChanged.lines).toHaveLength(3);
  });

  it("push a kit's new figure when a component changes: once per commit, with the channel buffer kept back per component", async () => {
    await h.product('KEV-M');
    await h.product('KEV-C');
    await h.product('KEV-KIT');
    const { productKitSet } = await app.ok(ProductKitSetDocument, {
      input: {
        sku: 'KEV-KIT',
        components: [
          { sku: 'KEV-M', quantity: '1' },
          { sku: 'KEV-C', quantity: '2' },
        ],
      },
    });
    expect(productKitSet.userErrors).toEqual([]);
    await app.ok(ChannelCreateDocument, {
      input: { code: 'kitbuf', name: 'Kits with a buffer', warehouseCodes: ['PAR'], buffer: '1' },
    });
    await h.receive('PAR', [
      { sku: 'KEV-M', quantity: '10' },
      { sku: 'KEV-C', quantity: '7' },
    ]);
    const levels = collect(client(), StockLevelChangedDocument, {
      skus: ['KEV-KIT'],
      afterSequence: await lastSequence(app),
    });
    const availability = collect(client(), AvailabilityChangedDocument, { skus: ['KEV-KIT'], channel: 'kitbuf' });
    await settle();
    // Kit 3 (min(10, 7/2)); on the channel min(9, 6/2) = 3.
    await reserve('KEV-KIT', '1'); // M 9, C 5: kit 2; channel min(8, 4/2) = 2
    await reserve('KEV-C', '1'); // C 4: kit still 2 (no stock-level event); channel min(8, 3/2) = 1
    // One commit changes both components: one event for the kit, from the final state.
    await h.receive('PAR', [
      { sku: 'KEV-M', quantity: '1' },
      { sku: 'KEV-C', quantity: '10' },
    ]); // M 10, C 14: kit 7; channel min(9, 13/2) = 6
    await levels.waitFor(2);
    await availability.waitFor(3);
    await settle();
    expect(
      levels.events.map((e) => [
        e.stockLevelChanged.sku,
        e.stockLevelChanged.warehouseCode,
        e.stockLevelChanged.stockLevel.available,
        e.stockLevelChanged.delta.available,
      ]),
    ).toEqual([
      ['KEV-KIT', 'PAR', '2', '-1'],
      ['KEV-KIT', 'PAR', '7', '5'],
    ]);
    expect(levels.events[0].stockLevelChanged.cause.kind).toBe('RESERVATION');
    expect(availability.events.map((e) => e.availabilityChanged)).toEqual([
      { sku: 'KEV-KIT', available: '2', warehouses: [{ warehouseCode: 'PAR', available: '2' }] },
      { sku: 'KEV-KIT', available: '1', warehouses: [{ warehouseCode: 'PAR', available: '1' }] },
      { sku: 'KEV-KIT', available: '6', warehouses: [{ warehouseCode: 'PAR', available: '6' }] },
    ]);
  });
});
