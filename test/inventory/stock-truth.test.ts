import {
  ChannelCreateDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  LocationCreateDocument,
  ProductUpdateDocument,
  PurchaseOrderReceiveDocument,
  TruthAtpDocument,
  TruthAvailabilityDocument,
  TruthCountApplyDocument,
  TruthFulfilDocument,
  TruthLevelsDocument,
  TruthPromiseDocument,
  TruthReconcileDocument,
  TruthReservationDocument,
  TruthReserveDocument,
  TruthScrapDocument,
  TruthShortagesDocument,
  TruthTransferDocument,
  TruthValidateDocument,
  WarehouseCreateDocument,
  WarehouseUpdateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

// One test per case of issue 17 ("One stock truth"); each failed on the main before it
// (availability promised what fulfilment and deliveries then refused, or a loss went unflagged).
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
const DAY = 86_400_000;
const at = (n: number) => new Date(Date.now() + n * DAY).toISOString();

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
});
afterAll(() => app.close());

async function level(sku: string, warehouseCode: string) {
  const { stockLevels } = await app.ok(TruthLevelsDocument, { skus: [sku], warehouseCodes: [warehouseCode] });
  return stockLevels[0];
}

async function available(sku: string, channel?: string) {
  const { availability } = await app.ok(TruthAvailabilityDocument, { skus: [sku], channel });
  return availability[0];
}

async function reserve(sku: string, quantity: string, options: { warehouseCode?: string; channel?: string } = {}) {
  const { reservationCreate } = await app.ok(TruthReserveDocument, {
    input: {
      reference: `${sku}-${quantity}-${Math.random().toString(36).slice(2, 8)}`,
      channel: options.channel,
      lines: [{ sku, quantity, warehouseCode: options.warehouseCode }],
    },
  });
  return reservationCreate;
}

async function fulfil(reservationId: string, validate?: boolean) {
  return (await app.ok(TruthFulfilDocument, { input: { reservationId, validate } })).reservationFulfil;
}

