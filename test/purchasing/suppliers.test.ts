import {
  PurchasingSettingsUpdateDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  PurchaseOrderReceiveDocument,
  ReorderRuleSetDocument,
  ReorderRulesDocument,
  ReplenishmentRunDocument,
  SupplierCreateDocument,
  SupplierPriceSetDocument,
  SupplierUpdateDocument,
  type SupplierUpdateInput,
  VendorBillCreateDocument,
} from '../generated/graphql';
import { day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** supplierUpdate: contact, currency, lead time and the active flag, and what each one changes. */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  await h.product('SUP-A');
  await h.product('SUP-B');
  await h.product('SUP-C');
  // The demo data's reorder rules are switched off: the replenishment below stands alone.
  for (const r of (await app.ok(ReorderRulesDocument, {})).reorderRules) {
    await app.ok(ReorderRuleSetDocument, {
      input: {
        sku: r.product.sku,
        warehouseCode: r.warehouse.code,
        minQuantity: r.minQuantity,
        maxQuantity: r.maxQuantity,
        active: false,
      },
    });
  }
});
afterAll(() => app.close());

const update = async (input: SupplierUpdateInput) => (await app.ok(SupplierUpdateDocument, { input })).supplierUpdate;
const supplierRow = async (id: string) =>
  (await app.sql('select p::text as row from partner p where id = $1', [id]))[0];

