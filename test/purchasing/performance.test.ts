import {
  PurchaseOrderReceiveDocument,
  SupplierPerformanceDefaultWindowDocument,
  SupplierPerformanceDocument,
} from '../generated/graphql';
import { at, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('supplierPerformance', () => {
  it('on-time rate, lead time against promised, fill rate', async () => {
    const h = stockHelpers(app);
    const p = purchasingHelpers(app);
    await h.product('PERF-1');
    const supplier = await p.supplier('PERF');
    const receive = async (purchaseOrderId: string, lineId: string, quantity: string, closeShort = false) => {
      const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
        input: { purchaseOrderId, lines: [{ lineId, quantity }], closeShort, reason: closeShort ? 'short' : undefined },
      });
      expect(purchaseOrderReceive.userErrors).toEqual([]);
    };
    // Promised in 4 days, here today: on time. Promised yesterday, here today: late.
    const early = await p.confirmedOrder(supplier.id, 'PAR', [
      { sku: 'PERF-1', quantity: '10', unitPrice: '1', expectedDate: at(4) },
    ]);
    await receive(early.id, early.lines[0].id, '10');
    const late = await p.confirmedOrder(supplier.id, 'PAR', [
      { sku: 'PERF-1', quantity: '10', unitPrice: '1', expectedDate: at(-1) },
    ]);
    await receive(late.id, late.lines[0].id, '5', true);
    // Confirmed, nothing received yet: counts as ordered, no delivery.
    await p.confirmedOrder(supplier.id, 'PAR', [
      { sku: 'PERF-1', quantity: '20', unitPrice: '1', expectedDate: at(9) },
    ]);

    const { supplierPerformance } = await app.ok(SupplierPerformanceDocument, {
      supplierId: supplier.id,
      from: at(-1),
      to: at(1),
    });
    expect(supplierPerformance).toMatchObject({
      supplier: { code: 'PERF' },
      orders: 3,
      lines: 3,
      deliveries: 2,
      onTimeDeliveries: 1,
      onTimeRate: '0.5',
      averageLeadTimeDays: '0',
      orderedQuantity: '40',
      receivedQuantity: '15',
      fillRate: '0.375',
    });
    // Promised: +4 and -1 days from confirmation, over the two deliveries.
    expect(Number(supplierPerformance.promisedLeadTimeDays)).toBeCloseTo(1.5, 1);

    const none = await app.ok(SupplierPerformanceDocument, { supplierId: supplier.id, from: at(-10), to: at(-5) });
    expect(none.supplierPerformance).toMatchObject({ orders: 0, deliveries: 0, onTimeRate: null, fillRate: null });
    const unknown = await app.gql(SupplierPerformanceDocument, {
      supplierId: '00000000-0000-4000-8000-000000000000',
      from: at(-1),
      to: at(1),
    });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // Without dates: the last 90 days up to now, whenever it is asked (fixed dates in a saved
    // query read all zeros a month later).
    const asked = Date.now();
    const recent = await app.ok(SupplierPerformanceDefaultWindowDocument, { supplierId: supplier.id });
    expect(recent.supplierPerformance).toMatchObject({ orders: 3, deliveries: 2 });
    const to = Date.parse(recent.supplierPerformance.to);
    expect(Math.abs(to - asked)).toBeLessThan(60_000);
    expect(to - Date.parse(recent.supplierPerformance.from)).toBe(90 * 86_400_000);
  });
});