describe('one stock truth: what availability promises, the warehouse can ship', () => {
  it('1. goods received on a purchase order can be sold and shipped at once (one-step receipt into Stock)', async () => {
    const product = await h.product('TRUTH-PO');
    const supplier = await p.supplier('TRUTHSUP');
    const order = await p.confirmedOrder(supplier.id, 'PAR', [
      { productId: product.id, quantity: '12', unitPrice: '2', expectedDate: at(2) },
    ]);
    expect(await level('TRUTH-PO', 'PAR')).toMatchObject({ incoming: '12', available: '0' });
    const { purchaseOrderReceive } = await p.as('clerk', PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: order.id, lines: [{ lineId: order.lines[0].id, quantity: '12' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    expect(await level('TRUTH-PO', 'PAR')).toMatchObject({ onHand: '12', pickable: '12', available: '12' });
    expect((await available('TRUTH-PO')).available).toBe('12');
    const made = await reserve('TRUTH-PO', '12', { warehouseCode: 'PAR' });
    expect(made.userErrors).toEqual([]);
    const done = await fulfil(made.reservation!.id);
    expect(done.userErrors).toEqual([]);
    expect(done.deliveries.map((d) => d.state)).toEqual(['DONE']);
    expect(await level('TRUTH-PO', 'PAR')).toMatchObject({ onHand: '0', available: '0', reserved: '0' });
  });

  it('1b. goods received into Input are not available; a put-away is incoming until it is done', async () => {
    await h.product('TRUTH-IN');
    const input = await h.location('PAR', 'Input');
    const stock = await h.location('PAR', 'Stock');
    const receipt = await app.ok(TruthTransferDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        destinationLocationId: input.id,
        validate: true,
        lines: [{ sku: 'TRUTH-IN', quantity: '8' }],
      },
    });
    expect(receipt.transferCreate.userErrors).toEqual([]);
    expect(await level('TRUTH-IN', 'PAR')).toMatchObject({ onHand: '8', pickable: '0', available: '0' });
    expect((await reserve('TRUTH-IN', '1', { warehouseCode: 'PAR' })).userErrors[0]).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
    });
    const putAway = await app.ok(TruthTransferDocument, {
      input: {
        type: 'INTERNAL',
        warehouseCode: 'PAR',
        sourceLocationId: input.id,
        destinationLocationId: stock.id,
        lines: [{ sku: 'TRUTH-IN', quantity: '8' }],
      },
    });
    expect(await level('TRUTH-IN', 'PAR')).toMatchObject({ incoming: '8', available: '0', forecast: '8' });
    await app.ok(TruthValidateDocument, { input: { transferId: putAway.transferCreate.transfer!.id } });
    expect(await level('TRUTH-IN', 'PAR')).toMatchObject({ incoming: '0', pickable: '8', available: '8' });
  });

  it('2. stock in a child bin of Stock is reserved, fulfilled and delivered from the bin (FIFO over the bins)', async () => {
    const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
      input: { code: 'AUD', name: 'Audit', timeZone: 'Europe/Paris' },
    });
    expect(warehouseCreate.userErrors).toEqual([]);
    const stock = await h.location('AUD', 'Stock');
    const bin = async (name: string) => {
      const { locationCreate } = await app.ok(LocationCreateDocument, {
        input: { parentId: stock.id, name, type: 'INTERNAL' },
      });
      expect(locationCreate.location).toMatchObject({ sellable: true, fullName: `AUD/Stock/${name}` });
      return locationCreate.location!;
    };
    const shelfA = await bin('Shelf-A');
    const shelfB = await bin('Shelf-B');
    await h.product('TRUTH-BIN');
    const receiveInto = (locationId: string, quantity: string) =>
      app.ok(TruthTransferDocument, {
        input: {
          type: 'RECEIPT',
          warehouseCode: 'AUD',
          destinationLocationId: locationId,
          validate: true,
          lines: [{ sku: 'TRUTH-BIN', quantity }],
        },
      });
    await receiveInto(shelfA.id, '5');
    await receiveInto(shelfB.id, '4');
    expect(await level('TRUTH-BIN', 'AUD')).toMatchObject({ pickable: '9', available: '9' });
    const made = await reserve('TRUTH-BIN', '5', { warehouseCode: 'AUD' });
    expect(made.userErrors).toEqual([]);
    const done = await fulfil(made.reservation!.id);
    expect(done.userErrors).toEqual([]);
    // A plain delivery from AUD/Stock picks the rest from Shelf-B.
    const delivery = await h.deliver('AUD', [{ sku: 'TRUTH-BIN', quantity: '4' }]);
    expect(delivery.userErrors).toEqual([]);
    const quants = await app.sql<{ name: string; quantity: string }>(
      `select l.full_name as name, trim_scale(q.quantity)::text as quantity from quant q
         join location l on l.id = q.location_id join product p on p.id = q.product_id
        where p.sku = 'TRUTH-BIN' and l.warehouse_id is not null order by 1`,
    );
    expect(quants).toEqual([
      { name: 'AUD/Stock/Shelf-A', quantity: '0' },
      { name: 'AUD/Stock/Shelf-B', quantity: '0' },
    ]);
    // Shelf-A's 5 arrived first: the reservation's delivery took them (FIFO).
    const moves = await app.sql<{ name: string; quantity: string }>(
      `select l.full_name as name, trim_scale(m.quantity)::text as quantity from stock_move m
         join location l on l.id = m.source_id join product p on p.id = m.product_id
        where p.sku = 'TRUTH-BIN' and m.state = 'DONE' and l.warehouse_id is not null order by m.created_at`,
    );
    expect(moves).toEqual([
      { name: 'AUD/Stock/Shelf-A', quantity: '5' },
      { name: 'AUD/Stock/Shelf-B', quantity: '4' },
    ]);
  });

  it('3. a confirmed delivery holds its stock (committed): availability subtracts it and it can still be validated', async () => {
    await h.product('TRUTH-OUT');
    await h.receive('PAR', [{ sku: 'TRUTH-OUT', quantity: '10' }]);
    const planned = await app.ok(TruthTransferDocument, {
      input: { type: 'DELIVERY', warehouseCode: 'PAR', lines: [{ sku: 'TRUTH-OUT', quantity: '10' }] },
    });
    expect(planned.transferCreate.userErrors).toEqual([]);
    expect(await level('TRUTH-OUT', 'PAR')).toMatchObject({ onHand: '10', committed: '10', available: '0' });
    expect((await available('TRUTH-OUT')).available).toBe('0');
    expect((await reserve('TRUTH-OUT', '10', { warehouseCode: 'PAR' })).userErrors[0]).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      quantityAvailable: '0',
    });
    const { transferValidate } = await app.ok(TruthValidateDocument, {
      input: { transferId: planned.transferCreate.transfer!.id },
    });
    expect(transferValidate.userErrors).toEqual([]);
    expect(await level('TRUTH-OUT', 'PAR')).toMatchObject({ onHand: '0', committed: '0', short: '0' });
  });

  it('3b. fulfilling without validating moves the hold from the reservation to the delivery, never twice', async () => {
    await h.product('TRUTH-MOVE');
    await h.receive('PAR', [{ sku: 'TRUTH-MOVE', quantity: '10' }]);
    const made = await reserve('TRUTH-MOVE', '6', { warehouseCode: 'PAR' });
    expect(await level('TRUTH-MOVE', 'PAR')).toMatchObject({ reserved: '6', committed: '0', available: '4' });
    const done = await fulfil(made.reservation!.id, false);
    expect(done.userErrors).toEqual([]);
    expect(done.deliveries.map((d) => d.state)).toEqual(['READY']);
    expect(await level('TRUTH-MOVE', 'PAR')).toMatchObject({ reserved: '0', committed: '6', available: '4' });
    await app.ok(TruthValidateDocument, { input: { transferId: done.deliveries[0].id } });
    expect(await level('TRUTH-MOVE', 'PAR')).toMatchObject({ onHand: '4', committed: '0', available: '4' });
  });

  it('4. losses on reserved stock are refused (RESERVED_STOCK) unless forced, and forced ones make the reservations SHORT', async () => {
    await h.product('TRUTH-LOSS');
    await h.receive('PAR', [{ sku: 'TRUTH-LOSS', quantity: '100' }]);
    const made = await reserve('TRUTH-LOSS', '100', { warehouseCode: 'PAR' });
    const id = made.reservation!.id;
    const stock = await h.location('PAR', 'Stock');
    const damaged = await h.location('PAR', 'Damaged');
    const before = await level('TRUTH-LOSS', 'PAR');

    const scrap = await app.ok(TruthScrapDocument, {
      input: { sku: 'TRUTH-LOSS', locationId: stock.id, quantity: '10' },
    });
    expect(scrap.scrap.userErrors[0]).toMatchObject({ code: 'RESERVED_STOCK', quantityAvailable: '0' });
    expect(scrap.scrap.userErrors[0].message).toContain(made.reservation ? 'TRUTH-LOSS-100' : '');
    const damage = await app.ok(TruthTransferDocument, {
      input: {
        type: 'INTERNAL',
        warehouseCode: 'PAR',
        sourceLocationId: stock.id,
        destinationLocationId: damaged.id,
        validate: true,
        lines: [{ sku: 'TRUTH-LOSS', quantity: '10' }],
      },
    });
    expect(damage.transferCreate.userErrors[0]).toMatchObject({ code: 'RESERVED_STOCK' });
    const { inventoryCountStart } = await app.ok(InventoryCountStartDocument, {
      input: { warehouseCode: 'PAR', skus: ['TRUTH-LOSS'] },
    });
    const countId = inventoryCountStart.inventoryCount!.id;
    await app.ok(InventoryCountRecordDocument, {
      input: { countId, lines: [{ sku: 'TRUTH-LOSS', locationId: stock.id, countedQuantity: '90' }] },
    });
    const count = await app.ok(TruthCountApplyDocument, { input: { countId } });
    expect(count.inventoryCountApply.userErrors[0]).toMatchObject({ code: 'RESERVED_STOCK' });
    expect(await level('TRUTH-LOSS', 'PAR')).toEqual(before);

    // force needs a reason; with one, the loss is accepted and the reservation gives up 10.
    const noReason = await app.ok(TruthScrapDocument, {
      input: { sku: 'TRUTH-LOSS', locationId: stock.id, quantity: '10', force: true },
    });
    expect(noReason.scrap.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'reasonCode'] });
    const forced = await app.ok(TruthScrapDocument, {
      input: { sku: 'TRUTH-LOSS', locationId: stock.id, quantity: '10', force: true, reasonCode: 'BROKEN' },
    });
    expect(forced.scrap.userErrors).toEqual([]);
    expect(await level('TRUTH-LOSS', 'PAR')).toMatchObject({
      onHand: '90',
      pickable: '90',
      reserved: '90',
      short: '0',
      available: '0',
    });
    const { reservation } = await app.ok(TruthReservationDocument, { id });
    expect(reservation).toMatchObject({ state: 'SHORT', lines: [{ quantity: '90', shortQuantity: '10' }] });
    const { stockShortages } = await app.ok(TruthShortagesDocument, { skus: ['TRUTH-LOSS'] });
    expect(stockShortages).toEqual([
      expect.objectContaining({
        sku: 'TRUTH-LOSS',
        warehouseCode: 'PAR',
        reservations: [expect.objectContaining({ reservationId: id, shortQuantity: '10', held: '90' })],
      }),
    ]);
    const { stockReconcile } = await app.ok(TruthReconcileDocument, { sku: 'TRUTH-LOSS' });
    expect(stockReconcile).toMatchObject({ ok: false, differences: [], shortages: [{ warehouseCode: 'PAR' }] });
    // The change reached the outbox, so reservationChanged pushes it.
    const events = await app.sql<{ state: string }>(
      `select payload->>'state' as state from stock_event where kind = 'RESERVATION' and entity_id = $1 order by sequence`,
      [id],
    );
    expect(events.map((e) => e.state)).toEqual(['ACTIVE', 'SHORT']);
    // What it still holds can be shipped.
    const done = await fulfil(id);
    expect(done.userErrors).toEqual([]);
    expect(done.reservation!.state).toBe('FULFILLED');
    expect((await app.ok(TruthShortagesDocument, { skus: ['TRUTH-LOSS'] })).stockShortages).toEqual([]);
  });

  it('4b. a confirmed delivery beyond the stock waits for it, flagged short, and never takes reserved stock', async () => {
    await h.product('TRUTH-WAIT');
    await h.receive('PAR', [{ sku: 'TRUTH-WAIT', quantity: '10' }]);
    await reserve('TRUTH-WAIT', '6', { warehouseCode: 'PAR' });
    const planned = await app.ok(TruthTransferDocument, {
      input: { type: 'DELIVERY', warehouseCode: 'PAR', lines: [{ sku: 'TRUTH-WAIT', quantity: '7' }] },
    });
    expect(planned.transferCreate.userErrors).toEqual([]);
    expect(await level('TRUTH-WAIT', 'PAR')).toMatchObject({ reserved: '6', committed: '7', short: '3' });
    const { stockShortages } = await app.ok(TruthShortagesDocument, { skus: ['TRUTH-WAIT'] });
    expect(stockShortages).toEqual([
      expect.objectContaining({ short: '3', transfers: [planned.transferCreate.transfer!.name] }),
    ]);
    const full = await app.ok(TruthValidateDocument, { input: { transferId: planned.transferCreate.transfer!.id } });
    expect(full.transferValidate.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '0' });
  });

  it('5. a deactivated warehouse is neither available nor reservable', async () => {
    await h.product('TRUTH-OFF');
    const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
      input: { code: 'OFF', name: 'Closing', timeZone: 'Europe/Paris' },
    });
    await h.receive('OFF', [{ sku: 'TRUTH-OFF', quantity: '7' }]);
    expect((await available('TRUTH-OFF')).available).toBe('7');
    await app.ok(WarehouseUpdateDocument, { input: { id: warehouseCreate.warehouse!.id, active: false } });
    const entry = await available('TRUTH-OFF');
    expect(entry.available).toBe('0');
    expect(entry.warehouses.map((w) => w.warehouseCode)).not.toContain('OFF');
    expect((await reserve('TRUTH-OFF', '1')).userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await level('TRUTH-OFF', 'OFF')).toMatchObject({ onHand: '7', pickable: '0', available: '0' });
  });

  it('6. promiseDate and ATP honour the channel buffer, and a day does not depend on the horizon asked', async () => {
    await h.product('TRUTH-ATP');
    await app.ok(ChannelCreateDocument, {
      input: { code: 'truthmkt', name: 'Marketplace', warehouseCodes: ['PAR'], buffer: '5' },
    });
    await h.receive('PAR', [{ sku: 'TRUTH-ATP', quantity: '90' }]);
    expect((await available('TRUTH-ATP', 'truthmkt')).available).toBe('85');
    const promise = async (quantity: string) =>
      (await app.ok(TruthPromiseDocument, { sku: 'TRUTH-ATP', quantity, channel: 'truthmkt' })).promiseDate;
    expect(await promise('85')).toMatchObject({ date: at(0).slice(0, 10) });
    expect(await promise('90')).toBeNull();
    expect((await reserve('TRUTH-ATP', '88', { channel: 'truthmkt' })).userErrors[0]).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      quantityAvailable: '85',
    });
    // A delivery due in 3 days: today's figure is the same whatever the horizon.
    await app.ok(TruthTransferDocument, {
      input: {
        type: 'DELIVERY',
        warehouseCode: 'PAR',
        expectedDate: at(3),
        lines: [{ sku: 'TRUTH-ATP', quantity: '58' }],
      },
    });
    const today = async (horizonDays: number) =>
      (await app.ok(TruthAtpDocument, { sku: 'TRUTH-ATP', warehouseCode: 'PAR', horizonDays, channel: 'truthmkt' }))
        .availableToPromise[0].atp;
    const figures = await Promise.all([0, 1, 2, 3, 5, 30].map(today));
    expect(new Set(figures)).toEqual(new Set(['27']));
    expect((await available('TRUTH-ATP', 'truthmkt')).available).toBe('27');
    expect(await promise('27')).toMatchObject({ date: at(0).slice(0, 10) });
    expect(await promise('28')).toBeNull();
  });

  it('7. a product with stock or open moves keeps its unit and tracking (IN_USE)', async () => {
    const product = await h.product('TRUTH-UOM');
    await h.receive('PAR', [{ sku: 'TRUTH-UOM', quantity: '108' }]);
    const dozen = await h.uomId('Dozen');
    const uom = await app.ok(ProductUpdateDocument, { input: { id: product.id, uomId: dozen } });
    expect(uom.productUpdate.userErrors[0]).toMatchObject({ code: 'IN_USE', field: ['input', 'uomId'] });
    const tracking = await app.ok(ProductUpdateDocument, { input: { id: product.id, tracking: 'SERIAL' } });
    expect(tracking.productUpdate.userErrors[0]).toMatchObject({ code: 'IN_USE', field: ['input', 'tracking'] });
    // Once nothing is left and nothing is open, the unit may change.
    await h.deliver('PAR', [{ sku: 'TRUTH-UOM', quantity: '108' }]);
    const later = await app.ok(ProductUpdateDocument, { input: { id: product.id, uomId: dozen } });
    expect(later.productUpdate.userErrors).toEqual([]);
  });

  it('concurrent reservations and losses never leave a reservation uncovered', async () => {
    await h.product('TRUTH-RACE');
    await h.receive('PAR', [{ sku: 'TRUTH-RACE', quantity: '100' }]);
    const stock = await h.location('PAR', 'Stock');
    // 20 clients reserve 5 each while 8 scrap 10 each: whatever interleaving, what is reserved
    // stays within the pickable stock, and a scrap is refused only when it would take held stock.
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => reserve('TRUTH-RACE', '5', { warehouseCode: 'PAR' })),
      ...Array.from({ length: 8 }, () =>
        app.ok(TruthScrapDocument, { input: { sku: 'TRUTH-RACE', locationId: stock.id, quantity: '10' } }),
      ),
    ]);
    const reserved = results.slice(0, 20).filter((r) => 'reservation' in r && r.reservation).length;
    const scrapped = results
      .slice(20)
      .filter((r) => 'scrap' in r && (r as { scrap: { userErrors: unknown[] } }).scrap.userErrors.length === 0).length;
    for (const r of results.slice(20) as { scrap: { userErrors: { code: string }[] } }[]) {
      for (const e of r.scrap.userErrors) expect(e.code).toBe('RESERVED_STOCK');
    }
    expect(reserved * 5 + scrapped * 10).toBeLessThanOrEqual(100);
    expect(await level('TRUTH-RACE', 'PAR')).toMatchObject({
      pickable: String(100 - scrapped * 10),
      reserved: String(reserved * 5),
      short: '0',
    });
  });
});
