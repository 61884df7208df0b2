import { SupplierPriceSetDocument } from '../generated/graphql';
import { day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let p: ReturnType<typeof purchasingHelpers>;
let supplierId: string;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  p = purchasingHelpers(app);
  supplierId = (await p.supplier('BREAKS')).id;
  await stockHelpers(app).product('PB-1');
});
afterAll(() => app.close());

describe('supplier price breaks', () => {
  it('a second minimum quantity is a break of its own: the first keeps its price and lead time', async () => {
    await p.price({ supplierId, sku: 'PB-1', unitPrice: '10', minQuantity: '1', leadTimeDays: 7 });
    await p.price({ supplierId, sku: 'PB-1', unitPrice: '8', minQuantity: '100' });
    const rows = await app.sql<{ min_quantity: string; unit_price: string; lead_time_days: number }>(
      `select min_quantity, unit_price, lead_time_days from supplier_price p join product x on x.id = p.product_id
        where x.sku = 'PB-1' order by min_quantity`,
    );
    expect(rows.map((r) => [Number(r.min_quantity), Number(r.unit_price)])).toEqual([
      [1, 10],
      [100, 8],
    ]);
    expect(rows[0].lead_time_days).toBe(7);
    // Setting a break again without a lead time keeps its own.
    const again = await p.price({ supplierId, sku: 'PB-1', unitPrice: '9.5', minQuantity: '1' });
    expect(again).toMatchObject({ unitPrice: '9.5', leadTimeDays: 7 });
  });

  it('an order line takes the break of its quantity; below the smallest minimum it is priced at it and flagged', async () => {
    const order = await p.order(supplierId, 'PAR', [
      { sku: 'PB-1', quantity: '150' },
      { sku: 'PB-1', quantity: '20' },
    ]);
    expect(order.lines.map((l) => [l.unitPrice, l.belowMinimum])).toEqual([
      ['8', false],
      ['9.5', false],
    ]);
    await p.price({ supplierId, sku: 'PB-1', unitPrice: '12', minQuantity: '5' });
    await app.sql(
      `delete from supplier_price where min_quantity = 1 and product_id = (select id from product where sku = 'PB-1')`,
    );
    const small = await p.order(supplierId, 'PAR', [{ sku: 'PB-1', quantity: '2' }]);
    expect(small.lines.map((l) => [l.unitPrice, l.belowMinimum])).toEqual([['12', true]]);
  });

  it('a break outside its validity dates does not apply', async () => {
    await p.price({ supplierId, sku: 'PB-1', unitPrice: '7', minQuantity: '100', validTo: day(-1) });
    await p.price({ supplierId, sku: 'PB-1', unitPrice: '6', minQuantity: '500', validFrom: day(30) });
    const order = await p.order(supplierId, 'PAR', [{ sku: 'PB-1', quantity: '600' }]);
    // 100 expired yesterday and 500 starts in a month: the 5 break applies.
    expect(order.lines[0]).toMatchObject({ unitPrice: '12', belowMinimum: false });
    const bad = await app.ok(SupplierPriceSetDocument, {
      input: { supplierId, sku: 'PB-1', unitPrice: '1', minQuantity: '9', validFrom: day(5), validTo: day(1) },
    });
    expect(bad.supplierPriceSet.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'validTo'] }]);
  });
});
