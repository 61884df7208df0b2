import {
  InventoryCountApplyDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  JournalEntriesDocument,
  ScrapDocument,
  TransferCreateDocument,
  TransferReceiveDocument,
  TransferShipDocument,
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
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  books = accountingHelpers(app);
  fifo = await books.category('Valuation FIFO', 'FIFO');
  average = await books.category('Valuation AVERAGE', 'AVERAGE');
});
afterAll(() => app.close());

const receive = (sku: string, quantity: string, unitCost?: string, wh = 'PAR') =>
  h.receive(wh, [{ sku, quantity, unitCost }]);
async function deliver(sku: string, quantity: string, wh = 'PAR') {
  const result = await h.deliver(wh, [{ sku, quantity }]);
  expect(result.userErrors).toEqual([]);
  return result.transfer!;
}
async function entryOf(reference: string) {
  const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { reference } });
  expect(journalEntries.totalCount).toBe(1);
  return journalEntries.edges[0].node;
}
const line = (entry: Awaited<ReturnType<typeof entryOf>>, code: string) =>
  entry.lines.filter((l) => l.account.code === code);

describe('FIFO', () => {
  it('values deliveries from the oldest layers, across layers, as computed by hand', async () => {
    await books.product('VAL-FIFO', fifo);
    await receive('VAL-FIFO', '10', '2'); //  20.00
    await receive('VAL-FIFO', '5', '3'); //   15.00
    const third = await receive('VAL-FIFO', '8', '4.5'); // 36.00
    const receipt = await entryOf(third.name);
    expect(receipt.source).toBe('STOCK');
    expect(line(receipt, '1300')).toMatchObject([{ debit: '36', credit: '0', warehouse: { code: 'PAR' } }]);
    expect(line(receipt, '2100')).toMatchObject([{ debit: '0', credit: '36' }]);
    expect(line(receipt, '1300')[0].stockMove!.id).toBe(third.moves[0].id);

    // 12 = 10 x 2.00 + 2 x 3.00 = 26.00
    const first = await deliver('VAL-FIFO', '12');
    const out1 = await entryOf(first.name);
    expect(line(out1, '5000')).toMatchObject([{ debit: '26', product: { sku: 'VAL-FIFO' } }]);
    expect(line(out1, '1300')).toMatchObject([{ credit: '26' }]);
    // 9 = 3 x 3.00 + 6 x 4.50 = 36.00
    const second = await deliver('VAL-FIFO', '9');
    expect(line(await entryOf(second.name), '5000')).toMatchObject([{ debit: '36' }]);

    const par = await books.valuation('PAR');
    expect(par.lines.find((l) => l.product.sku === 'VAL-FIFO')).toMatchObject({
      quantity: '2',
      value: '9',
      unitCost: '4.5',
    });
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('a customer return comes back at cost, scrap and count losses leave at cost', async () => {
    await books.product('VAL-RET', fifo);
    await receive('VAL-RET', '4', '5'); // 20.00
    await deliver('VAL-RET', '4'); // COGS 20.00
    // Nothing on hand: the return is valued at the last cost the product had (5.00).
    const ret = await app.ok(TransferCreateDocument, {
      input: { type: 'RETURN', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'VAL-RET', quantity: '2' }] },
    });
    const back = await entryOf(ret.transferCreate.transfer!.name);
    expect(line(back, '1300')).toMatchObject([{ debit: '10' }]);
    expect(line(back, '5000')).toMatchObject([{ credit: '10' }]);

    const stock = await h.location('PAR', 'Stock');
    const scrapped = await app.ok(ScrapDocument, { input: { sku: 'VAL-RET', locationId: stock.id, quantity: '1' } });
    expect(scrapped.scrap.userErrors).toEqual([]);
    const scrapEntry = await entryOf(scrapped.scrap.move!.reference!);
    expect(line(scrapEntry, '5200')).toMatchObject([{ debit: '5' }]);

    const start = await app.ok(InventoryCountStartDocument, { input: { warehouseCode: 'PAR', skus: ['VAL-RET'] } });
    const countId = start.inventoryCountStart.inventoryCount!.id;
    await app.ok(InventoryCountRecordDocument, {
      input: { countId, lines: [{ sku: 'VAL-RET', locationId: stock.id, countedQuantity: '0' }] },
    });
    const applied = await app.ok(InventoryCountApplyDocument, { input: { countId } });
    expect(applied.inventoryCountApply.inventoryCount!.state).toBe('DONE');
    expect((await books.valuation('PAR')).lines.find((l) => l.product.sku === 'VAL-RET')).toBeUndefined();
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('a transfer between warehouses carries its layers through transit, Inventory to Inventory', async () => {
    await books.product('VAL-SHIP', fifo);
    await receive('VAL-SHIP', '10', '1', 'PAR');
    await receive('VAL-SHIP', '10', '2', 'PAR');
    const created = await app.ok(TransferCreateDocument, {
      input: {
        type: 'INTERNAL',
        warehouseCode: 'PAR',
        destinationWarehouseCode: 'LYO',
        lines: [{ sku: 'VAL-SHIP', quantity: '15' }],
      },
    });
    const id = created.transferCreate.transfer!.id;
    await app.ok(TransferShipDocument, { input: { transferId: id } });
    const value = async (wh?: string) =>
      (await books.valuation(wh)).lines.find((l) => l.product.sku === 'VAL-SHIP') ?? null;
    expect(await value('PAR')).toMatchObject({ quantity: '5', value: '10' });
    expect(await value('LYO')).toBeNull();
    expect(await value()).toMatchObject({ quantity: '20', value: '30' }); // 15 in transit worth 20.00
    await books.assertBooks(['PAR', 'LYO']);
    await app.ok(TransferReceiveDocument, { input: { transferId: id } });
    expect(await value('LYO')).toMatchObject({ quantity: '15', value: '20' });
    // In LYO the 15 units form one layer at their average: a delivery of 3 costs 4.00.
    const out = await deliver('VAL-SHIP', '3', 'LYO');
    expect(line(await entryOf(out.name), '5000')).toMatchObject([{ debit: '4' }]);
    await books.assertBooks(['PAR', 'LYO']);
  });
});

describe('average cost', () => {
  it('values deliveries at the running average, as computed by hand', async () => {
    await books.product('VAL-AVG', average);
    await receive('VAL-AVG', '10', '2'); // 20.00
    await receive('VAL-AVG', '5', '3.5'); // 17.50 -> 15 at 2.50
    const d1 = await deliver('VAL-AVG', '6'); // 15.00 -> 9 worth 22.50
    expect(line(await entryOf(d1.name), '5000')).toMatchObject([{ debit: '15' }]);
    await receive('VAL-AVG', '3', '4'); // 12.00 -> 12 worth 34.50, average 2.875
    const d2 = await deliver('VAL-AVG', '8'); // 8 x 2.875 = 23.00 -> 4 worth 11.50
    expect(line(await entryOf(d2.name), '5000')).toMatchObject([{ debit: '23' }]);
    expect((await books.valuation('PAR')).lines.find((l) => l.product.sku === 'VAL-AVG')).toMatchObject({
      quantity: '4',
      value: '11.5',
      unitCost: '2.875',
    });
    await receive('VAL-AVG', '2', '1'); // 6 worth 13.50, average 2.25
    const d3 = await deliver('VAL-AVG', '1'); // 2.25 -> 5 worth 11.25
    expect(line(await entryOf(d3.name), '5000')).toMatchObject([{ debit: '2.25' }]);
    const d4 = await deliver('VAL-AVG', '5'); // the last units take exactly what is left: 11.25
    expect(line(await entryOf(d4.name), '5000')).toMatchObject([{ debit: '11.25' }]);
    expect((await books.valuation('PAR')).lines.find((l) => l.product.sku === 'VAL-AVG')).toBeUndefined();
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('thirds round to cents and the last unit takes the remainder, so nothing is left behind', async () => {
    await books.product('VAL-THIRD', average);
    await receive('VAL-THIRD', '3', '0.333333'); // 1.00
    const a = await deliver('VAL-THIRD', '1'); // 0.33
    const b = await deliver('VAL-THIRD', '1'); // 0.34 (0.67 / 2 rounds half up)
    const c = await deliver('VAL-THIRD', '1'); // 0.33
    const cogs = await Promise.all([a, b, c].map(async (t) => line(await entryOf(t.name), '5000')[0].debit));
    expect(cogs).toEqual(['0.33', '0.34', '0.33']);
    await books.assertBooks();
  });

  it('a receipt without unit cost is valued at the current average (documented), so the books still hold', async () => {
    await books.product('VAL-NOCOST', average);
    await receive('VAL-NOCOST', '4', '2.5');
    const free = await receive('VAL-NOCOST', '4');
    expect(line(await entryOf(free.name), '1300')).toMatchObject([{ debit: '10' }]);
    await books.product('VAL-ZERO', fifo);
    const zero = await receive('VAL-ZERO', '4');
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { reference: zero.name } });
    expect(journalEntries.totalCount).toBe(0); // never costed: valued at 0, nothing to post
    expect((await books.valuation('PAR')).lines.find((l) => l.product.sku === 'VAL-ZERO')).toMatchObject({
      quantity: '4',
      value: '0',
    });
    await books.assertBooks();
  });
});
