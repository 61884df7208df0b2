import { JournalEntriesDocument, TransferCreateDocument, WarehouseCreateDocument } from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let books: ReturnType<typeof accountingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  books = accountingHelpers(app);
});
afterAll(() => app.close());

describe('opening stock', () => {
  it('an opening receipt debits Inventory and credits opening balance equity (3900), never GR/IR', async () => {
    const grni = await books.balance('GRNI');
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        opening: true,
        warehouseCode: 'PAR',
        validate: true,
        referenceDocumentUri: 'go-live-1',
        lines: [{ sku: 'BEV-EGGS', quantity: '10', unitCost: '3.1' }],
      },
    });
    expect(transferCreate.userErrors).toEqual([]);
    const { journalEntries } = await app.ok(JournalEntriesDocument, {
      filter: { reference: transferCreate.transfer!.name },
    });
    const lines = journalEntries.edges[0].node.lines.map((l) => [l.account.code, l.debit, l.credit]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['1300', '31', '0'],
        ['3900', '0', '31'],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(await books.balance('GRNI')).toBe(grni);
  });

  it('only a receipt brings in opening stock', async () => {
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: { type: 'DELIVERY', opening: true, warehouseCode: 'PAR', lines: [{ sku: 'BEV-EGGS', quantity: '1' }] },
    });
    expect(transferCreate.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'opening'] }]);
  });
  it('a company made before the Opening balance location existed gets it on its first opening receipt', async () => {
    const bare = await startTestApp({ seed: false });
    try {
      await bare.sql(`delete from location where company_id = $1 and type = 'OPENING'`, [bare.companyId]);
      await bare.ok(WarehouseCreateDocument, { input: { code: 'OPN', name: 'Opening', timeZone: 'UTC' } });
      await stockHelpers(bare).product('OPN-1');
      const { transferCreate } = await bare.ok(TransferCreateDocument, {
        input: {
          type: 'RECEIPT',
          opening: true,
          warehouseCode: 'OPN',
          validate: true,
          lines: [{ sku: 'OPN-1', quantity: '2', unitCost: '3' }],
        },
      });
      expect(transferCreate.userErrors).toEqual([]);
      const [row] = await bare.sql<{ n: string }>(
        `select count(*) as n from location where company_id = $1 and type = 'OPENING' and full_name = 'Virtual/Opening balance'`,
        [bare.companyId],
      );
      expect(row.n).toBe('1');
      expect(await accountingHelpers(bare).balance('OPENING_BALANCE')).toBe('-6');
    } finally {
      await bare.close();
    }
  });
});
