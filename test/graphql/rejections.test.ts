import {
  ChannelCreateDocument,
  InventoryCountApplyDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  ProductArchiveDocument,
  ReservationCreateDocument,
  ReservationExtendDocument,
  SafetyStockSetDocument,
  ScrapDocument,
  TransferCancelDocument,
  TransferCreateDocument,
  TransferReceiveDocument,
  TransferShipDocument,
  UomCategoryCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** Every mutation not covered elsewhere: a rejected input answers its code and changes nothing. */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  await h.product('REJ-1');
  await h.receive('PAR', [{ sku: 'REJ-1', quantity: '5' }]);
});
afterAll(() => app.close());

/** Row counts of every table a mutation may write, to show a refusal wrote nothing. */
async function footprint() {
  const [row] = await app.sql(
    `select (select count(*) from product where active) products, (select count(*) from uom_category) uom_categories,
            (select count(*) from stock_move) moves, (select count(*) from transfer) transfers,
            (select string_agg(state::text, ',' order by id) from transfer) transfer_states,
            (select string_agg(quantity::text, ',' order by id) from quant) quants,
            (select count(*) from safety_stock) safety, (select count(*) from inventory_count_line) count_lines,
            (select string_agg(state::text, ',' order by id) from inventory_count) count_states,
            (select count(*) from channel) channels, (select count(*) from reservation) reservations,
            (select string_agg(coalesce(expires_at::text, '-'), ',' order by id) from reservation) expiries`,
  );
  return row;
}

async function expectRefused(
  run: () => Promise<{ code: string; field: string[] | null }[]>,
  code: string,
  field?: string[],
) {
  const before = await footprint();
  const errors = await run();
  expect(errors).toContainEqual(expect.objectContaining(field ? { code, field } : { code }));
  expect(await footprint()).toEqual(before);
}

