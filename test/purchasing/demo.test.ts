import { PurchaseOrdersDocument, ReplenishmentRunDocument, SuppliersDocument } from '../generated/graphql';
import { day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('purchasing demo data', () => {
  it('suppliers with prices, open orders showing as future receipts, and reorder rules that propose', async () => {
    const h = stockHelpers(app);
    const p = purchasingHelpers(app);
    const { suppliers } = await app.ok(SuppliersDocument, {});
    expect(suppliers.edges.map((e) => e.node.code)).toEqual(['BEVCO', 'TOOLSUP']);
    const { purchaseOrders } = await app.ok(PurchaseOrdersDocument, { filter: { states: ['CONFIRMED'] } });
    expect(purchaseOrders.totalCount).toBe(2);
    // Relay pages: one order, then the other after its cursor.
    const page1 = (await app.ok(PurchaseOrdersDocument, { filter: { states: ['CONFIRMED'] }, first: 1 }))
      .purchaseOrders;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (
      await app.ok(PurchaseOrdersDocument, {
        filter: { states: ['CONFIRMED'] },
        first: 1,
        after: page1.pageInfo.endCursor,
      })
    ).purchaseOrders;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...page1.edges, ...page2.edges].map((e) => e.node.supplier.code))).toEqual(
      new Set(['BEVCO', 'TOOLSUP']),
    );

    expect(await h.level('BEV-JUICE-100', 'PAR')).toMatchObject({ onHand: '120', incoming: '120' });
    expect((await p.atp('BEV-JUICE-100', 'PAR'))[day(4)]).toMatchObject({ receipts: '120', atp: '240' });
    expect(await h.level('HW-PAINT-WHT', 'LYO')).toMatchObject({ onHand: '90', incoming: '40' });

    // Water at LYO (180 on hand, 12 reserved) is below its min of 200: PAR spares 60 above its max
    // of 300, BEVCO (preferred) supplies the rest of 400 - 168 = 232, rounded to 240 by the multiple of 12.
    const { replenishmentRun } = await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['LYO'] });
    expect(
      replenishmentRun.proposals.map((x) => [
        x.kind,
        x.product.sku,
        x.quantity,
        x.sourceWarehouse?.code ?? x.supplier?.code,
      ]),
    ).toEqual([
      ['TRANSFER', 'BEV-WATER-150', '60', 'PAR'],
      ['PURCHASE', 'BEV-WATER-150', '180', 'BEVCO'],
    ]);
  });
});