describe('supplierUpdate', () => {
  it('changes name, contact, currency, lead time and the active flag; omitted fields keep their value', async () => {
    const s = await p.supplier('UPD-1');
    const changed = await update({
      id: s.id,
      name: 'Renamed Ltd',
      email: 'sales@renamed.example',
      currency: 'USD',
      leadTimeDays: 12,
    });
    expect(changed.userErrors).toEqual([]);
    expect(changed.supplier).toMatchObject({
      id: s.id,
      code: 'UPD-1',
      name: 'Renamed Ltd',
      email: 'sales@renamed.example',
      currency: 'USD',
      leadTimeDays: 12,
      active: true,
    });
    const off = await update({ id: s.id, active: false });
    expect(off.supplier).toMatchObject({ name: 'Renamed Ltd', currency: 'USD', leadTimeDays: 12, active: false });
    const cleared = await update({ id: s.id, email: null, active: true });
    expect(cleared.supplier).toMatchObject({ email: null, active: true, name: 'Renamed Ltd' });
  });

  it.each([
    ['an unknown supplier', { id: '00000000-0000-4000-8000-000000000000', name: 'x' }, 'input.id', 'NOT_FOUND'],
    ['a blank name', { name: '   ' }, 'input.name', 'INVALID'],
    ['an overlong name', { name: 'n'.repeat(201) }, 'input.name', 'INVALID'],
    ['a malformed e-mail', { email: 'not-an-email' }, 'input.email', 'INVALID'],
    ['a currency that is not ISO 4217', { currency: 'euro' }, 'input.currency', 'INVALID'],
    ['a negative lead time', { leadTimeDays: -1 }, 'input.leadTimeDays', 'INVALID'],
    ['a lead time over a year', { leadTimeDays: 366 }, 'input.leadTimeDays', 'INVALID'],
  ])('refuses %s, naming the field, and changes nothing', async (_what, change, field, code) => {
    const s = await p.supplier(`UPD-${Math.floor(Math.random() * 1e6)}`);
    const before = await supplierRow(s.id);
    const audit = await app.sql('select count(*) n from audit_log');
    const { supplier, userErrors } = await update({ id: s.id, ...change });
    expect(supplier).toBeNull();
    expect(userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([[field, code]]);
    expect(userErrors[0].message).toContain(field.replace('input.', ''));
    expect(await supplierRow(s.id)).toEqual(before);
    expect(await app.sql('select count(*) n from audit_log')).toEqual(audit);
  });

  it('a new lead time is the default of prices set without one, and of order lines without a price', async () => {
    const s = await p.supplier('UPD-LEAD');
    await update({ id: s.id, leadTimeDays: 9 });
    const price = await p.price({ supplierId: s.id, sku: 'SUP-A', unitPrice: '1' });
    expect(price.leadTimeDays).toBe(9);
    const own = await p.price({ supplierId: s.id, sku: 'SUP-B', unitPrice: '1', leadTimeDays: 2 });
    expect(own.leadTimeDays).toBe(2);
    const order = await p.order(s.id, 'PAR', [
      { sku: 'SUP-A', quantity: '1' },
      { sku: 'SUP-B', quantity: '1' },
      { sku: 'BEV-COLA-033', quantity: '1', unitPrice: '0.5' },
    ]);
    expect(order.lines.map((l) => l.expectedDate.slice(0, 10))).toEqual([day(9), day(2), day(9)]);
  });

  it('after a currency change, prices in the old currency are no longer taken as order prices until set again', async () => {
    const s = await p.supplier('UPD-CUR', 'EUR');
    await p.price({ supplierId: s.id, sku: 'SUP-A', unitPrice: '3' });
    expect((await update({ id: s.id, currency: 'GBP' })).userErrors).toEqual([]);
    const { purchaseOrderCreate } = await app.ok(PurchaseOrderCreateDocument, {
      input: { supplierId: s.id, warehouseCode: 'PAR', lines: [{ sku: 'SUP-A', quantity: '1' }] },
    });
    expect(purchaseOrderCreate.purchaseOrder).toBeNull();
    expect(purchaseOrderCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '0', 'unitPrice'] }),
    ]);
    const again = await p.price({ supplierId: s.id, sku: 'SUP-A', unitPrice: '2.5' });
    expect(again.currency).toBe('GBP');
    const order = await p.order(s.id, 'PAR', [{ sku: 'SUP-A', quantity: '2' }]);
    expect(order).toMatchObject({ currency: 'GBP', amountTotal: '5' });
  });

  it('a deactivated supplier gets no new orders or prices and is not proposed by replenishment; its open orders still run', async () => {
    const preferred = await p.supplier('UPD-OFF');
    const other = await p.supplier('UPD-ALT');
    await p.price({ supplierId: preferred.id, sku: 'SUP-C', unitPrice: '1', preferred: true });
    await p.price({ supplierId: other.id, sku: 'SUP-C', unitPrice: '4' });
    const open = await p.confirmedOrder(preferred.id, 'LYO', [{ sku: 'SUP-C', quantity: '5' }]);
    const draft = await p.order(preferred.id, 'LYO', [{ sku: 'SUP-C', quantity: '1' }]);
    expect((await update({ id: preferred.id, active: false })).supplier?.active).toBe(false);

    const created = await app.ok(PurchaseOrderCreateDocument, {
      input: { supplierId: preferred.id, warehouseCode: 'PAR', lines: [{ sku: 'SUP-C', quantity: '1' }] },
    });
    expect(created.purchaseOrderCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'supplierId'] }),
    ]);
    const priced = await app.ok(SupplierPriceSetDocument, {
      input: { supplierId: preferred.id, sku: 'SUP-A', unitPrice: '1' },
    });
    expect(priced.supplierPriceSet.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'supplierId'] }),
    ]);
    const confirmed = await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: draft.id } });
    expect(confirmed.purchaseOrderConfirm.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'purchaseOrderId'] }),
    ]);

    // Replenishment turns to the other supplier.
    await app.ok(ReorderRuleSetDocument, {
      input: { sku: 'SUP-C', warehouseCode: 'PAR', minQuantity: '10', maxQuantity: '20' },
    });
    const { replenishmentRun } = await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR'] });
    expect(replenishmentRun.proposals.map((x) => [x.kind, x.product.sku, x.supplier?.code])).toEqual([
      ['PURCHASE', 'SUP-C', 'UPD-ALT'],
    ]);

    // What was already ordered is still received and billed.
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: open.id, lines: [{ lineId: open.lines[0].id, quantity: '5' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: {
        supplierId: preferred.id,
        reference: 'OFF-1',
        lines: [{ purchaseLineId: open.lines[0].id, quantity: '5', unitPrice: '1' }],
      },
    });
    expect(vendorBillCreate.userErrors).toEqual([]);
    expect(vendorBillCreate.vendorBill?.state).toBe('MATCHED');
  });

  it('supplierCreate takes the lead time too', async () => {
    const { supplierCreate } = await app.ok(SupplierCreateDocument, {
      input: { code: 'UPD-NEW', name: 'New', leadTimeDays: 4 },
    });
    expect(supplierCreate.supplier).toMatchObject({ leadTimeDays: 4, active: true });
  });
});

describe('purchasing settings under concurrency', () => {
  it('concurrent first updates of a company create its settings once, none fails', async () => {
    const { adminKey } = await app.createCompany('SETRACE');
    const client = app.as(adminKey);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.gql(PurchasingSettingsUpdateDocument, { input: { approvalThreshold: String(1000 + i) } }),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const rows = await app.sql<{ n: string }>(
      `select count(*)::text as n from purchasing_settings s join company c on c.id = s.company_id where c.code = 'SETRACE'`,
    );
    expect(rows).toEqual([{ n: '1' }]);
  });
});
