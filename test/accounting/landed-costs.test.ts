import {
  InventoryValuationDocument,
  JournalEntriesDocument,
  LandedCostCreateDocument,
  WarehouseCreateDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let books: ReturnType<typeof accountingHelpers>;
let fifo: string;
let average: string;
beforeAll(async () => {
  app = await startTestApp({ seed: false });
  h = stockHelpers(app);
  books = accountingHelpers(app);
  const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
    input: { code: 'PAR', name: 'Paris', timeZone: 'Europe/Paris' },
  });
  expect(warehouseCreate.userErrors).toEqual([]);
  fifo = await books.category('LC FIFO', 'FIFO');
  average = await books.category('LC AVERAGE', 'AVERAGE');
  await books.product('LC-A', fifo, '2');
  await books.product('LC-B', fifo, '1');
  await books.product('LC-C', average);
});
afterAll(() => app.close());

const value = async (sku: string) =>
  (await app.ok(InventoryValuationDocument, { warehouseCode: 'PAR' })).inventoryValuation.lines.find(
    (l) => l.product.sku === sku,
  ) ?? null;

describe('landedCostCreate', () => {
  it('splits by quantity: the on-hand part revalues the layer, the part already sold goes to COGS', async () => {
    const receipt = await h.receive('PAR', [
      { sku: 'LC-A', quantity: '10', unitCost: '5' },
      { sku: 'LC-B', quantity: '20', unitCost: '1' },
    ]);
    expect((await h.deliver('PAR', [{ sku: 'LC-A', quantity: '4' }])).userErrors).toEqual([]);
    const cogsBefore = Number(await books.balance('COGS'));
    const { landedCostCreate } = await app.ok(LandedCostCreateDocument, {
      input: {
        transferIds: [receipt.id],
        method: 'QUANTITY',
        reference: 'CARRIER-88',
        lines: [
          { kind: 'FREIGHT', amount: '30' },
          { kind: 'DUTY', amount: '12' },
        ],
      },
    });
    expect(landedCostCreate.userErrors).toEqual([]);
    const lc = landedCostCreate.landedCost!;
    expect(lc.amount).toBe('42');
    // A: 10 of 30 units -> 14.00, 6 of its 10 still on hand -> 8.40 on hand, 5.60 sold. B: 28.00 on hand.
    const byProduct = Object.fromEntries(lc.allocations.map((a) => [a.product.sku, a]));
    expect(byProduct['LC-A']).toMatchObject({ amount: '14', onHandAmount: '8.4', consumedAmount: '5.6' });
    expect(byProduct['LC-B']).toMatchObject({ amount: '28', onHandAmount: '28', consumedAmount: '0' });
    const entry = lc.entry!;
    expect(entry).toMatchObject({ source: 'LANDED_COST', state: 'POSTED', reference: 'CARRIER-88' });
    const sum = (code: string, side: 'debit' | 'credit') =>
      entry.lines.filter((l) => l.account.code === code).reduce((s, l) => s + Number(l[side]), 0);
    expect(sum('1300', 'debit')).toBeCloseTo(36.4, 6);
    expect(sum('5000', 'debit')).toBeCloseTo(5.6, 6);
    expect(sum('2150', 'credit')).toBeCloseTo(42, 6);
    expect(Number(await books.balance('COGS')) - cogsBefore).toBeCloseTo(5.6, 6);
    expect(await value('LC-A')).toMatchObject({ quantity: '6', value: '38.4' });
    expect(await value('LC-B')).toMatchObject({ quantity: '20', value: '48' });
    await books.assertBooks(['PAR']);
    // The revalued layer is what the next delivery costs.
    const out = await h.deliver('PAR', [{ sku: 'LC-A', quantity: '6' }]);
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { reference: out.transfer!.name } });
    const cogs = journalEntries.edges[0].node.lines.find((l) => l.account.code === '5000')!;
    expect(cogs.debit).toBe('38.4');
    await books.assertBooks(['PAR']);
  });

  it('splits by weight and by value, over several receipts, to the cent', async () => {
    const r1 = await h.receive('PAR', [{ sku: 'LC-A', quantity: '10', unitCost: '3' }]); // 20 kg, value 30
    const r2 = await h.receive('PAR', [{ sku: 'LC-B', quantity: '20', unitCost: '0.5' }]); // 20 kg, value 10
    const byWeight = await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [r1.id, r2.id], method: 'WEIGHT', lines: [{ kind: 'INSURANCE', amount: '10.01' }] },
    });
    expect(byWeight.landedCostCreate.landedCost!.allocations.map((a) => a.amount).sort()).toEqual(['5', '5.01']);
    const byValue = await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [r1.id, r2.id], method: 'VALUE', lines: [{ kind: 'FREIGHT', amount: '8' }] },
    });
    const shares = Object.fromEntries(
      byValue.landedCostCreate.landedCost!.allocations.map((a) => [a.product.sku, a.amount]),
    );
    expect(shares).toEqual({ 'LC-A': '6', 'LC-B': '2' });
    await books.assertBooks(['PAR']);
  });

  it('average cost: the on-hand part raises the average', async () => {
    const r = await h.receive('PAR', [{ sku: 'LC-C', quantity: '10', unitCost: '1' }]);
    await h.deliver('PAR', [{ sku: 'LC-C', quantity: '5' }]);
    await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [r.id], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '10' }] },
    });
    expect(await value('LC-C')).toMatchObject({ quantity: '5', value: '10', unitCost: '2' });
    await books.assertBooks(['PAR']);
  });

  it('refuses what cannot carry the cost and writes nothing', async () => {
    const [before] = await app.sql(
      'select (select count(*) from landed_cost) lc, (select count(*) from journal_entry) je',
    );
    await books.product('LC-NOWEIGHT', fifo);
    const r = await h.receive('PAR', [{ sku: 'LC-NOWEIGHT', quantity: '1', unitCost: '1' }]);
    const [afterReceipt] = await app.sql(
      'select (select count(*) from landed_cost) lc, (select count(*) from journal_entry) je',
    );
    const noWeight = await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [r.id], method: 'WEIGHT', lines: [{ kind: 'FREIGHT', amount: '1' }] },
    });
    expect(noWeight.landedCostCreate.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'method'] }]);
    const delivery = (await h.deliver('PAR', [{ sku: 'LC-NOWEIGHT', quantity: '1' }])).transfer!;
    const notReceipt = await app.ok(LandedCostCreateDocument, {
      input: { transferIds: [delivery.id], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount: '1' }] },
    });
    expect(notReceipt.landedCostCreate.userErrors).toMatchObject([
      { code: 'INVALID', field: ['input', 'transferIds', '0'] },
    ]);
    const unknown = await app.ok(LandedCostCreateDocument, {
      input: {
        transferIds: ['00000000-0000-4000-8000-000000000000'],
        method: 'QUANTITY',
        lines: [{ kind: 'FREIGHT', amount: '0' }],
      },
    });
    expect(unknown.landedCostCreate.userErrors[0]).toMatchObject({ code: 'INVALID' });
    const [after] = await app.sql(
      'select (select count(*) from landed_cost) lc, (select count(*) from journal_entry) je',
    );
    expect(after.lc).toBe(before.lc);
    expect(Number(after.je)).toBe(Number(afterReceipt.je) + 1); // only the delivery posted
    await books.assertBooks(['PAR']);
  });
});
