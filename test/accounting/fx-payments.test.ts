import { Decimal } from '../../src/db/decimal';
import {
  AgedPayablesDocument,
  BillSettlementDocument,
  BillWithTermDocument,
  ExchangeRateSetDocument,
  PaymentTermCreateDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  PurchaseOrderReceiveDocument,
  PurchaseOrderReturnDocument,
  VendorCreditNoteCreateDocument,
  SupplierWithTermDocument,
  TrialBalanceDocument,
  VendorBillCancelDocument,
  VendorPaymentCancelDocument,
  VendorPaymentCreateDocument,
  type VendorPaymentCreateInput,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { at, day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Issue 23, payments in a foreign currency: a bill in USD is paid in USD, converted at the
 * payment date's rate; what the payment clears of payables (at the bill's booked rate) against
 * what it cost at its own rate is the realized exchange difference, to 4800 / 6800 (Odoo's
 * exchange difference entry). The books are in EUR (the demo company).
 */
let app: TestApp;
let p: ReturnType<typeof purchasingHelpers>;
let books: ReturnType<typeof accountingHelpers>;
let early: string;
const c = (v: string | null | undefined) => new Decimal(v ?? 0).toFixed(2);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  p = purchasingHelpers(app);
  books = accountingHelpers(app);
  await stockHelpers(app).product('FXP-P');
  const { paymentTermCreate } = await app.ok(PaymentTermCreateDocument, {
    input: {
      code: 'FX-2-10',
      name: '2/10 net 30',
      lines: [{ percent: '100', days: 30 }],
      discountPercent: '2',
      discountDays: 10,
    },
  });
  early = paymentTermCreate.paymentTerm!.id;
});
afterAll(() => app.close());

async function setRate(currency: string, date: string, rate: string) {
  const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, { input: { currency, date, rate } });
  expect(exchangeRateSet.userErrors).toEqual([]);
}

async function supplier(code: string, currency: string, paymentTermId?: string) {
  const { supplierCreate } = await app.ok(SupplierWithTermDocument, {
    input: { code, name: code, currency, paymentTermId },
  });
  expect(supplierCreate.userErrors).toEqual([]);
  return supplierCreate.supplier!.id;
}

let billNo = 0;
/** One unit at `amount` (the supplier's currency) ordered, received today and billed at `billDate`. */
async function bill(supplierId: string, amount: string, billDate: string, currency?: string) {
  const { purchaseOrderCreate } = await p.as('buyer', PurchaseOrderCreateDocument, {
    input: { supplierId, warehouseCode: 'PAR', currency, lines: [{ sku: 'FXP-P', quantity: '1', unitPrice: amount }] },
  });
  expect(purchaseOrderCreate.userErrors).toEqual([]);
  const po = purchaseOrderCreate.purchaseOrder!;
  const { purchaseOrderConfirm } = await p.as('buyer', PurchaseOrderConfirmDocument, {
    input: { purchaseOrderId: po.id },
  });
  expect(purchaseOrderConfirm.userErrors).toEqual([]);
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
    input: {
      supplierId,
      reference: `FXP-INV-${++billNo}`,
      billDate,
      currency,
      lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: amount }],
    },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  return vendorBillCreate.vendorBill!;
}

const pay = async (input: VendorPaymentCreateInput) =>
  (await app.ok(VendorPaymentCreateDocument, { input })).vendorPaymentCreate;
const settlement = async (id: string) => (await app.ok(BillSettlementDocument, { id })).vendorBill!;
const lines = (entry: { lines: { account: { code: string }; debit: string; credit: string }[] } | null | undefined) =>
  entry!.lines.map((l) => [l.account.code, c(l.debit), c(l.credit)]).sort();

/** Trial balance 0, inventory = valuation, and aged payables = the payables account, at the end of `n` days. */
async function assertPayables(n = 10) {
  await books.assertBooks();
  const asOf = day(n);
  const { agedPayables } = await app.ok(AgedPayablesDocument, { asOf });
  const { trialBalance } = await app.ok(TrialBalanceDocument, { at: `${asOf}T23:59:59.999Z` });
  const payables = new Decimal(
    trialBalance.lines.find((l) => l.account.role === 'ACCOUNTS_PAYABLE')!.balance,
  ).negated();
  expect(c(agedPayables.total.total)).toBe(payables.toFixed(2));
  expect(c(agedPayables.payablesAccountBalance)).toBe(payables.toFixed(2));
}

async function footprint() {
  const [row] = await app.sql(
    `select (select count(*) from vendor_payment) payments, (select count(*) from vendor_payment_allocation) allocations,
            (select count(*) from journal_entry) entries, (select count(*) from journal_line) lines`,
  );
  return row;
}

