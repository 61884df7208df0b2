import {
  ChannelCreateDocument,
  InventoryCountApplyDocument,
  InventoryCountRecordDocument,
  InventoryCountsDocument,
  InventoryCountStartDocument,
  PurchaseOrderReceiveDocument,
  ReservationCreateDocument,
  ReservationReleaseDocument,
  ReservationsDocument,
  TransfersDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Issue 19, item 5: the lists an internal frontend needs, paged like the others. Each of these
 * queries (reservations, inventoryCounts) or filters (transfers by type, state, supplier, order,
 * reference, dates, backorder) did not exist before.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;

beforeAll(async () => {
  app = await startTestApp();
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  for (const sku of ['LST-A', 'LST-B']) await h.product(sku);
});
afterAll(() => app.close());

const names = (connection: { edges: { node: { name: string } }[] }) => connection.edges.map((e) => e.node.name);

describe('transfers', () => {
  it('finds the done receipts of a supplier and of one purchase order, by type, state, dates and backorder', async () => {
    const supplierId = (await p.supplier('LSTSUP')).id;
    const other = (await p.supplier('LSTOTHER')).id;
    for (const s of [supplierId, other]) await p.price({ supplierId: s, sku: 'LST-A', unitPrice: '2' });
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'LST-A', quantity: '10' }]);
    const otherPo = await p.confirmedOrder(other, 'PAR', [{ sku: 'LST-A', quantity: '5' }]);
    const before = new Date();
    // Part of the order: the rest waits in a backorder receipt.
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '4' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    const delivery = await h.receive('PAR', [{ sku: 'LST-B', quantity: '3' }]);

    const list = async (filter: object) => (await app.ok(TransfersDocument, { filter, first: 50 })).transfers;

    const ofSupplier = await list({ supplierId });
    expect(ofSupplier.totalCount).toBe(2);
    expect(ofSupplier.edges.map((e) => [e.node.state, !!e.node.backorderOf])).toEqual([
      ['READY', true],
      ['DONE', false],
    ]);
    const done = await list({ supplierId, types: ['RECEIPT'], states: ['DONE'] });
    expect(done.totalCount).toBe(1);
    const [doneReceipt] = done.edges.map((e) => e.node);
    expect((await list({ purchaseOrderId: po.id, states: ['DONE'] })).edges.map((e) => e.node.id)).toEqual([
      doneReceipt.id,
    ]);
    expect((await list({ purchaseOrderId: otherPo.id })).totalCount).toBe(1);
    expect((await list({ supplierId, backorder: true })).edges.map((e) => e.node.backorderOf?.id)).toEqual([
      doneReceipt.id,
    ]);
    expect((await list({ backorderOfId: doneReceipt.id })).totalCount).toBe(1);
    expect(names(await list({ name: delivery.name }))).toEqual([delivery.name]);
    expect((await list({ doneFrom: before.toISOString(), types: ['RECEIPT'] })).totalCount).toBe(2);
    expect((await list({ supplierId, doneTo: before.toISOString(), types: ['RECEIPT'] })).totalCount).toBe(0);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).totalCount).toBe(0);
    expect((await list({ supplierId, warehouseCode: 'lyo' })).totalCount).toBe(0);
    expect((await list({ supplierId, warehouseCode: 'par' })).totalCount).toBe(2);
    // An unknown id matches nothing; one that is not an id is refused, naming the field (issue 18).
    expect((await list({ supplierId: '00000000-0000-4000-8000-000000000000' })).totalCount).toBe(0);
    const malformed = await app.gql(TransfersDocument, { filter: { supplierId: 'nope' } });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'supplierId'] });
  });

  it('pages with cursors like the other connections', async () => {
    const first = (await app.ok(TransfersDocument, { filter: { types: ['RECEIPT'] }, first: 1 })).transfers;
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await app.ok(TransfersDocument, { filter: { types: ['RECEIPT'] }, first: 1, after: first.pageInfo.endCursor })
    ).transfers;
    expect(next.edges[0].node.id).not.toBe(first.edges[0].node.id);
    expect(next.totalCount).toBe(first.totalCount);
  });
});