describe('refused mutations change nothing', () => {
  it('productArchive of an unknown product', () =>
    expectRefused(
      async () => (await app.ok(ProductArchiveDocument, { id: UNKNOWN })).productArchive.userErrors,
      'NOT_FOUND',
      ['input', 'id'],
    ));

  it('uomCategoryCreate with a taken name', () =>
    expectRefused(
      async () => (await app.ok(UomCategoryCreateDocument, { input: { name: 'Weight' } })).uomCategoryCreate.userErrors,
      'TAKEN',
      ['input', 'name'],
    ));

  it('scrap of more than on hand, and from a virtual location', async () => {
    const stock = await h.location('PAR', 'Stock');
    await expectRefused(
      async () =>
        (await app.ok(ScrapDocument, { input: { sku: 'REJ-1', locationId: stock.id, quantity: '6' } })).scrap
          .userErrors,
      'INSUFFICIENT_STOCK',
    );
    const [supplier] = await app.sql<{ id: string }>("select id from location where type = 'SUPPLIER'");
    await expectRefused(
      async () =>
        (await app.ok(ScrapDocument, { input: { sku: 'REJ-1', locationId: supplier.id, quantity: '1' } })).scrap
          .userErrors,
      'INVALID',
      ['input', 'locationId'],
    );
  });

  it('safetyStockSet with a negative quantity or an unknown SKU', async () => {
    await expectRefused(
      async () =>
        (await app.ok(SafetyStockSetDocument, { input: { sku: 'REJ-1', warehouseCode: 'PAR', quantity: '-1' } }))
          .safetyStockSet.userErrors,
      'INVALID',
      ['input', 'quantity'],
    );
    await expectRefused(
      async () =>
        (await app.ok(SafetyStockSetDocument, { input: { sku: 'NOPE', warehouseCode: 'PAR', quantity: '1' } }))
          .safetyStockSet.userErrors,
      'NOT_FOUND',
    );
  });

  it('transferShip of a one-warehouse transfer, transferReceive of one not shipped, transferCancel of a done one', async () => {
    const local = await app.ok(TransferCreateDocument, {
      input: { type: 'DELIVERY', warehouseCode: 'PAR', lines: [{ sku: 'REJ-1', quantity: '1' }] },
    });
    const id = local.transferCreate.transfer!.id;
    await expectRefused(
      async () => (await app.ok(TransferShipDocument, { input: { transferId: id } })).transferShip.userErrors,
      'INVALID_STATE',
    );
    await expectRefused(
      async () => (await app.ok(TransferReceiveDocument, { input: { transferId: id } })).transferReceive.userErrors,
      'INVALID_STATE',
    );
    const done = await h.receive('PAR', [{ sku: 'REJ-1', quantity: '1' }]);
    await expectRefused(
      async () => (await app.ok(TransferCancelDocument, { transferId: done.id })).transferCancel.userErrors,
      'INVALID_STATE',
    );
  });

  it('inventory counts: recording an unknown count, applying a done count', async () => {
    const stock = await h.location('PAR', 'Stock');
    await expectRefused(
      async () =>
        (
          await app.ok(InventoryCountRecordDocument, {
            input: { countId: UNKNOWN, lines: [{ sku: 'REJ-1', locationId: stock.id, countedQuantity: '1' }] },
          })
        ).inventoryCountRecord.userErrors,
      'NOT_FOUND',
      ['input', 'countId'],
    );
    const start = await app.ok(InventoryCountStartDocument, { input: { warehouseCode: 'PAR', skus: ['REJ-1'] } });
    const countId = start.inventoryCountStart.inventoryCount!.id;
    await app.ok(InventoryCountApplyDocument, { input: { countId } });
    await expectRefused(
      async () => (await app.ok(InventoryCountApplyDocument, { input: { countId } })).inventoryCountApply.userErrors,
      'INVALID_STATE',
    );
    await expectRefused(
      async () =>
        (
          await app.ok(InventoryCountRecordDocument, {
            input: { countId, lines: [{ sku: 'REJ-1', locationId: stock.id, countedQuantity: '-1' }] },
          })
        ).inventoryCountRecord.userErrors,
      'INVALID',
      ['input', 'lines', '0', 'countedQuantity'],
    );
  });

  it('channelCreate with an unknown warehouse or a taken code', async () => {
    await expectRefused(
      async () =>
        (await app.ok(ChannelCreateDocument, { input: { code: 'x', name: 'X', warehouseCodes: ['NOPE'] } }))
          .channelCreate.userErrors,
      'NOT_FOUND',
      ['input', 'warehouseCodes'],
    );
    await expectRefused(
      async () =>
        (await app.ok(ChannelCreateDocument, { input: { code: 'web', name: 'Web again', warehouseCodes: ['PAR'] } }))
          .channelCreate.userErrors,
      'TAKEN',
      ['input', 'code'],
    );
  });

  it('reservationExtend without a new expiry, or with both forms', async () => {
    const { reservationCreate } = await app.ok(ReservationCreateDocument, {
      input: { reference: 'rej', ttlSeconds: 600, lines: [{ sku: 'REJ-1', quantity: '1', warehouseCode: 'PAR' }] },
    });
    const reservationId = reservationCreate.reservation!.id;
    await expectRefused(
      async () => (await app.ok(ReservationExtendDocument, { input: { reservationId } })).reservationExtend.userErrors,
      'INVALID',
    );
    await expectRefused(
      async () =>
        (
          await app.ok(ReservationExtendDocument, {
            input: { reservationId, ttlSeconds: 60, expiresAt: new Date(Date.now() + 3600_000).toISOString() },
          })
        ).reservationExtend.userErrors,
      'INVALID',
    );
  });
});

describe('other stock paths under concurrency', () => {
  it('10 concurrent scraps of 1 against 4 on hand: exactly 4 succeed', async () => {
    await h.product('REJ-SCRAP');
    await h.receive('LYO', [{ sku: 'REJ-SCRAP', quantity: '4' }]);
    const stock = await h.location('LYO', 'Stock');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.gql(ScrapDocument, { input: { sku: 'REJ-SCRAP', locationId: stock.id, quantity: '1' } }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.filter((r) => r.data!.scrap.move)).toHaveLength(4);
    expect(await h.level('REJ-SCRAP', 'LYO')).toMatchObject({ onHand: '0' });
  });
});
