import { companyFootprint, type Json, rawClient } from '../helpers/isolation';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Purchasing (and the stock operations it leans on) across companies. Company B has suppliers,
 * prices, purchase orders in every open state, a bill on hold, reorder rules, transfers between
 * its warehouses and goods in quality hold. A's ADMIN key (the most A can hold) must not see any
 * of it by id, SKU or code, in lists or nested fields, and must not change any of it: every
 * attempt answers NOT_FOUND and B's rows are byte for byte the same afterwards.
 */
describe('multi-company isolation: purchasing, replenishment, transfers, quality', () => {
  let app: TestApp;
  let b: { companyId: string; adminKey: string };
  let bApprover: string;
  const ids: Record<string, string> = {};
  let bIds: string[] = [];

  const { gql, ok } = rawClient(() => app);
  const as =
    (key: string) =>
    (query: string, variables: Record<string, unknown> = {}) =>
      ok(key, query, variables);
  const asA = (query: string, variables: Record<string, unknown> = {}) => gql(app.adminKey, query, variables);
  const footprintOfB = () => companyFootprint(app, b.companyId);

  const PO =
    'mutation($i: PurchaseOrderCreateInput!) { purchaseOrderCreate(input: $i) { purchaseOrder { id lines { id } } userErrors { code } } }';
  const CONFIRM =
    'mutation($i: PurchaseOrderActionInput!) { purchaseOrderConfirm(input: $i) { purchaseOrder { state } userErrors { code } } }';

  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    b = await app.createCompany('BETA');
    bApprover = await app.createKey(['ADMIN'], { companyId: b.companyId, name: 'beta approver' });
    const asB = as(b.adminKey);
    const uoms = await asB('{ uoms { id name } }');
    const unit = uoms.uoms.find((u: { name: string }) => u.name === 'Unit').id;
    const product = (sku: string, extra: object = {}) =>
      asB('mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } userErrors { code } } }', {
        i: { sku, name: sku, uomId: unit, ...extra },
      });
    await product('BETA-SKU');
    await product('BETA-QC', { requiresInspection: true });
    for (const code of ['BWH', 'BWX']) {
      await asB('mutation($i: WarehouseCreateInput!) { warehouseCreate(input: $i) { userErrors { code } } }', {
        i: { code, name: code, timeZone: 'UTC' },
      });
    }
    await asB('mutation($i: TransferCreateInput!) { transferCreate(input: $i) { userErrors { code } } }', {
      i: { type: 'RECEIPT', warehouseCode: 'BWH', validate: true, lines: [{ sku: 'BETA-SKU', quantity: '50' }] },
    });
    // Settings of B differ from A's defaults: reading A's must not show them.
    await asB(
      'mutation($i: PurchasingSettingsUpdateInput!) { purchasingSettingsUpdate(input: $i) { userErrors { code } } }',
      { i: { approvalThreshold: '5000', billQuantityTolerancePercent: '7' } },
    );
    ids.supplier = (
      await asB(
        'mutation($i: SupplierCreateInput!) { supplierCreate(input: $i) { supplier { id } userErrors { code } } }',
        {
          i: { code: 'BSUP', name: 'Beta supplier', currency: 'EUR' },
        },
      )
    ).supplierCreate.supplier.id;
    for (const sku of ['BETA-SKU', 'BETA-QC']) {
      await asB('mutation($i: SupplierPriceSetInput!) { supplierPriceSet(input: $i) { userErrors { code } } }', {
        i: { supplierId: ids.supplier, sku, unitPrice: '2', preferred: true, leadTimeDays: 3 },
      });
    }
    await asB('mutation($i: ReorderRuleSetInput!) { reorderRuleSet(input: $i) { userErrors { code } } }', {
      i: { sku: 'BETA-SKU', warehouseCode: 'BWH', minQuantity: '100', maxQuantity: '200' },
    });
    const order = async (lines: object[]) =>
      (await asB(PO, { i: { supplierId: ids.supplier, warehouseCode: 'BWH', lines } })).purchaseOrderCreate
        .purchaseOrder;
    const draft = await order([{ sku: 'BETA-SKU', quantity: '5' }]);
    ids.draft = draft.id;
    ids.draftLine = draft.lines[0].id;
    const big = await order([{ sku: 'BETA-SKU', quantity: '5000' }]);
    ids.toApprove = big.id;
    expect((await asB(CONFIRM, { i: { purchaseOrderId: big.id } })).purchaseOrderConfirm.purchaseOrder.state).toBe(
      'TO_APPROVE',
    );
    const confirmed = await order([{ sku: 'BETA-SKU', quantity: '10' }]);
    ids.confirmed = confirmed.id;
    ids.confirmedLine = confirmed.lines[0].id;
    await asB(CONFIRM, { i: { purchaseOrderId: confirmed.id } });
    await asB('mutation($i: PurchaseOrderReceiveInput!) { purchaseOrderReceive(input: $i) { userErrors { code } } }', {
      i: { purchaseOrderId: confirmed.id, lines: [{ lineId: confirmed.lines[0].id, quantity: '4' }] },
    });
    // Goods needing inspection land in BWH/Quality.
    const inspected = await order([{ sku: 'BETA-QC', quantity: '3' }]);
    await asB(CONFIRM, { i: { purchaseOrderId: inspected.id } });
    await asB('mutation($i: PurchaseOrderReceiveInput!) { purchaseOrderReceive(input: $i) { userErrors { code } } }', {
      i: { purchaseOrderId: inspected.id, lines: [{ lineId: inspected.lines[0].id, quantity: '3' }] },
    });
    // A bill for more than received: on hold, waiting for someone else's approval.
    const bill = await asB(
      'mutation($i: VendorBillCreateInput!) { vendorBillCreate(input: $i) { vendorBill { id state } userErrors { code } } }',
      {
        i: {
          supplierId: ids.supplier,
          reference: 'B-INV-1',
          lines: [{ purchaseLineId: ids.confirmedLine, quantity: '10', unitPrice: '2' }],
        },
      },
    );
    expect(bill.vendorBillCreate.vendorBill.state).toBe('ON_HOLD');
    ids.bill = bill.vendorBillCreate.vendorBill.id;
    const internal = async () =>
      (
        await asB(
          'mutation($i: TransferCreateInput!) { transferCreate(input: $i) { transfer { id } userErrors { code } } }',
          {
            i: {
              type: 'INTERNAL',
              warehouseCode: 'BWH',
              destinationWarehouseCode: 'BWX',
              lines: [{ sku: 'BETA-SKU', quantity: '2' }],
            },
          },
        )
      ).transferCreate.transfer.id;
    ids.toShip = await internal();
    ids.inTransit = await internal();
    await asB('mutation($i: TransferValidateInput!) { transferShip(input: $i) { userErrors { code } } }', {
      i: { transferId: ids.inTransit },
    });
    // Every id of B, whatever the table: none may appear in any answer to A.
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
    // A has its own of each, so that empty answers are not empty for want of data.
    const [aBevco] = await app.sql<{ id: string }>("select id from partner where company_id = $1 and code = 'BEVCO'", [
      app.companyId,
    ]);
    ids.aSupplier = aBevco.id;
    const aOrder = await as(app.adminKey)(PO, {
      i: { supplierId: aBevco.id, warehouseCode: 'PAR', lines: [{ sku: 'BEV-JUICE-100', quantity: '1' }] },
    });
    ids.aDraft = aOrder.purchaseOrderCreate.purchaseOrder.id;
    const [aConfirmed] = await app.sql<{ id: string }>(
      "select id from purchase_order where company_id = $1 and state = 'CONFIRMED' limit 1",
      [app.companyId],
    );
    ids.aConfirmed = aConfirmed.id;
  }, 120_000);
  afterAll(() => app.close());

  /** B's ids in an answer, other than those A itself sent (an error message may quote them). */
  const leaked = (body: unknown, sent: unknown = {}) =>
    bIds.filter((id) => JSON.stringify(body).includes(id) && !JSON.stringify(sent).includes(id));

  it("queries show none of B's purchasing records, by id, by code or in lists with nested fields", async () => {
    const nestedOrder =
      'id supplier { id prices { id product { id } } } warehouse { id } lines { id product { id } uom { id } } receipts { id moves { id } }';
    const lists: [string, Record<string, unknown>][] = [
      [`{ purchaseOrders(first: 20) { totalCount edges { node { ${nestedOrder} } } } }`, {}],
      [
        '{ vendorBills(first: 100) { totalCount edges { node { id supplier { id } lines { purchaseLine { id } product { id } } exceptions { purchaseLineId } } } } }',
        {},
      ],
      ['{ reorderRules { id product { id } warehouse { id } } }', {}],
      ['{ supplierPrices { id supplier { id } product { id } purchaseUom { id } } }', {}],
      ['{ suppliers(first: 100) { edges { node { id prices { id } } } } }', {}],
      ['{ purchasingSettings { id approvalThreshold billQuantityTolerancePercent } }', {}],
    ];
    for (const [query, variables] of lists) {
      const body = await asA(query, variables);
      expect([query, body.errors]).toEqual([query, undefined]);
      expect([query, leaked(body)]).toEqual([query, []]);
    }
    // A's own records are there: the lists are not empty for want of data.
    const own = await asA('{ purchaseOrders(first: 100) { totalCount } reorderRules { id } supplierPrices { id } }');
    expect(own.data!.purchaseOrders.totalCount).toBeGreaterThan(0);
    expect(own.data!.reorderRules.length).toBeGreaterThan(0);
    expect(own.data!.supplierPrices.length).toBeGreaterThan(0);
    const settings = (await asA('{ purchasingSettings { approvalThreshold billQuantityTolerancePercent } }')).data!;
    expect(settings.purchasingSettings).toEqual({ approvalThreshold: '10000', billQuantityTolerancePercent: '0' });

    const probes: [string, Record<string, unknown>][] = [
      ['query($id: ID!) { purchaseOrder(id: $id) { id } }', { id: ids.draft }],
      ['query($id: ID!) { purchaseOrder(id: $id) { id } }', { id: ids.toApprove }],
      ['query($id: ID!) { purchaseOrder(id: $id) { id } }', { id: ids.confirmed }],
      ['query($id: ID!) { vendorBill(id: $id) { id } }', { id: ids.bill }],
      ['query($id: ID!) { supplier(id: $id) { id } }', { id: ids.supplier }],
      [
        'query($id: ID!) { purchaseOrders(first: 10, filter: { supplierId: $id }) { totalCount } }',
        { id: ids.supplier },
      ],
      ['{ purchaseOrders(first: 10, filter: { warehouseCode: "BWH" }) { totalCount } }', {}],
      ['query($id: ID!) { vendorBills(first: 10, filter: { supplierId: $id }) { totalCount } }', { id: ids.supplier }],
      [
        'query($id: ID!) { vendorBills(first: 10, filter: { purchaseOrderId: $id }) { totalCount } }',
        { id: ids.confirmed },
      ],
      ['{ vendorBills(first: 10, filter: { states: [ON_HOLD] }) { totalCount } }', {}],
      ['{ reorderRules(warehouseCodes: ["BWH", "BWX"]) { id } }', {}],
      ['query($id: ID!) { supplierPrices(supplierId: $id) { id } }', { id: ids.supplier }],
      ['{ supplierPrices(sku: "BETA-SKU") { id } }', {}],
      ['{ supplierPrices(sku: "BETA-QC") { id } }', {}],
      [
        'query($id: ID!) { supplierPerformance(supplierId: $id, from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { orders } }',
        { id: ids.supplier },
      ],
      ['{ transfers(first: 10, filter: { warehouseCode: "BWH" }) { totalCount } }', {}],
      ['query($id: ID!) { transfer(id: $id) { id } }', { id: ids.inTransit }],
    ];
    for (const [query, variables] of probes) {
      const body = await asA(query, variables);
      expect([query, leaked(body, variables)]).toEqual([query, []]);
      const value = body.data ? Object.values(body.data)[0] : null;
      const empty =
        value === null ||
        value === undefined ||
        (Array.isArray(value) && value.length === 0) ||
        (typeof value === 'object' && (value as Json).totalCount === 0);
      const notFound = (body.errors ?? []).some((e) =>
        ['NOT_FOUND', 'BAD_USER_INPUT'].includes(e.extensions?.code ?? ''),
      );
      expect([query, empty || notFound]).toEqual([query, true]);
    }
  });

  it("no purchasing, replenishment, transfer or quality mutation changes B: each answers NOT_FOUND and B's rows are unchanged", async () => {
    const before = await footprintOfB();
    const action = (name: string, purchaseOrderId: string) => [
      `mutation($i: PurchaseOrderActionInput!) { ${name}(input: $i) { purchaseOrder { id } userErrors { code } } }`,
      { i: { purchaseOrderId } },
    ];
    const receive =
      'mutation($i: PurchaseOrderReceiveInput!) { purchaseOrderReceive(input: $i) { userErrors { code } } }';
    const reschedule =
      'mutation($i: PurchaseOrderRescheduleInput!) { purchaseOrderReschedule(input: $i) { userErrors { code } } }';
    const billCreate = 'mutation($i: VendorBillCreateInput!) { vendorBillCreate(input: $i) { userErrors { code } } }';
    const attempts = [
      // B's orders by id
      [receive, { i: { purchaseOrderId: ids.confirmed, lines: [{ lineId: ids.confirmedLine, quantity: '1' }] } }],
      [receive, { i: { purchaseOrderId: ids.confirmed, lines: [], closeShort: true, reason: 'x' } }],
      action('purchaseOrderApprove', ids.toApprove),
      action('purchaseOrderConfirm', ids.draft),
      action('purchaseOrderCancel', ids.draft),
      action('purchaseOrderCancel', ids.confirmed),
      [
        'mutation($i: PurchaseOrderUpdateInput!) { purchaseOrderUpdate(input: $i) { userErrors { code } } }',
        { i: { id: ids.draft, version: 1, notes: 'taken over', lines: [{ sku: 'BEV-JUICE-100', quantity: '1' }] } },
      ],
      [
        reschedule,
        {
          i: {
            purchaseOrderId: ids.confirmed,
            lines: [{ lineId: ids.confirmedLine, expectedDate: '2030-01-01T00:00:00Z' }],
          },
        },
      ],
      // A's own orders with B's lines
      [receive, { i: { purchaseOrderId: ids.aConfirmed, lines: [{ lineId: ids.confirmedLine, quantity: '1' }] } }],
      [
        reschedule,
        {
          i: { purchaseOrderId: ids.aDraft, lines: [{ lineId: ids.draftLine, expectedDate: '2030-01-01T00:00:00Z' }] },
        },
      ],
      // new orders naming B's supplier, warehouse or SKU
      [PO, { i: { supplierId: ids.supplier, warehouseCode: 'PAR', lines: [{ sku: 'BEV-JUICE-100', quantity: '1' }] } }],
      [
        PO,
        { i: { supplierId: ids.aSupplier, warehouseCode: 'BWH', lines: [{ sku: 'BEV-JUICE-100', quantity: '1' }] } },
      ],
      [
        PO,
        {
          i: {
            supplierId: ids.aSupplier,
            warehouseCode: 'PAR',
            lines: [{ sku: 'BETA-SKU', quantity: '1', unitPrice: '1' }],
          },
        },
      ],
      // bills
      [
        billCreate,
        {
          i: {
            supplierId: ids.supplier,
            reference: 'STEAL-1',
            lines: [{ purchaseLineId: ids.confirmedLine, quantity: '1', unitPrice: '2' }],
          },
        },
      ],
      [
        billCreate,
        {
          i: {
            supplierId: ids.aSupplier,
            reference: 'STEAL-2',
            lines: [{ purchaseLineId: ids.confirmedLine, quantity: '1', unitPrice: '2' }],
          },
        },
      ],
      [
        'mutation($i: VendorBillApproveInput!) { vendorBillApprove(input: $i) { userErrors { code } } }',
        { i: { billId: ids.bill } },
      ],
      // supplier master data
      [
        'mutation($i: SupplierPriceSetInput!) { supplierPriceSet(input: $i) { userErrors { code } } }',
        { i: { supplierId: ids.supplier, sku: 'BEV-JUICE-100', unitPrice: '1' } },
      ],
      [
        'mutation($i: SupplierPriceSetInput!) { supplierPriceSet(input: $i) { userErrors { code } } }',
        { i: { supplierId: ids.aSupplier, sku: 'BETA-SKU', unitPrice: '1' } },
      ],
      [
        'mutation($i: SupplierUpdateInput!) { supplierUpdate(input: $i) { userErrors { code } } }',
        { i: { id: ids.supplier, name: 'taken over', active: false } },
      ],
      // replenishment
      [
        'mutation($i: ReorderRuleSetInput!) { reorderRuleSet(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-SKU', warehouseCode: 'BWH', minQuantity: '1', maxQuantity: '2' } },
      ],
      [
        'mutation($i: ReorderRuleSetInput!) { reorderRuleSet(input: $i) { userErrors { code } } }',
        { i: { sku: 'BEV-JUICE-100', warehouseCode: 'BWH', minQuantity: '1', maxQuantity: '2' } },
      ],
      [
        'mutation($i: ReorderRuleSetInput!) { reorderRuleSet(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-SKU', warehouseCode: 'PAR', minQuantity: '1', maxQuantity: '2' } },
      ],
      ['mutation { replenishmentRun(input: { warehouseCodes: ["BWH"] }) { userErrors { code } } }', {}],
      ['mutation { replenishmentRun(input: { warehouseCodes: ["PAR", "BWX"] }) { userErrors { code } } }', {}],
      // transfers between B's warehouses, and B's quality hold
      [
        'mutation($i: TransferValidateInput!) { transferShip(input: $i) { userErrors { code } } }',
        { i: { transferId: ids.toShip } },
      ],
      [
        'mutation($i: TransferValidateInput!) { transferReceive(input: $i) { userErrors { code } } }',
        { i: { transferId: ids.inTransit } },
      ],
      [
        'mutation($i: QualityReleaseInput!) { qualityRelease(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-QC', warehouseCode: 'BWH', quantity: '1', disposition: 'STOCK' } },
      ],
      [
        'mutation($i: QualityReleaseInput!) { qualityRelease(input: $i) { userErrors { code } } }',
        { i: { sku: 'BETA-QC', warehouseCode: 'PAR', quantity: '1', disposition: 'SCRAP' } },
      ],
    ] as [string, Record<string, unknown>][];
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
      if (codes.join(',') !== 'NOT_FOUND') outcomes.push([`${query} ${JSON.stringify(variables)}`, codes.join(',')]);
      expect([query, leaked(body, variables)]).toEqual([query, []]);
    }
    expect(outcomes).toEqual([]);
    expect(await footprintOfB()).toEqual(before);
  });

  it("B's own keys still do all of it: the ids used above are real", async () => {
    const asB = as(bApprover);
    const { purchaseOrderApprove } = await asB(
      'mutation($i: PurchaseOrderActionInput!) { purchaseOrderApprove(input: $i) { purchaseOrder { state } userErrors { code } } }',
      { i: { purchaseOrderId: ids.toApprove } },
    );
    expect(purchaseOrderApprove.purchaseOrder.state).toBe('CONFIRMED');
    const { vendorBillApprove } = await asB(
      'mutation($i: VendorBillApproveInput!) { vendorBillApprove(input: $i) { vendorBill { state } userErrors { code } } }',
      { i: { billId: ids.bill } },
    );
    expect(vendorBillApprove.vendorBill.state).toBe('APPROVED');
    const { transferReceive } = await asB(
      'mutation($i: TransferValidateInput!) { transferReceive(input: $i) { transfer { state } userErrors { code } } }',
      { i: { transferId: ids.inTransit } },
    );
    expect(transferReceive.transfer.state).toBe('DONE');
    const { qualityRelease } = await asB(
      'mutation($i: QualityReleaseInput!) { qualityRelease(input: $i) { userErrors { code } } }',
      { i: { sku: 'BETA-QC', warehouseCode: 'BWH', quantity: '1', disposition: 'STOCK' } },
    );
    expect(qualityRelease.userErrors).toEqual([]);
    await asB('mutation($i: ReorderRuleSetInput!) { reorderRuleSet(input: $i) { userErrors { code } } }', {
      i: { sku: 'BETA-QC', warehouseCode: 'BWX', minQuantity: '10', maxQuantity: '20' },
    });
    const { replenishmentRun } = await asB(
      'mutation { replenishmentRun(input: { warehouseCodes: ["BWX"] }) { proposals { kind supplier { id } } userErrors { code } } }',
    );
    expect(replenishmentRun.proposals).toEqual([{ kind: 'PURCHASE', supplier: { id: ids.supplier } }]);
  });
});
