import {
  AgedPayablesDocument,
  BalanceSheetDocument,
  BillSettlementDocument,
  BillWithTermDocument,
  PurchaseOrderReceiveDocument,
  SupplierWithTermDocument,
  TrialBalanceRangeDocument,
  VendorPaymentCreateDocument,
  VendorPaymentsDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** Another company neither sees nor pays this company's bills and payments, and its reports hold only its own lines. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('payments and reports are per company', () => {
  it("company B cannot pay A's bill, see A's payment, or find A's payables in its reports", async () => {
    await stockHelpers(app).product('ISO-PAY');
    const p = purchasingHelpers(app);
    const supplier = await p.supplier('ISOPAY');
    const po = await p.confirmedOrder(supplier.id, 'PAR', [{ sku: 'ISO-PAY', quantity: '1', unitPrice: '70' }]);
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] },
    });
    const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'ISO-1',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '70' }],
      },
    });
    const billId = vendorBillCreate.vendorBill!.id;
    const { vendorPaymentCreate } = await app.ok(VendorPaymentCreateDocument, {
      input: { supplierId: supplier.id, allocations: [{ billId, amount: '30' }] },
    });
    expect(vendorPaymentCreate.userErrors).toEqual([]);

    const { adminKey } = await app.createCompany('ISO-B');
    const b = app.as(adminKey);
    const { supplierCreate } = await b.ok(SupplierWithTermDocument, { input: { code: 'BSUP', name: 'B supplier' } });
    const paid = await b.ok(VendorPaymentCreateDocument, {
      input: { supplierId: supplierCreate.supplier!.id, allocations: [{ billId, amount: '1' }] },
    });
    expect(paid.vendorPaymentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
    const withA = await b.ok(VendorPaymentCreateDocument, {
      input: { supplierId: supplier.id, allocations: [{ billId, amount: '1' }] },
    });
    expect(withA.vendorPaymentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'supplierId'] }),
    ]);
    expect((await b.ok(VendorPaymentsDocument, {})).vendorPayments.totalCount).toBe(0);
    expect((await b.ok(BillSettlementDocument, { id: billId })).vendorBill).toBeNull();
    const aged = (await b.ok(AgedPayablesDocument, {})).agedPayables;
    expect(aged.lines).toEqual([]);
    expect(aged.payablesAccountBalance).toBe('0');
    const sheet = (await b.ok(BalanceSheetDocument, {})).balanceSheet;
    expect([sheet.totalAssets, sheet.totalLiabilities, sheet.totalEquity]).toEqual(['0', '0', '0']);
    const range = (await b.ok(TrialBalanceRangeDocument, {})).trialBalanceRange;
    expect(range.lines.every((l) => l.debit === '0' && l.credit === '0')).toBe(true);
    // A's own figures are untouched: 40 still owed.
    expect((await app.ok(BillSettlementDocument, { id: billId })).vendorBill!.amountResidual).toBe('40');
  });
});
