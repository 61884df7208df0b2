import {
  CompanyUpdateDocument,
  ExchangeRateSetDocument,
  ReorderRuleSetDocument,
  ReplenishmentRunDocument,
} from '../generated/graphql';
import { day } from '../helpers/purchasing';
import { localDay } from '../../src/modules/company/company-day';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let p: ReturnType<typeof purchasingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  p = purchasingHelpers(app);
});
afterAll(() => app.close());

/** What replenishment put on its draft order for `sku`: supplier and unit price. */
const replenished = async (sku: string) => {
  const { replenishmentRun } = await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR'] });
  expect(replenishmentRun.userErrors).toEqual([]);
  const [line] = await app.sql<{ supplier: string; unit_price: string }>(
    `select s.code as supplier, l.unit_price::text as unit_price
       from purchase_order_line l join purchase_order o on o.id = l.order_id
       join partner s on s.id = o.supplier_id join product x on x.id = l.product_id
      where x.sku = $1 and o.origin = 'REPLENISHMENT'`,
    [sku],
  );
  return line;
};

const ruleFor = async (sku: string) => {
  const { reorderRuleSet } = await app.ok(ReorderRuleSetDocument, {
    input: { sku, warehouseCode: 'PAR', minQuantity: '5', maxQuantity: '10' },
  });
  expect(reorderRuleSet.userErrors).toEqual([]);
};

describe('price lists apply on the company day', () => {
  // A zone whose day is not the UTC day right now: ahead of it in the UTC afternoon, behind in the morning.
  const timeZone = new Date().getUTCHours() >= 12 ? 'Pacific/Kiritimati' : 'Etc/GMT+12';
  let today: string;
  beforeAll(async () => {
    const { companyUpdate } = await app.ok(CompanyUpdateDocument, { input: { timeZone } });
    expect(companyUpdate.userErrors).toEqual([]);
    today = localDay(new Date(), timeZone);
    expect(today).not.toBe(new Date().toISOString().slice(0, 10));
  });

  it('an order takes the line valid on the company day, not on the UTC day', async () => {
    const supplier = await p.supplier('TZ-ORDER');
    await stockHelpers(app).product('TZ-1');
    await p.price({ supplierId: supplier.id, sku: 'TZ-1', unitPrice: '9' });
    await p.price({ supplierId: supplier.id, sku: 'TZ-1', unitPrice: '5', validFrom: today, validTo: today });
    const order = await p.order(supplier.id, 'PAR', [{ sku: 'TZ-1', quantity: '10' }]);
    expect(order.lines[0]).toMatchObject({ unitPrice: '5' });
  });

  it('replenishment prices its order on the company day too', async () => {
    const supplier = await p.supplier('TZ-REPL');
    await stockHelpers(app).product('TZ-2');
    await p.price({ supplierId: supplier.id, sku: 'TZ-2', unitPrice: '9' });
    await p.price({ supplierId: supplier.id, sku: 'TZ-2', unitPrice: '5', validFrom: today, validTo: today });
    await ruleFor('TZ-2');
    expect(await replenished('TZ-2')).toEqual({ supplier: 'TZ-REPL', unit_price: '5.000000' });
  });
});

describe('replenishment compares suppliers in the company currency', () => {
  it('10 USD at 0.9 (9 EUR) beats 9.5 EUR, though 9.5 is the smaller number', async () => {
    const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, {
      input: { currency: 'USD', date: day(-5), rate: '0.9' },
    });
    expect(exchangeRateSet.userErrors).toEqual([]);
    await stockHelpers(app).product('FX-R1');
    const yankee = await p.supplier('FX-USD', 'USD');
    const euro = await p.supplier('FX-EUR', 'EUR');
    await p.price({ supplierId: yankee.id, sku: 'FX-R1', unitPrice: '10' });
    await p.price({ supplierId: euro.id, sku: 'FX-R1', unitPrice: '9.5' });
    await ruleFor('FX-R1');
    expect(await replenished('FX-R1')).toEqual({ supplier: 'FX-USD', unit_price: '10.000000' });
  });

  it('a supplier whose currency has no rate yet comes after those that compare, and the run does not fail', async () => {
    await stockHelpers(app).product('FX-R2');
    const pound = await p.supplier('FX-GBP', 'GBP');
    const euro = await p.supplier('FX-EUR2', 'EUR');
    await p.price({ supplierId: pound.id, sku: 'FX-R2', unitPrice: '1' });
    await p.price({ supplierId: euro.id, sku: 'FX-R2', unitPrice: '9.5' });
    await ruleFor('FX-R2');
    expect(await replenished('FX-R2')).toEqual({ supplier: 'FX-EUR2', unit_price: '9.500000' });
  });
});
