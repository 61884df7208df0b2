import {
  JournalEntriesDocument,
  JournalEntryReverseDocument,
  PurchaseOrderReceiveDocument,
  VendorBillCreateDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
let books: ReturnType<typeof accountingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  books = accountingHelpers(app);
});
afterAll(() => app.close());

describe('vendor bills in the books', () => {
  it('a receipt credits GRNI at its cost; the bill clears GRNI, books the price variance and owes the supplier', async () => {
    await h.product('ACC-BILL');
    const supplier = await p.supplier('ACCSUP');
    await p.price({ supplierId: supplier.id, sku: 'ACC-BILL', unitPrice: '10' });
    const po = await p.confirmedOrder(supplier.id, 'PAR', [{ sku: 'ACC-BILL', quantity: '10' }]);
    const grni = Number(await books.balance('GRNI'));
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '10' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    expect(Number(await books.balance('GRNI')) - grni).toBeCloseTo(-100, 6);
    expect((await books.valuation('PAR')).lines.find((l) => l.product.sku === 'ACC-BILL')).toMatchObject({
      quantity: '10',
      value: '100',
    });

    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'INV-2026-001',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '10', unitPrice: '10.15' }],
      },
    });
    expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
    const billId = vendorBillCreate.vendorBill!.id;
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { billId } });
    expect(journalEntries.totalCount).toBe(1);
    const entry = journalEntries.edges[0].node;
    expect(entry).toMatchObject({ source: 'VENDOR_BILL', state: 'POSTED', reference: 'INV-2026-001', total: '101.5' });
    expect(entry.journal.code).toBe('PUR');
    const pick = (code: string) => entry.lines.find((l) => l.account.code === code)!;
    expect(pick('2100')).toMatchObject({ debit: '100', credit: '0', product: { sku: 'ACC-BILL' } });
    expect(pick('5300')).toMatchObject({ debit: '1.5', credit: '0' });
    expect(pick('2000')).toMatchObject({ debit: '0', credit: '101.5' });
    for (const line of entry.lines) expect(line).toMatchObject({ billId, partnerId: supplier.id });
    // Received and billed: this order leaves nothing in GRNI.
    expect(Number(await books.balance('GRNI'))).toBeCloseTo(grni, 6);
    await books.assertBooks(['PAR', 'LYO']);

    // Issue 23 item 4: the bill's entry is reversed through the bill, never alone.
    const payable = await books.balance('ACCOUNTS_PAYABLE');
    const { journalEntryReverse } = await app.ok(JournalEntryReverseDocument, { input: { id: entry.id } });
    expect(journalEntryReverse.userErrors).toMatchObject([{ code: 'DOCUMENT_ENTRY', field: ['input', 'id'] }]);
    expect(journalEntryReverse.userErrors[0].message).toContain('INV-2026-001');
    expect(await books.balance('ACCOUNTS_PAYABLE')).toBe(payable);
  });
});
