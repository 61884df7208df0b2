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
  await stockHelpers(app).product('PB-2');
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

  it('a validity day that does not exist is refused naming its field, and no line is written', async () => {
    const count = async () => (await app.sql<{ n: string }>('select count(*) as n from supplier_price'))[0].n;
    const before = await count();
    for (const [dates, field] of [
      [{ validFrom: '2026-02-30' }, 'validFrom'],
      [{ validTo: '2026-13-01' }, 'validTo'],
      [{ validFrom: '0000-01-01' }, 'validFrom'],
    ] as const) {
      const { supplierPriceSet } = await app.ok(SupplierPriceSetDocument, {
        input: { supplierId, sku: 'PB-1', unitPrice: '1', minQuantity: '3', ...dates },
      });
      expect(supplierPriceSet.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID', field: ['input', field] }),
      ]);
      expect(supplierPriceSet.userErrors[0].message).toContain('is not a day');
    }
    expect(await count()).toBe(before);
  });
});

describe('price lines in different purchase units', () => {
  it("an order line defaults to the entry line's unit, and each line's minimum counts in its own unit", async () => {
    await stockHelpers(app).product('PB-U');
    const h = stockHelpers(app);
    const [unit, dozen] = [await h.uomId('Unit'), await h.uomId('Dozen')];
    // Set in this order so that the dozen line is the one the database is likely to return first.
    await p.price({ supplierId, sku: 'PB-U', unitPrice: '90', purchaseUomId: dozen, minQuantity: '10' });
    await p.price({ supplierId, sku: 'PB-U', unitPrice: '10', purchaseUomId: unit, minQuantity: '1' });
    const order = await p.order(supplierId, 'PAR', [
      { sku: 'PB-U', quantity: '130' },
      { sku: 'PB-U', quantity: '100' },
      { sku: 'PB-U', quantity: '12', uomId: dozen },
    ]);
    expect(order.lines.map((l) => [l.uom.name, l.productQuantity, l.unitPrice, l.belowMinimum])).toEqual([
      // 130 units: 10 dozen (120 units) is reached, so 90 a dozen, 7.5 a unit.
      ['Unit', '130', '7.5', false],
      // 100 units: under 10 dozen, the unit line.
      ['Unit', '100', '10', false],
      // 12 dozen: the dozen line, in dozens.
      ['Dozen', '144', '90', false],
    ]);
  });
});

describe('supplier price lines: one per minimum quantity and first valid day', () => {
  const lines = () =>
    app.sql<{ min_quantity: string; unit_price: string; valid_from: string | null; valid_to: string | null }>(
      `select min_quantity, unit_price, to_char(valid_from, 'YYYY-MM-DD') as valid_from,
              to_char(valid_to, 'YYYY-MM-DD') as valid_to
         from supplier_price p join product x on x.id = p.product_id
        where x.sku = 'PB-2' order by min_quantity, valid_from nulls first`,
    );

  it('a price change scheduled for a break stands beside it: today the break keeps its price', async () => {
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '10', minQuantity: '1' });
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '8', minQuantity: '100' });
    // 8.5 from next month: a line of its own (it used to replace the 8 line, so 150 cost 10 today).
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '8.5', minQuantity: '100', validFrom: day(30) });
    expect((await lines()).map((l) => [Number(l.min_quantity), l.unit_price, l.valid_from])).toEqual([
      [1, '10.000000', null],
      [100, '8.000000', null],
      [100, '8.500000', day(30)],
    ]);
    const order = await p.order(supplierId, 'PAR', [{ sku: 'PB-2', quantity: '150' }]);
    expect(order.lines[0]).toMatchObject({ unitPrice: '8', belowMinimum: false });

    // Setting the same (minimum, validFrom) again updates that line; there are still three.
    const again = await p.price({ supplierId, sku: 'PB-2', unitPrice: '8.4', minQuantity: '100', validFrom: day(30) });
    expect(again).toMatchObject({ unitPrice: '8.4', validFrom: day(30) });
    expect(await lines()).toHaveLength(3);
  });

  it('of two lines of one minimum valid today, the later start wins, whatever the price or the order they were set in', async () => {
    // A change to 7 that began ten days ago, then an undated 6: 7 applies (as Odoo, the latest
    // start), not the cheaper one nor the last one set.
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '7', minQuantity: '200', validFrom: day(-10) });
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '6', minQuantity: '200' });
    const order = await p.order(supplierId, 'PAR', [{ sku: 'PB-2', quantity: '250' }]);
    expect(order.lines[0]).toMatchObject({ unitPrice: '7' });
  });

  it('setting a line again keeps its end unless validTo is given; validTo null removes it', async () => {
    await p.price({ supplierId, sku: 'PB-2', unitPrice: '7', minQuantity: '500', validTo: day(60), leadTimeDays: 4 });
    const kept = await p.price({ supplierId, sku: 'PB-2', unitPrice: '6.5', minQuantity: '500' });
    expect(kept).toMatchObject({ unitPrice: '6.5', validFrom: null, validTo: day(60), leadTimeDays: 4 });
    const open = await p.price({ supplierId, sku: 'PB-2', unitPrice: '6.5', minQuantity: '500', validTo: null });
    expect(open).toMatchObject({ validTo: null, leadTimeDays: 4 });
    // An end before the line's own start is refused, and changes nothing.
    const bad = await app.ok(SupplierPriceSetDocument, {
      input: { supplierId, sku: 'PB-2', unitPrice: '1', minQuantity: '100', validFrom: day(30), validTo: day(29) },
    });
    expect(bad.supplierPriceSet.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'validTo'] }]);
    expect((await lines()).find((l) => l.valid_from === day(30))).toMatchObject({ unit_price: '8.400000' });
  });
});
