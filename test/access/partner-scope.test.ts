import {
  ApiKeyCreateDocument,
  PurchaseOrderDocument,
  PurchaseOrdersDocument,
  SupplierCreateDocument,
  SuppliersDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A PARTNER key bound to a supplier sees that supplier's purchase orders only. Another role on
 * the same key lifts the scope only when that role may itself read every order (STOREFRONT may
 * not, so PARTNER+STOREFRONT stays scoped).
 */
describe('partner keys see only the purchase orders of their supplier', () => {
  let app: TestApp;
  let bevco: string;
  let toolsup: string;
  let ownOrders: string[];
  let otherOrders: string[];

  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    const { suppliers } = await app.ok(SuppliersDocument, { first: 10 });
    const byCode = Object.fromEntries(suppliers.edges.map((e) => [e.node.code, e.node.id]));
    bevco = byCode.BEVCO;
    toolsup = byCode.TOOLSUP;
    // One more order of each supplier, so both have several (the demo has one each).
    const p = purchasingHelpers(app);
    await p.order(bevco, 'LYO', [{ sku: 'BEV-WATER-150', quantity: '120' }]);
    await p.order(toolsup, 'PAR', [{ sku: 'HW-ROPE-10', quantity: '10' }]);
    const { purchaseOrders } = await app.ok(PurchaseOrdersDocument, { first: 100 });
    ownOrders = purchaseOrders.edges.filter((e) => e.node.supplier.code === 'BEVCO').map((e) => e.node.id);
    otherOrders = purchaseOrders.edges.filter((e) => e.node.supplier.code === 'TOOLSUP').map((e) => e.node.id);
    expect(ownOrders).toHaveLength(2);
    expect(otherOrders).toHaveLength(2);
  }, 60_000);
  afterAll(() => app.close());

  const seenBy = async (key: string) => {
    const client = app.as(key);
    const list = await client.ok(PurchaseOrdersDocument, { first: 100 });
    const filtered = await client.ok(PurchaseOrdersDocument, { first: 100, filter: { supplierId: toolsup } });
    const byId: string[] = [];
    for (const id of [...ownOrders, ...otherOrders]) {
      const { purchaseOrder } = await client.ok(PurchaseOrderDocument, { id });
      if (purchaseOrder) {
        // Nested fields of a visible order are its own.
        expect(purchaseOrder.lines.length).toBeGreaterThan(0);
        byId.push(purchaseOrder.id);
      }
    }
    return {
      list: list.purchaseOrders.edges.map((e) => e.node.id).sort(),
      suppliers: [...new Set(list.purchaseOrders.edges.map((e) => e.node.supplier.code))],
      totalCount: list.purchaseOrders.totalCount,
      filteredToOther: filtered.purchaseOrders.edges.map((e) => e.node.id).sort(),
      byId: byId.sort(),
    };
  };

  it('PARTNER alone: list, filter, by id and nested fields show its supplier only', async () => {
    const key = await app.createKey(['PARTNER'], { supplierId: bevco });
    expect(await seenBy(key)).toEqual({
      list: [...ownOrders].sort(),
      suppliers: ['BEVCO'],
      totalCount: 2,
      filteredToOther: [],
      byId: [...ownOrders].sort(),
    });
  });

  it('PARTNER with STOREFRONT (which may not read orders) is scoped the same', async () => {
    const key = await app.createKey(['PARTNER', 'STOREFRONT'], { supplierId: bevco });
    expect(await seenBy(key)).toEqual({
      list: [...ownOrders].sort(),
      suppliers: ['BEVCO'],
      totalCount: 2,
      filteredToOther: [],
      byId: [...ownOrders].sort(),
    });
  });

  it('a PARTNER key bound to no supplier sees no order', async () => {
    const key = await app.createKey(['PARTNER']);
    expect(await seenBy(key)).toEqual({ list: [], suppliers: [], totalCount: 0, filteredToOther: [], byId: [] });
  });

  it('BUYER, and PARTNER with BUYER, see every order of the company', async () => {
    const all = [...ownOrders, ...otherOrders].sort();
    for (const key of [
      await app.createKey(['BUYER']),
      await app.createKey(['PARTNER', 'BUYER'], { supplierId: bevco }),
    ]) {
      const seen = await seenBy(key);
      expect(seen.list).toEqual(all);
      expect(seen.byId).toEqual(all);
      expect(seen.filteredToOther).toEqual([...otherOrders].sort());
    }
  });

  it('a key for a supplier of another company, or for no supplier at all, is refused and nothing is written', async () => {
    const other = await app.createCompany('OTHERCO');
    const otherSupplier = await app
      .as(other.adminKey)
      .ok(SupplierCreateDocument, { input: { code: 'FOREIGN', name: 'Foreign supplier' } });
    const foreignId = otherSupplier.supplierCreate.supplier!.id;
    const count = async () => (await app.sql<{ n: string }>('select count(*) n from api_key'))[0].n;
    const before = await count();
    for (const supplierId of [foreignId, '00000000-0000-4000-8000-000000000000']) {
      const { apiKeyCreate } = await app.ok(ApiKeyCreateDocument, {
        input: { name: 'partner', roles: ['PARTNER'], supplierId },
      });
      expect(apiKeyCreate.key).toBeNull();
      expect(apiKeyCreate.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
        ['input.supplierId', 'NOT_FOUND'],
      ]);
    }
    expect(await count()).toBe(before);
    // Its own supplier is accepted, and the key is bound to it.
    const { apiKeyCreate } = await app.ok(ApiKeyCreateDocument, {
      input: { name: 'partner', roles: ['PARTNER'], supplierId: bevco },
    });
    expect(apiKeyCreate.userErrors).toEqual([]);
    expect(apiKeyCreate.apiKey!.supplierId).toBe(bevco);
  });
});