describe('foreign-currency payments', () => {
  it('pays a USD bill in full in USD at the payment rate: payables cleared at the booked 190.00, bank 184.00, 6.00 exchange gain', async () => {
    await setRate('USD', day(-400), '0.9');
    await setRate('USD', day(1), '0.95');
    await setRate('USD', day(3), '0.92');
    const usd = await supplier('FXP-USD', 'USD');
    const b = await bill(usd, '200', at(1));
    expect(b).toMatchObject({ amountResidual: '190', amountResidualCurrency: '200', paymentState: 'NOT_PAID' });

    const res = await pay({ supplierId: usd, allocations: [{ billId: b.id, amount: '200' }], date: at(3) });
    expect(res.userErrors).toEqual([]);
    const payment = res.vendorPayment!;
    expect(payment).toMatchObject({ currency: 'USD', amount: '200', exchangeRate: '0.92', companyAmount: '184' });
    expect(payment.allocations[0]).toMatchObject({ amount: '200', companyAmount: '190', exchangeDifference: '6' });
    expect(lines(payment.entry)).toEqual([
      ['1000', '0.00', '184.00'],
      ['2000', '190.00', '0.00'],
      ['4800', '0.00', '6.00'],
    ]);
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '0',
      amountResidualCurrency: '0',
      paymentState: 'PAID',
    });
    await assertPayables();
  });

  it('pays a GBP bill in two parts at two rates (a loss, then a gain), and cancelling the second reverses its exchange difference', async () => {
    await setRate('GBP', day(-400), '1.1');
    await setRate('GBP', day(1), '1.2');
    await setRate('GBP', day(2), '1.3');
    await setRate('GBP', day(3), '1');
    const gbp = await supplier('FXP-GBP', 'GBP');
    const b = await bill(gbp, '200', at(1));
    expect(b.amountResidual).toBe('240');

    // 50 GBP at 1.30 = 65.00 paid for 60.00 of payables (50/200 of 240): 5.00 exchange loss.
    const first = await pay({ supplierId: gbp, allocations: [{ billId: b.id, amount: '50' }], date: at(2) });
    expect(first.userErrors).toEqual([]);
    expect(lines(first.vendorPayment!.entry)).toEqual([
      ['1000', '0.00', '65.00'],
      ['2000', '60.00', '0.00'],
      ['6800', '5.00', '0.00'],
    ]);
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '180',
      amountResidualCurrency: '150',
      paymentState: 'PARTIAL',
    });
    await assertPayables();

    // More than the 150 GBP left is refused, in GBP.
    const over = await pay({ supplierId: gbp, allocations: [{ billId: b.id, amount: '150.01' }], date: at(3) });
    expect(over.userErrors).toEqual([
      expect.objectContaining({ code: 'OVER_ALLOCATION', field: ['input', 'allocations', '0', 'amount'] }),
    ]);

    // The last 150 GBP at 1.00 = 150.00 clear the 180.00 left exactly: 30.00 gain.
    const last = await pay({ supplierId: gbp, allocations: [{ billId: b.id, amount: '150' }], date: at(3) });
    expect(last.userErrors).toEqual([]);
    expect(lines(last.vendorPayment!.entry)).toEqual([
      ['1000', '0.00', '150.00'],
      ['2000', '180.00', '0.00'],
      ['4800', '0.00', '30.00'],
    ]);
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '0',
      amountResidualCurrency: '0',
      paymentState: 'PAID',
    });
    await assertPayables();

    const gainBefore = new Decimal(await books.balance('EXCHANGE_GAIN', at(10)));
    const { vendorPaymentCancel } = await app.ok(VendorPaymentCancelDocument, {
      input: { paymentId: last.vendorPayment!.id, reason: 'wrong rate', date: at(4) },
    });
    expect(vendorPaymentCancel.userErrors).toEqual([]);
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '180',
      amountResidualCurrency: '150',
      paymentState: 'PARTIAL',
    });
    // The reversal took the 30.00 gain back (a credit balance, so it rises by 30 towards 0).
    expect(new Decimal(await books.balance('EXCHANGE_GAIN', at(10))).minus(gainBefore).toFixed(2)).toBe('30.00');
    await assertPayables();
  });

  it('takes the early payment discount in the bill currency, converted at the payment rate', async () => {
    await setRate('CHF', day(-400), '1');
    await setRate('CHF', day(1), '1.05');
    await setRate('CHF', day(2), '1.1');
    const chf = await supplier('FXP-CHF', 'CHF', early);
    const b = await bill(chf, '100', at(1));
    expect(b).toMatchObject({ amountResidual: '105', discountAmount: '2.1' });
    // 98 CHF by the discount date settles the bill with 2 CHF off: 107.80 from the bank, 2.20
    // discount at 1.10, 105.00 cleared: a 5.00 loss.
    const res = await pay({ supplierId: chf, allocations: [{ billId: b.id, amount: '98' }], date: at(2) });
    expect(res.userErrors).toEqual([]);
    expect(res.vendorPayment!.allocations[0]).toMatchObject({ amount: '98', discount: '2', exchangeDifference: '-5' });
    expect(lines(res.vendorPayment!.entry)).toEqual([
      ['1000', '0.00', '107.80'],
      ['2000', '105.00', '0.00'],
      ['4900', '0.00', '2.20'],
      ['6800', '5.00', '0.00'],
    ]);
    expect(await settlement(b.id)).toMatchObject({ amountResidualCurrency: '0', paymentState: 'PAID' });
    await assertPayables();
  });

  it('a part payment of a third leaves the rest at the booked rate, and the last part clears it to the cent', async () => {
    await setRate('SEK', day(-400), '0.1');
    await setRate('SEK', day(1), '0.0873');
    await setRate('SEK', day(2), '0.0911');
    const sek = await supplier('FXP-SEK', 'SEK');
    const b = await bill(sek, '1000', at(1));
    expect(b.amountResidual).toBe('87.3');
    for (const amount of ['333.33', '333.33', '333.34']) {
      const r = await pay({ supplierId: sek, allocations: [{ billId: b.id, amount }], date: at(2) });
      expect(r.userErrors).toEqual([]);
    }
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '0',
      amountResidualCurrency: '0',
      paymentState: 'PAID',
    });
    await assertPayables();
  });

  it('refuses mixing currencies, naming the allocation, and changes nothing', async () => {
    const usd = await supplier('FXP-MIX', 'USD');
    const dollars = await bill(usd, '10', at(1));
    // A bill of the same supplier in EUR, on an order in EUR.
    const euros = await bill(usd, '9', at(1), 'EUR');
    const before = await footprint();
    const mixed = await pay({
      supplierId: usd,
      allocations: [
        { billId: dollars.id, amount: '10' },
        { billId: euros.id, amount: '9' },
      ],
      date: at(3),
    });
    expect(mixed.vendorPayment).toBeNull();
    expect(mixed.userErrors).toContainEqual(
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'allocations', '1', 'billId'] }),
    );
    const named = await pay({
      supplierId: usd,
      currency: 'EUR',
      allocations: [{ billId: dollars.id, amount: '10' }],
      date: at(3),
    });
    expect(named.userErrors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a payment dated before any rate of its currency (EXCHANGE_RATE_MISSING on input.date) and cents in the company currency', async () => {
    await setRate('NOK', day(-10), '0.085');
    const nok = await supplier('FXP-NOK', 'NOK');
    const b = await bill(nok, '100', at(0));
    const eur = await supplier('FXP-EUR', 'EUR');
    const euros = await bill(eur, '10', at(0));
    const before = await footprint();
    const tooEarly = await pay({ supplierId: nok, allocations: [{ billId: b.id, amount: '10' }], date: at(-20) });
    expect(tooEarly.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'date'] }),
    ]);
    const fraction = await pay({ supplierId: eur, allocations: [{ billId: euros.id, amount: '1.005' }] });
    expect(fraction.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'allocations', '0', 'amount'] }),
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('a paid foreign bill is not cancelled (HAS_PAYMENTS)', async () => {
    const usd = await supplier('FXP-USD2', 'USD');
    const b = await bill(usd, '30', at(1));
    expect(
      (await pay({ supplierId: usd, allocations: [{ billId: b.id, amount: '10' }], date: at(3) })).userErrors,
    ).toEqual([]);
    const { vendorBillCancel } = await app.ok(VendorBillCancelDocument, { input: { billId: b.id, reason: 'x' } });
    expect(vendorBillCancel.userErrors).toEqual([expect.objectContaining({ code: 'HAS_PAYMENTS' })]);
  });
});

