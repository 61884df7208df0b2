import { native } from '../helpers/native';
import { companyFootprint, type Json, rawClient } from '../helpers/isolation';

import type * as Loaders from '../../src/modules/loaders';
import { startTestApp, type TestApp } from '../helpers/test-app';
const { createLoaders } = native<typeof Loaders>('src/modules/loaders');

/**
 * Company B has a full set of records (catalog, warehouse, stock, transfer, count, channel,
 * reservation, supplier, purchase order, key, audit entries). A's ADMIN key (the most powerful
 * credential A can hold) must not see any of them through any query family, by id, SKU or code,
 * in lists or nested fields, and must not change any of them through any mutation family.
 */
describe('multi-company isolation', () => {
  let app: TestApp;
  let b: { companyId: string; adminKey: string };
  const ids: Record<string, string> = {};
  let bIds: string[] = [];

  const { gql, ok } = rawClient(() => app);
  const asB = (query: string, variables: Record<string, unknown> = {}) => ok(b.adminKey, query, variables);
  const asA = (query: string, variables: Record<string, unknown> = {}) => gql(app.adminKey, query, variables);
  const footprintOfB = () => companyFootprint(app, b.companyId);

  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    b = await app.createCompany('BETA');
    const uoms = await asB('{ uoms { id name category { id } } }');
    const unit = uoms.uoms.find((u: { name: string }) => u.name === 'Unit');
    ids.uom = unit.id;
    ids.uomCategory = unit.category.id;
    ids.product = (
      await asB(
        'mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } userErrors { code } } }',
        {
          i: { sku: 'BETA-SKU', name: 'Beta thing', uomId: unit.id, tracking: 'LOT' },
        },
      )
    ).productCreate.product.id;
    const warehouse = (
      await asB(
        'mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { warehouse { id locations { id fullName } } userErrors { code } } }',
        {
          i: { code: 'BWH', name: 'Beta warehouse', timeZone: 'UTC' },
        },
      )
    ).warehouseCreate.warehouse;
    ids.warehouse = warehouse.id;
    ids.location = warehouse.locations.find((l: { fullName: string }) => l.fullName === 'BWH/Stock').id;
    const receipt = await asB(
      'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id moves { id } } userErrors { code } } }',
      {
        i: {
          type: 'RECEIPT',
          warehouseCode: 'BWH',
          validate: true,
          lines: [{ sku: 'BETA-SKU', quantity: '50', lot: 'LOT-B' }],
        },
      },
    );
    ids.receipt = receipt.transferCreate.transfer.id;
    ids.move = receipt.transferCreate.transfer.moves[0].id;
    ids.delivery = (
      await asB(
        'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id } userErrors { code } } }',
        {
          i: { type: 'DELIVERY', warehouseCode: 'BWH', lines: [{ sku: 'BETA-SKU', quantity: '1', lot: 'LOT-B' }] },
        },
      )
    ).transferCreate.transfer.id;
    ids.count = (
      await asB(
        'mutation($i: InventoryCountStartInput!) { inventoryCountStart(input: $i) { inventoryCount { id } userErrors { code } } }',
        {
          i: { warehouseCode: 'BWH', skus: ['BETA-SKU'] },
        },
      )
    ).inventoryCountStart.inventoryCount.id;
    ids.channel = (
      await asB(
        'mutation($i: ChannelCreateInput!) { channelCreate(input: $i) { channel { id } userErrors { code } } }',
        {
          i: { code: 'beta-web', name: 'Beta web', warehouseCodes: ['BWH'] },
        },
      )
    ).channelCreate.channel.id;
    ids.reservation = (
      await asB(
        'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }',
        {
          i: { reference: 'beta-cart', channel: 'beta-web', lines: [{ sku: 'BETA-SKU', quantity: '2' }] },
        },
      )
    ).reservationCreate.reservation.id;
    ids.supplier = (
      await asB(
        'mutation($i: SupplierCreateInput!) { supplierCreate(input: $i) { supplier { id } userErrors { code } } }',
        {
          i: { code: 'BSUP', name: 'Beta supplier', currency: 'EUR' },
        },
      )
    ).supplierCreate.supplier.id;
    ids.purchaseOrder = (
      await asB(
        'mutation($i: PurchaseOrderCreateInput!) { purchaseOrderCreate(input: $i) { purchaseOrder { id } userErrors { code } } }',
        {
          i: {
            supplierId: ids.supplier,
            warehouseCode: 'BWH',
            lines: [{ sku: 'BETA-SKU', quantity: '5', unitPrice: '2' }],
          },
        },
      )
    ).purchaseOrderCreate.purchaseOrder.id;
    const [key] = await app.sql<{ id: string }>('select id from api_key where company_id = $1', [b.companyId]);
    ids.apiKey = key.id;
    // Every table with a company and an id (counter tables without ids are covered by the footprint).
    const companyTables = await app.sql<{ t: string }>(
      `select c.table_name t from information_schema.columns c
        join information_schema.columns i on i.table_schema = c.table_schema and i.table_name = c.table_name and i.column_name = 'id'
       where c.table_schema = 'public' and c.column_name = 'company_id'`,
    );
    for (const { t } of companyTables) {
      const rows = await app.sql<{ id: string }>(`select id::text from "${t}" where company_id = $1`, [b.companyId]);
      bIds.push(...rows.map((r) => r.id));
    }
    bIds = [...new Set(bIds)];
    expect(bIds.length).toBeGreaterThan(40);
  }, 120_000);
  afterAll(() => app.close());

  const leaked = (body: unknown) => bIds.filter((id) => JSON.stringify(body).includes(id));

  it("lists, with their nested fields, show none of B's records", async () => {
    const lists = [
      '{ products(first: 100) { edges { node { id sku uom { id category { id } } category { id } } } } }',
      '{ productCategories { id } uoms { id category { id } } uomCategories { id } }',
      '{ warehouses { id code locations { id children { id } } } virtualLocations { id } }',
      '{ stockLevels { product { id } warehouse { id } onHand } }',
      '{ quants(first: 100) { edges { node { id product { id } location { id } } } } }',
      '{ stockMoves(first: 100) { edges { node { id product { id } source { id } destination { id } transfer { id } } } } }',
      '{ transfers(first: 100) { edges { node { id warehouse { id } moves { id } } } } }',
      '{ reservations(first: 100) { totalCount edges { node { id lines { warehouse { id } product { id } } } } } }',
      '{ reservations(first: 100, filter: { sku: "BETA-SKU", channel: "beta-web" }) { totalCount edges { node { id } } } }',
      '{ inventoryCounts(first: 100) { totalCount edges { node { id warehouse { id } } } } }',
      '{ inventoryCounts(first: 100, filter: { warehouseCode: "BWH" }) { totalCount edges { node { id } } } }',
      '{ channels { id warehouses { warehouse { id } } } }',
      '{ suppliers(first: 100) { edges { node { id } } } supplierPrices { id } }',
      '{ purchaseOrders(first: 100) { edges { node { id supplier { id } warehouse { id } } } } vendorBills(first: 100) { edges { node { id } } } }',
      '{ apiKeys { id } auditLog(first: 100) { edges { node { id recordIds } } } viewer { company { id } } }',
    ];
    for (const query of lists) {
      const body = await asA(query);
      expect([query, body.errors]).toEqual([query, undefined]);
      expect([query, leaked(body)]).toEqual([query, []]);
    }
  });

  it('by id, SKU or code: null or NOT_FOUND, exactly as if the record did not exist', async () => {
    const probes: [string, Record<string, unknown>][] = [
      ['query($id: ID) { product(id: $id) { id } }', { id: ids.product }],
      ['{ product(sku: "BETA-SKU") { id } }', {}],
      ['query($id: ID) { warehouse(id: $id) { id } }', { id: ids.warehouse }],
      ['{ warehouse(code: "BWH") { id } }', {}],
      ['query($id: ID!) { transfer(id: $id) { id } }', { id: ids.receipt }],
      ['query($id: ID!) { inventoryCount(id: $id) { id } }', { id: ids.count }],
      ['query($id: ID!) { reservation(id: $id) { id } }', { id: ids.reservation }],
      ['query($id: ID!) { supplier(id: $id) { id } }', { id: ids.supplier }],
      ['query($id: ID!) { purchaseOrder(id: $id) { id } }', { id: ids.purchaseOrder }],
      ['{ stockLevels(skus: ["BETA-SKU"]) { onHand } }', {}],
      ['{ stockLevels(warehouseCodes: ["BWH"]) { onHand } }', {}],
      ['{ availability(skus: ["BETA-SKU"]) { available } }', {}],
      ['{ availability(skus: ["BETA-SKU"], channel: "beta-web") { available } }', {}],
      ['{ availableToPromise(sku: "BETA-SKU", warehouseCode: "BWH", horizonDays: 3) { available } }', {}],
      ['{ promiseDate(sku: "BETA-SKU", channel: "beta-web", quantity: "1") { date } }', {}],
      ['{ lotTrace(sku: "BETA-SKU", lot: "LOT-B") { moves { id } } }', {}],
      ['{ lotTrace(lot: "LOT-B") { moves { id } } }', {}],
      ['{ stockOnHandAt(sku: "BETA-SKU", warehouseCode: "BWH", at: "2100-01-01T00:00:00Z") }', {}],
      ['{ stockReconcile(sku: "BETA-SKU") { ok } }', {}],
      ['query($id: ID!) { stockMoves(first: 5, filter: { productId: $id }) { totalCount } }', { id: ids.product }],
      ['query($id: ID!) { transfers(first: 5, filter: { supplierId: $id }) { totalCount } }', { id: ids.supplier }],
      [
        'query($id: ID!) { transfers(first: 5, filter: { purchaseOrderId: $id }) { totalCount } }',
        { id: ids.purchaseOrder },
      ],
      [
        'query($id: ID!) { reservations(first: 5, filter: { warehouseId: $id }) { totalCount } }',
        { id: ids.warehouse },
      ],
      [
        'query($id: ID!) { inventoryCounts(first: 5, filter: { warehouseId: $id }) { totalCount } }',
        { id: ids.warehouse },
      ],
      ['query($id: ID!) { auditLog(first: 5, filter: { recordId: $id }) { totalCount } }', { id: ids.product }],
    ];
    for (const [query, variables] of probes) {
      const body = await asA(query, variables);
      expect([query, leaked(body)]).toEqual([query, []]);
      const value = body.data ? Object.values(body.data)[0] : null;
      const empty =
        value === null ||
        value === undefined ||
        (Array.isArray(value) && value.length === 0) ||
        // availability answers 0 for a SKU it does not know, the same as for B's SKU
        (Array.isArray(value) && value.every((v) => v.available === '0')) ||
        (typeof value === 'object' && ((value as Json).totalCount === 0 || (value as Json).moves?.length === 0)) ||
        value === '0';
      const notFound = (body.errors ?? []).some((e) =>
        ['NOT_FOUND', 'BAD_USER_INPUT'].includes(e.extensions?.code ?? ''),
      );
      expect([query, empty || notFound]).toEqual([query, true]);
    }
  });

  it("no mutation family changes B's records: every attempt answers NOT_FOUND and B is unchanged", async () => {
    const before = await footprintOfB();
    const attempts: [string, Record<string, unknown>][] = [
      ['mutation($id: ID!) { productArchive(input: { id: $id }) { userErrors { code } } }', { id: ids.product }],
      [
        'mutation($i: ProductUpdateInput!) { productUpdate(input: $i) { userErrors { code } } }',
        { i: { id: ids.product, name: 'x' } },
      ],
      [
        'mutation($i: UomCreateInput!) { uomCreate(input: $i) { userErrors { code } } }',
        { i: { categoryId: ids.uomCategory, name: 'Pack', factor: '6' } },
      ],
      [
        'mutation($i: WarehouseUpdateInput!) { warehouseUpdate(input: $i) { userErrors { code } } }',
        { i: { id: ids.warehouse, name: 'taken over' } },
      ],
      [
        'mutation($i: LocationCreateInput!) { locationCreate(input: $i) { userErrors { code } } }',
        { i: { parentId: ids.location, name: 'Shelf', type: 'INTERNAL' } },
      ],
      [
        'mutation($i: SafetyStockSetInput!) { safetyStockSet(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-SKU', warehouseCode: 'BWH', quantity: '1' } },
      ],
      [
        'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { userErrors { code } } }',
        { i: { type: 'DELIVERY', warehouseCode: 'BWH', lines: [{ sku: 'BETA-SKU', quantity: '1' }] } },
      ],
      [
        'mutation($i: TransferValidateInput!) { transferValidate(input: $i) { userErrors { code } } }',
        { i: { transferId: ids.delivery } },
      ],
      [
        'mutation($id: ID!) { transferCancel(input: { transferId: $id }) { userErrors { code } } }',
        { id: ids.delivery },
      ],
      [
        'mutation($i: ScrapInput!) { scrap(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-SKU', locationId: ids.location, quantity: '1', lot: 'LOT-B' } },
      ],
      [
        'mutation($i: InventoryCountRecordInput!) { inventoryCountRecord(input: $i) { userErrors { code } } }',
        {
          i: {
            countId: ids.count,
            lines: [{ sku: 'BETA-SKU', locationId: ids.location, lot: 'LOT-B', countedQuantity: '1' }],
          },
        },
      ],
      [
        'mutation($i: InventoryCountApplyInput!) { inventoryCountApply(input: $i) { userErrors { code } } }',
        { i: { countId: ids.count } },
      ],
      [
        'mutation($id: ID!) { inventoryCountApprove(input: { countId: $id }) { userErrors { code } } }',
        { id: ids.count },
      ],
      [
        'mutation($id: ID!) { reservationRelease(input: { reservationId: $id }) { userErrors { code } } }',
        { id: ids.reservation },
      ],
      [
        'mutation($i: ReservationExtendInput!) { reservationExtend(input: $i) { userErrors { code } } }',
        { i: { reservationId: ids.reservation, ttlSeconds: 60 } },
      ],
      [
        'mutation($i: ReservationFulfilInput!) { reservationFulfil(input: $i) { userErrors { code } } }',
        { i: { reservationId: ids.reservation } },
      ],
      [
        'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { userErrors { code } } }',
        { i: { reference: 'steal', channel: 'beta-web', lines: [{ sku: 'BETA-SKU', quantity: '1' }] } },
      ],
      [
        'mutation($i: SupplierPriceSetInput!) { supplierPriceSet(input: $i) { userErrors { code } } }',
        { i: { supplierId: ids.supplier, sku: 'BETA-SKU', unitPrice: '1' } },
      ],
      [
        'mutation($i: PurchaseOrderActionInput!) { purchaseOrderConfirm(input: $i) { userErrors { code } } }',
        { i: { purchaseOrderId: ids.purchaseOrder } },
      ],
      [
        'mutation($i: PurchaseOrderActionInput!) { purchaseOrderCancel(input: $i) { userErrors { code } } }',
        { i: { purchaseOrderId: ids.purchaseOrder } },
      ],
      ['mutation($id: ID!) { apiKeyRevoke(input: { id: $id }) { userErrors { code } } }', { id: ids.apiKey }],
    ];
    // Attempts whose answer is not exactly NOT_FOUND.
    const outcomes: [string, string][] = [];
    for (const [query, variables] of attempts) {
      const body = await asA(query, variables);
      const codes = [
        ...(body.errors ?? []).map((e) => e.extensions?.code),
        ...((body.data && (Object.values(body.data)[0] as Json)?.userErrors) ?? []).map(
          (e: { code: string }) => e.code,
        ),
      ];
      if (codes.join(',') !== 'NOT_FOUND') outcomes.push([query, codes.join(',')]);
    }
    expect(outcomes).toEqual([]);
    expect(await footprintOfB()).toEqual(before);
  });

  it("DataLoaders of company A load none of B's rows, even when handed B's ids", async () => {
    const loaders = createLoaders(app.orm.em.fork(), app.companyId);
    expect(await loaders.productById.load(ids.product)).toBeNull();
    expect(await loaders.warehouseById.load(ids.warehouse)).toBeNull();
    expect(await loaders.locationById.load(ids.location)).toBeNull();
    expect(await loaders.transferById.load(ids.receipt)).toBeNull();
    expect(await loaders.movesByTransferId.load(ids.receipt)).toEqual([]);
    expect(await loaders.locationsByWarehouseId.load(ids.warehouse)).toEqual([]);
    expect(await loaders.channelById.load(ids.channel)).toBeNull();
    expect(await loaders.reservationLinesByReservationId.load(ids.reservation)).toEqual([]);
    expect(await loaders.purchaseOrderById.load(ids.purchaseOrder)).toBeNull();
    expect(await loaders.partnerById.load(ids.supplier)).toBeNull();
    // The same loaders for B find them: the ids are real.
    const ofB = createLoaders(app.orm.em.fork(), b.companyId);
    expect((await ofB.productById.load(ids.product))?.sku).toBe('BETA-SKU');
  });
});
