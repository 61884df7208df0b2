import {
  InventoryValuationDocument,
  LandedCostCreateDocument,
  ScrapDocument,
  TransferCreateDocument,
  TransferReceiveDocument,
  TransferShipDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Landed cost on goods that moved on after their receipt: the part still owned (on hand in
 * another warehouse, or in transit) revalues the layers the goods now sit in, only the part
 * that left the company is expensed, to the account the goods left through.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let books: ReturnType<typeof accountingHelpers>;
let fifo: string;
let average: string;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  books = accountingHelpers(app);
  fifo = await books.category('LCT FIFO', 'FIFO');
  average = await books.category('LCT AVERAGE', 'AVERAGE');
});
afterAll(() => app.close());

/** Ships from one warehouse to another; `arrive` false leaves the goods in transit. */
async function transfer(sku: string, quantity: string, from: string, to: string, arrive = true) {
  const { transferCreate } = await app.ok(TransferCreateDocument, {
    input: { type: 'INTERNAL', warehouseCode: from, destinationWarehouseCode: to, lines: [{ sku, quantity }] },
  });
  expect(transferCreate.userErrors).toEqual([]);
  const transferId = transferCreate.transfer!.id;
  expect((await app.ok(TransferShipDocument, { input: { transferId } })).transferShip.userErrors).toEqual([]);
  if (arrive) {
    expect((await app.ok(TransferReceiveDocument, { input: { transferId } })).transferReceive.userErrors).toEqual([]);
  }
}

async function valued(sku: string, warehouseCode?: string) {
  const { inventoryValuation } = await app.ok(InventoryValuationDocument, { warehouseCode });
  const line = inventoryValuation.lines.find((l) => l.product.sku === sku);
  return { quantity: line?.quantity ?? '0', value: line?.value ?? '0' };
}

/** Value in transit: the whole company minus the warehouses. */
async function inTransit(sku: string) {
  const all = await valued(sku);
  const par = await valued(sku, 'PAR');
  const lyo = await valued(sku, 'LYO');
  return {
    quantity: String(Number(all.quantity) - Number(par.quantity) - Number(lyo.quantity)),
    value: (Number(all.value) - Number(par.value) - Number(lyo.value)).toFixed(2),
  };
}

async function balances() {
  return {
    cogs: Number(await books.balance('COGS')),
    scrap: Number(await books.balance('SCRAP')),
    shrinkage: Number(await books.balance('SHRINKAGE')),
    clearing: Number(await books.balance('LANDED_COST_CLEARING')),
  };
}

async function landed(transferId: string, amount: string) {
  const { landedCostCreate } = await app.ok(LandedCostCreateDocument, {
    input: { transferIds: [transferId], method: 'QUANTITY', lines: [{ kind: 'FREIGHT', amount }] },
  });
  expect(landedCostCreate.userErrors).toEqual([]);
  return landedCostCreate.landedCost!;
}

describe('landed cost on goods that moved to another warehouse', () => {
  it('receive 10 at 5, move 4 to LYO, deliver 3 from PAR, 20 of freight: 6 + 8 revalue PAR and LYO, 6 to COGS', async () => {
    await books.product('LCT-1', fifo);
    const receipt = await h.receive('PAR', [{ sku: 'LCT-1', quantity: '10', unitCost: '5' }]);
    await transfer('LCT-1', '4', 'PAR', 'LYO');
    expect((await h.deliver('PAR', [{ sku: 'LCT-1', quantity: '3' }])).userErrors).toEqual([]);
    const before = await balances();
    const lc = await landed(receipt.id, '20');
    // 2.00 a unit: 3 still in PAR (6.00), 4 in LYO (8.00), 3 delivered (6.00).
    expect(lc.allocations).toMatchObject([{ amount: '20', onHandAmount: '14', consumedAmount: '6' }]);
    expect(await valued('LCT-1', 'PAR')).toEqual({ quantity: '3', value: '21' });
    expect(await valued('LCT-1', 'LYO')).toEqual({ quantity: '4', value: '28' });
    const after = await balances();
    expect(after.cogs - before.cogs).toBeCloseTo(6, 6);
    expect(after.clearing - before.clearing).toBeCloseTo(-20, 6);
    const debits = (code: string) =>
      lc.entry!.lines.filter((l) => l.account.code === code).reduce((s, l) => s + Number(l.debit), 0);
    expect(debits('1300')).toBeCloseTo(14, 6);
    expect(debits('5000')).toBeCloseTo(6, 6);
    await books.assertBooks(['PAR', 'LYO']);
    // The revalued layers are what leaves next: 7 each in both warehouses.
    await transfer('LCT-1', '1', 'LYO', 'PAR');
    expect(await valued('LCT-1', 'PAR')).toEqual({ quantity: '4', value: '28' });
    const out = await h.deliver('LYO', [{ sku: 'LCT-1', quantity: '3' }]);
    expect(out.userErrors).toEqual([]);
    expect(await valued('LCT-1', 'LYO')).toEqual({ quantity: '0', value: '0' });
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('goods in transit are revalued in transit; scrapped goods go to scrap, not COGS', async () => {
    await books.product('LCT-2', fifo);
    const receipt = await h.receive('PAR', [{ sku: 'LCT-2', quantity: '10', unitCost: '1' }]);
    await transfer('LCT-2', '5', 'PAR', 'LYO', false);
    const stock = await h.location('PAR', 'Stock');
    const { scrap } = await app.ok(ScrapDocument, { input: { sku: 'LCT-2', locationId: stock.id, quantity: '2' } });
    expect(scrap.userErrors).toEqual([]);
    const before = await balances();
    const lc = await landed(receipt.id, '10');
    expect(lc.allocations).toMatchObject([{ amount: '10', onHandAmount: '8', consumedAmount: '2' }]);
    expect(await valued('LCT-2', 'PAR')).toEqual({ quantity: '3', value: '6' });
    expect(await inTransit('LCT-2')).toEqual({ quantity: '5', value: '10.00' });
    const after = await balances();
    expect(after.scrap - before.scrap).toBeCloseTo(2, 6);
    expect(after.cogs - before.cogs).toBeCloseTo(0, 6);
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('average cost: goods moved on raise the average where they now are, over two hops', async () => {
    await books.product('LCT-3', average);
    await h.receive('LYO', [{ sku: 'LCT-3', quantity: '10', unitCost: '3' }]); // older stock in LYO
    const receipt = await h.receive('PAR', [{ sku: 'LCT-3', quantity: '8', unitCost: '1' }]);
    await transfer('LCT-3', '6', 'PAR', 'LYO');
    await transfer('LCT-3', '2', 'LYO', 'PAR'); // LYO's average now mixes both receipts
    expect((await h.deliver('PAR', [{ sku: 'LCT-3', quantity: '1' }])).userErrors).toEqual([]);
    const before = await balances();
    const all = await valued('LCT-3');
    const lc = await landed(receipt.id, '16'); // 2.00 a received unit
    const [allocation] = lc.allocations;
    expect(allocation.amount).toBe('16');
    // Exactly one of the 8 received units left the company; whatever path, 7 units' worth stays in stock.
    expect(allocation.consumedAmount).toBe('2');
    expect(allocation.onHandAmount).toBe('14');
    expect(Number((await valued('LCT-3')).value) - Number(all.value)).toBeCloseTo(14, 6);
    expect((await balances()).cogs - before.cogs).toBeCloseTo(2, 6);
    await books.assertBooks(['PAR', 'LYO']);
  });
});