describe('reservations', () => {
  it('lists by effective state, channel, reference, SKU, warehouse and dates, newest first', async () => {
    await h.receive('PAR', [{ sku: 'LST-A', quantity: '50' }]);
    await h.receive('LYO', [{ sku: 'LST-B', quantity: '50' }]);
    await app.ok(ChannelCreateDocument, {
      input: { code: 'lst-web', name: 'List web', warehouseCodes: ['PAR', 'LYO'] },
    });
    const reserve = async (reference: string, sku: string, warehouseCode: string, ttlSeconds?: number) => {
      const { reservationCreate } = await app.ok(ReservationCreateDocument, {
        input: { reference, channel: 'lst-web', ttlSeconds, lines: [{ sku, quantity: '1', warehouseCode }] },
      });
      expect(reservationCreate.userErrors).toEqual([]);
      return reservationCreate.reservation!;
    };
    const a = await reserve('lst-1', 'LST-A', 'PAR');
    const b = await reserve('lst-2', 'LST-B', 'LYO');
    const released = await reserve('lst-3', 'LST-A', 'PAR');
    await app.ok(ReservationReleaseDocument, { reservationId: released.id });
    const lapsed = await reserve('lst-4', 'LST-A', 'PAR', 60);
    // Past its expiry but not swept yet: effectiveState reads EXPIRED, and so does the filter.
    await app.sql(`update reservation set expires_at = now() - interval '1 second' where id = $1`, [lapsed.id]);
    await app.sql(`update reservation_line set expires_at = now() - interval '1 second' where reservation_id = $1`, [
      lapsed.id,
    ]);

    const list = async (filter: object) =>
      (await app.ok(ReservationsDocument, { filter, first: 50 })).reservations.edges.map((e) => e.node.reference);
    expect(await list({ channel: 'lst-web' })).toEqual(['lst-4', 'lst-3', 'lst-2', 'lst-1']);
    expect(await list({ channel: 'lst-web', states: ['ACTIVE'] })).toEqual(['lst-2', 'lst-1']);
    expect(await list({ channel: 'lst-web', states: ['EXPIRED'] })).toEqual(['lst-4']);
    expect(await list({ channel: 'lst-web', states: ['RELEASED', 'EXPIRED'] })).toEqual(['lst-4', 'lst-3']);
    expect(await list({ reference: 'lst-2' })).toEqual(['lst-2']);
    expect(await list({ sku: 'LST-A', states: ['ACTIVE'] })).toEqual(['lst-1']);
    expect(await list({ channel: 'lst-web', warehouseCode: 'lyo' })).toEqual(['lst-2']);
    expect(await list({ sku: 'LST-A', warehouseCode: 'LYO' })).toEqual([]);
    expect(await list({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await list({ channel: 'nope' })).toEqual([]);
    expect(a.id).toBeTruthy();
    expect(b.id).toBeTruthy();

    const page = (await app.ok(ReservationsDocument, { filter: { channel: 'lst-web' }, first: 3 })).reservations;
    expect(page).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const rest = (
      await app.ok(ReservationsDocument, { filter: { channel: 'lst-web' }, first: 3, after: page.pageInfo.endCursor })
    ).reservations;
    expect(rest.edges.map((e) => e.node.reference)).toEqual(['lst-1']);
  });

  it('is refused to a partner or buyer key, like reservation', async () => {
    for (const role of ['PARTNER', 'BUYER'] as const) {
      const body = await app.as(await app.createKey([role])).gql(ReservationsDocument, {});
      expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const storefront = await app.as(await app.createKey(['STOREFRONT'])).gql(ReservationsDocument, {});
    expect(storefront.errors).toBeUndefined();
  });
});

describe('inventoryCounts', () => {
  it('lists the counts awaiting approval, by warehouse', async () => {
    const from = new Date().toISOString();
    await h.receive('LYO', [{ sku: 'LST-A', quantity: '500' }]);
    const start = await app.ok(InventoryCountStartDocument, { input: { warehouseCode: 'LYO', skus: ['LST-A'] } });
    const count = start.inventoryCountStart.inventoryCount!;
    await app.ok(InventoryCountRecordDocument, {
      input: {
        countId: count.id,
        lines: [{ sku: 'LST-A', locationId: count.lines[0].location.id, countedQuantity: '300' }],
      },
    });
    const applied = await app.ok(InventoryCountApplyDocument, { input: { countId: count.id } });
    expect(applied.inventoryCountApply.inventoryCount!.state).toBe('TO_APPROVE');
    await app.ok(InventoryCountStartDocument, { input: { warehouseCode: 'PAR', skus: ['LST-A'] } });

    const list = async (filter: object) =>
      (await app.ok(InventoryCountsDocument, { filter: { from, ...filter } })).inventoryCounts;
    expect(names(await list({ states: ['TO_APPROVE'] }))).toEqual([count.name]);
    expect((await list({ states: ['TO_APPROVE'], warehouseCode: 'PAR' })).totalCount).toBe(0);
    expect((await list({ warehouseCode: 'par' })).totalCount).toBe(1);
    expect((await list({ states: ['IN_PROGRESS', 'TO_APPROVE'] })).totalCount).toBe(2);
    const body = await app.as(await app.createKey(['BUYER'])).gql(InventoryCountsDocument, {});
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