describe('foreign-currency credit notes', () => {
  it('a credit note in AUD on an AUD bill and return: converted at its date, payables cleared at the bill rate, the rest to exchange gain, GR/IR back at the return cost', async () => {
    await setRate('AUD', day(-400), '0.6');
    await setRate('AUD', day(1), '0.62');
    await setRate('AUD', day(2), '0.65');
    await setRate('AUD', day(3), '0.6');
    const aud = await supplier('FXP-AUD', 'AUD');
    const { purchaseOrderCreate } = await p.as('buyer', PurchaseOrderCreateDocument, {
      input: { supplierId: aud, warehouseCode: 'PAR', lines: [{ sku: 'FXP-P', quantity: '3', unitPrice: '10' }] },
    });
    const po = purchaseOrderCreate.purchaseOrder!;
    const lineId = po.lines[0].id;
    await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: po.id } });
    const grni = async () => new Decimal(await books.balance('GRNI', at(10)));
    const grniBefore = await grni();
    // 3 x 10 AUD received at 0.60: 18.00 to GR/IR.
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '3' }] },
    });
    // Billed at 0.62: payables 18.60.
    const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
      input: {
        supplierId: aud,
        reference: 'FXP-AUD-INV',
        billDate: at(1),
        lines: [{ purchaseLineId: lineId, quantity: '3', unitPrice: '10' }],
      },
    });
    const b = vendorBillCreate.vendorBill!;
    expect(b).toMatchObject({ state: 'MATCHED', amountResidual: '18.6' });
    // One goes back at its receipt cost, 6.00, already billed: to be credited.
    const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '1' }], reason: 'dented' },
    });
    expect(purchaseOrderReturn.userErrors).toEqual([]);
    // The supplier credits 10 AUD on day 2 (0.65): payables cleared at the bill's 0.62 (6.20 of
    // 18.60), GR/IR back at the 6.00 the return debited, 0.20 exchange gain.
    const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
      input: {
        supplierId: aud,
        reference: 'FXP-AUD-CN',
        billId: b.id,
        returnId: purchaseOrderReturn.supplierReturn!.id,
        creditDate: at(2),
        lines: [{ purchaseLineId: lineId, quantity: '1' }],
      },
    });
    expect(vendorCreditNoteCreate.userErrors).toEqual([]);
    const note = vendorCreditNoteCreate.creditNote!;
    expect(note).toMatchObject({ state: 'MATCHED', currency: 'AUD', amountTotal: '10' });
    const entry = await app.sql<{ code: string; debit: string; credit: string }>(
      `select a.code, l.debit::text debit, l.credit::text credit from journal_line l join account a on a.id = l.account_id
        where l.credit_note_id = $1 order by a.code`,
      [note.id],
    );
    expect(entry.map((l) => [l.code, c(l.debit), c(l.credit)])).toEqual([
      ['2000', '6.20', '0.00'],
      ['2100', '0.00', '6.00'],
      ['4800', '0.00', '0.20'],
    ]);
    expect(await settlement(b.id)).toMatchObject({ amountResidual: '12.4', amountResidualCurrency: '20' });
    // GR/IR = received - billed at cost: 2 received, 2 billed (3 less 1 credited) on the line: 0.
    expect((await grni()).minus(grniBefore).toFixed(2)).toBe('0.00');
    await assertPayables();
    // The 20 AUD left, paid at 0.60: 12.00 from the bank for 12.40 cleared, 0.40 gain; nothing owed.
    const r = await pay({ supplierId: aud, allocations: [{ billId: b.id, amount: '20' }], date: at(3) });
    expect(r.userErrors).toEqual([]);
    expect(r.vendorPayment!.allocations[0]).toMatchObject({ companyAmount: '12.4', exchangeDifference: '0.4' });
    expect(await settlement(b.id)).toMatchObject({
      amountResidual: '0',
      amountResidualCurrency: '0',
      paymentState: 'PAID',
    });
    await assertPayables();
  });

  it('a credit note in AUD with no rate on its date is refused with EXCHANGE_RATE_MISSING on input.creditDate and changes nothing', async () => {
    await setRate('ZAR', day(-2), '0.05');
    const zar = await supplier('FXP-ZAR', 'ZAR');
    const b = await bill(zar, '100', at(0));
    const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
      input: {
        purchaseOrderId: (
          await app.sql<{ order_id: string }>(
            `select order_id from purchase_order_line pl join vendor_bill_line bl on bl.purchase_line_id = pl.id where bl.bill_id = $1`,
            [b.id],
          )
        )[0].order_id,
        lines: [
          {
            lineId: (
              await app.sql<{ purchase_line_id: string }>(
                `select purchase_line_id from vendor_bill_line where bill_id = $1`,
                [b.id],
              )
            )[0].purchase_line_id,
            quantity: '1',
          },
        ],
        reason: 'x',
      },
    });
    expect(purchaseOrderReturn.userErrors).toEqual([]);
    const before = await footprint();
    const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
      input: {
        supplierId: zar,
        reference: 'FXP-ZAR-CN',
        billId: b.id,
        creditDate: at(-10),
        lines: [{ purchaseLineId: purchaseOrderReturn.purchaseOrder!.lines[0].id, quantity: '1' }],
      },
    });
    expect(vendorCreditNoteCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'creditDate'] }),
    ]);
    expect(await footprint()).toEqual(before);
  });
});
