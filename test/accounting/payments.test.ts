import { Decimal } from '../../src/db/decimal';
import {
  VendorPaymentsWithBillsDocument,
  AgedPayablesDocument,
  BillSettlementDocument,
  BillWithTermDocument,
  CompanyUpdateDocument,
  FiscalPeriodCreateDocument,
  FiscalPeriodLockDocument,
  JournalEntryReverseDocument,
  PaymentTermCreateDocument,
  PurchaseOrderReceiveDocument,
  SupplierTermUpdateDocument,
  SupplierWithTermDocument,
  TrialBalanceDocument,
  VendorBillCancelDocument,
  VendorPaymentCancelDocument,
  VendorPaymentCreateDocument,
  VendorPaymentsDocument,
  type VendorPaymentCreateInput,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Payment terms, due dates, payments allocated to bills (full, partial, several bills, early
 * payment discount), what is refused, and aged payables reconciling to the payables account.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
let net30: string;
let early: string;
let supplierId: string;
const c = (v: string | null | undefined) => new Decimal(v ?? 0).toFixed(2);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  await h.product('PAY-P');
  net30 = await term({ code: 'NET30', name: 'Net 30', lines: [{ percent: '100', days: 30 }] });
  early = await term({
    code: '2-10-NET30',
    name: '2/10 net 30',
    lines: [{ percent: '100', days: 30 }],
    discountPercent: '2',
    discountDays: 10,
  });
  const { supplierCreate } = await app.ok(SupplierWithTermDocument, {
    input: { code: 'PAYSUP', name: 'Pay Ltd', paymentTermId: net30 },
  });
  expect(supplierCreate.supplier!.paymentTerm!.code).toBe('NET30');
  supplierId = supplierCreate.supplier!.id;
});
afterAll(() => app.close());

async function term(input: {
  code: string;
  name: string;
  lines: { percent: string; days: number }[];
  discountPercent?: string;
  discountDays?: number;
}) {
  const { paymentTermCreate } = await app.ok(PaymentTermCreateDocument, { input });
  expect(paymentTermCreate.userErrors).toEqual([]);
  return paymentTermCreate.paymentTerm!.id;
}

let billNo = 0;
/** A bill of `quantity` x `price` on goods received, dated `billDate`. */
async function bill(amount: string, billDate: string, extra: { paymentTermId?: string; supplier?: string } = {}) {
  const supplier = extra.supplier ?? supplierId;
  const po = await p.confirmedOrder(supplier, 'PAR', [{ sku: 'PAY-P', quantity: '1', unitPrice: amount }]);
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
    input: {
      supplierId: supplier,
      reference: `PAY-INV-${++billNo}`,
      billDate,
      paymentTermId: extra.paymentTermId,
      lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: amount }],
    },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  return vendorBillCreate.vendorBill!;
}

async function pay(input: Omit<VendorPaymentCreateInput, 'supplierId'> & { supplierId?: string }) {
  return (await app.ok(VendorPaymentCreateDocument, { input: { supplierId, ...input } })).vendorPaymentCreate;
}

async function settlement(id: string) {
  return (await app.ok(BillSettlementDocument, { id })).vendorBill!;
}

async function footprint() {
  const [row] = await app.sql(
    `select (select count(*) from vendor_payment) payments, (select count(*) from vendor_payment_allocation) allocations,
            (select count(*) from journal_entry) entries, (select count(*) from journal_line) lines,
            (select string_agg(state::text, ',' order by id) from vendor_bill) bills`,
  );
  return row;
}

describe('payment terms', () => {
  it('refuses shares that do not add up to 100 and a discount without its days, naming the fields', async () => {
    const { paymentTermCreate } = await app.ok(PaymentTermCreateDocument, {
      input: {
        code: 'BAD',
        name: 'Bad',
        lines: [
          { percent: '30', days: 30 },
          { percent: '60', days: 10 },
        ],
        discountPercent: '2',
      },
    });
    expect(paymentTermCreate.paymentTerm).toBeNull();
    expect(paymentTermCreate.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID', field: ['input', 'lines'] }),
        expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '1', 'days'] }),
        expect.objectContaining({ code: 'INVALID', field: ['input', 'discountDays'] }),
      ]),
    );
    const again = await app.ok(PaymentTermCreateDocument, {
      input: { code: 'net30', name: 'Again', lines: [{ percent: '100', days: 30 }] },
    });
    expect(again.paymentTermCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'TAKEN', field: ['input', 'code'] }),
    ]);
  });

  it("a posted bill takes its supplier's term: due dates from its day in the company time zone, installments by share", async () => {
    // 23:30 UTC on 31 March is already 1 April in Auckland (UTC+13): net 30 falls due on 1 May, not 30 April.
    await app.ok(CompanyUpdateDocument, { input: { timeZone: 'Pacific/Auckland' } });
    try {
      const b = await bill('100', '2026-03-31T23:30:00Z');
      expect(b).toMatchObject({ dueDate: '2026-05-01', paymentTerm: { code: 'NET30' }, paymentState: 'NOT_PAID' });
      expect(b.installments).toEqual([{ dueDate: '2026-05-01', amount: '100' }]);
      expect(c(b.amountResidual)).toBe('100.00');
    } finally {
      await app.ok(CompanyUpdateDocument, { input: { timeZone: 'UTC' } });
    }
    const split = await term({
      code: 'THIRDS',
      name: 'A third now, the rest in two months',
      lines: [
        { percent: '33.3333', days: 0 },
        { percent: '33.3333', days: 30 },
        { percent: '33.3334', days: 60 },
      ],
    });
    const b = await bill('100', '2026-02-01T12:00:00Z', { paymentTermId: split });
    expect(b.installments).toEqual([
      { dueDate: '2026-02-01', amount: '33.33' },
      { dueDate: '2026-03-03', amount: '33.33' },
      { dueDate: '2026-04-02', amount: '33.34' },
    ]);
    expect(b.dueDate).toBe('2026-04-02');
  });

  it('a supplier changes term for its new bills; an unknown term is NOT_FOUND', async () => {
    const { supplierCreate } = await app.ok(SupplierWithTermDocument, { input: { code: 'PAYSUP2', name: 'Two' } });
    const id = supplierCreate.supplier!.id;
    expect(supplierCreate.supplier!.paymentTerm).toBeNull();
    const set = await app.ok(SupplierTermUpdateDocument, { input: { id, paymentTermId: early } });
    expect(set.supplierUpdate.supplier!.paymentTerm!.code).toBe('2-10-NET30');
    const unknown = await app.ok(SupplierTermUpdateDocument, {
      input: { id, paymentTermId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.supplierUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'paymentTermId'] }),
    ]);
    const cleared = await app.ok(SupplierTermUpdateDocument, { input: { id, paymentTermId: null } });
    expect(cleared.supplierUpdate.supplier!.paymentTerm).toBeNull();
  });
});

describe('vendor payments', () => {
  it('a partial then a full payment: Dr payables / Cr bank in the bank journal, residual and payment state follow', async () => {
    const b = await bill('100', '2026-06-01T10:00:00Z');
    const first = await pay({
      date: '2026-06-10T10:00:00Z',
      allocations: [{ billId: b.id, amount: '40' }],
      memo: 'wire 1',
    });
    expect(first.userErrors).toEqual([]);
    const payment = first.vendorPayment!;
    expect(payment).toMatchObject({
      amount: '40',
      currency: 'EUR',
      unallocatedAmount: '0',
      supplier: { code: 'PAYSUP' },
    });
    expect(payment.name).toMatch(/^BNK\/2026\/\d{6}$/);
    expect(payment.entry).toMatchObject({ name: payment.name, source: 'PAYMENT', journal: { code: 'BNK' } });
    const lines = payment.entry!.lines.map((l) => ({
      code: l.account.code,
      debit: c(l.debit),
      credit: c(l.credit),
      billId: l.billId,
    }));
    expect(lines).toEqual(
      expect.arrayContaining([
        { code: '2000', debit: '40.00', credit: '0.00', billId: b.id },
        { code: '1000', debit: '0.00', credit: '40.00', billId: null },
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(payment.allocations[0].bill).toMatchObject({ id: b.id, paymentState: 'PARTIAL' });
    expect(c(payment.allocations[0].bill.amountResidual)).toBe('60.00');

    const second = await pay({ date: '2026-06-20T10:00:00Z', allocations: [{ billId: b.id, amount: '60' }] });
    expect(second.userErrors).toEqual([]);
    const after = await settlement(b.id);
    expect(after).toMatchObject({ paymentState: 'PAID', amountResidual: '0' });
    expect(after.payments.map((a) => a.amount)).toEqual(['40', '60']);
    const listed = await app.ok(VendorPaymentsDocument, { filter: { billId: b.id } });
    expect(listed.vendorPayments.totalCount).toBe(2);
  });

  it('one payment settles several bills, and an amount above its allocations stays on payables as an advance', async () => {
    const b1 = await bill('30', '2026-07-01T10:00:00Z');
    const b2 = await bill('50', '2026-07-02T10:00:00Z');
    const { vendorPayment, userErrors } = await pay({
      date: '2026-07-05T10:00:00Z',
      amount: '100',
      allocations: [
        { billId: b2.id, amount: '50' },
        { billId: b1.id, amount: '20' },
      ],
    });
    expect(userErrors).toEqual([]);
    expect(vendorPayment).toMatchObject({ amount: '100', unallocatedAmount: '30' });
    const ap = vendorPayment!.entry!.lines.filter((l) => l.account.code === '2000');
    expect(ap.map((l) => [l.billId, c(l.debit)])).toEqual(
      expect.arrayContaining([
        [b2.id, '50.00'],
        [b1.id, '20.00'],
        [null, '30.00'],
      ]),
    );
    expect(await settlement(b1.id)).toMatchObject({ paymentState: 'PARTIAL', amountResidual: '10' });
    expect(await settlement(b2.id)).toMatchObject({ paymentState: 'PAID', amountResidual: '0' });
  });

  it('2/10 net 30: paid in full within 10 days takes 2 % off (Cr discounts received); paid later, the 2 % stays owed', async () => {
    const b = await bill('100', '2026-08-01T10:00:00Z', { paymentTermId: early });
    expect(b).toMatchObject({ discountDate: '2026-08-11', discountAmount: '2', dueDate: '2026-08-31' });
    const { vendorPayment, userErrors } = await pay({
      date: '2026-08-11T20:00:00Z',
      allocations: [{ billId: b.id, amount: '98' }],
    });
    expect(userErrors).toEqual([]);
    expect(vendorPayment!.allocations[0]).toMatchObject({ amount: '98', discount: '2' });
    const lines = vendorPayment!.entry!.lines.map((l) => [l.account.code, l.account.role, c(l.debit), c(l.credit)]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['2000', 'ACCOUNTS_PAYABLE', '100.00', '0.00'],
        ['1000', 'BANK', '0.00', '98.00'],
        ['4900', 'EARLY_PAYMENT_DISCOUNT', '0.00', '2.00'],
      ]),
    );
    expect(await settlement(b.id)).toMatchObject({ paymentState: 'PAID', amountResidual: '0' });

    const late = await bill('100', '2026-08-01T10:00:00Z', { paymentTermId: early });
    const paidLate = await pay({ date: '2026-08-12T10:00:00Z', allocations: [{ billId: late.id, amount: '98' }] });
    expect(paidLate.vendorPayment!.allocations[0]).toMatchObject({ discount: '0' });
    expect(await settlement(late.id)).toMatchObject({ paymentState: 'PARTIAL', amountResidual: '2' });
  });

  it('over-allocation, a bill of another supplier, a held bill and another currency are refused, naming the field, and change nothing', async () => {
    const b = await bill('50', '2026-09-01T10:00:00Z');
    const before = await footprint();
    const over = await pay({ allocations: [{ billId: b.id, amount: '50.01' }] });
    expect(over.userErrors).toEqual([
      expect.objectContaining({ code: 'OVER_ALLOCATION', field: ['input', 'allocations', '0', 'amount'] }),
    ]);
    expect(over.userErrors[0].message).toContain('input.allocations.0.amount');
    const short = await pay({ amount: '10', allocations: [{ billId: b.id, amount: '20' }] });
    expect(short.userErrors).toEqual([
      expect.objectContaining({ code: 'OVER_ALLOCATION', field: ['input', 'amount'] }),
    ]);
    const twice = await pay({
      allocations: [
        { billId: b.id, amount: '1' },
        { billId: b.id, amount: '1' },
      ],
    });
    expect(twice.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'allocations', '1', 'billId'] }),
    ]);
    const other = await p.supplier('PAYOTHER');
    const wrong = await pay({ supplierId: other.id, allocations: [{ billId: b.id, amount: '1' }] });
    expect(wrong.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
    // One payment, one currency: a USD payment does not pay a EUR bill (foreign payments: fx-payments.test.ts).
    const usd = await pay({ currency: 'USD', allocations: [{ billId: b.id, amount: '1' }] });
    expect(usd.userErrors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
    const cents = await pay({ allocations: [{ billId: b.id, amount: '1.001' }] });
    expect(cents.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'allocations', '0', 'amount'] }),
    ]);
    const none = await pay({ allocations: [] });
    expect(none.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'allocations'] })]);
    const unknown = await pay({ allocations: [{ billId: '00000000-0000-4000-8000-000000000000', amount: '1' }] });
    expect(unknown.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
    expect(await footprint()).toEqual(before);

    // A bill on hold is not owed yet.
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'PAY-P', quantity: '1', unitPrice: '5' }]);
    const held = await app.ok(BillWithTermDocument, {
      input: {
        supplierId,
        reference: 'PAY-HELD',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '5' }],
      },
    });
    expect(held.vendorBillCreate.vendorBill!.state).toBe('ON_HOLD');
    const onHold = await pay({ allocations: [{ billId: held.vendorBillCreate.vendorBill!.id, amount: '5' }] });
    expect(onHold.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'allocations', '0', 'billId'] }),
    ]);
  });

  it('a payment dated in a locked period is PERIOD_LOCKED on input.date and pays nothing', async () => {
    const b = await bill('15', '2026-09-02T10:00:00Z');
    const { fiscalPeriodCreate } = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: 'PAY-2020-01', startDate: '2020-01-01', endDate: '2020-01-31' },
    });
    await p.as('controller', FiscalPeriodLockDocument, { id: fiscalPeriodCreate.fiscalPeriod!.id });
    const before = await footprint();
    const locked = await pay({ date: '2020-01-15T12:00:00Z', allocations: [{ billId: b.id, amount: '15' }] });
    expect(locked.userErrors).toEqual([expect.objectContaining({ code: 'PERIOD_LOCKED', field: ['input', 'date'] })]);
    expect(await footprint()).toEqual(before);
    expect(await settlement(b.id)).toMatchObject({ amountResidual: '15', paymentState: 'NOT_PAID' });
  });

  it('the same idempotency key pays once and answers the same payment', async () => {
    const b = await bill('20', '2026-09-02T10:00:00Z');
    const input = { allocations: [{ billId: b.id, amount: '5' }], idempotencyKey: 'pay-once-1' };
    const one = await pay(input);
    const two = await pay(input);
    expect(two.vendorPayment!.id).toBe(one.vendorPayment!.id);
    expect(await settlement(b.id)).toMatchObject({ amountResidual: '15' });
    const reused = await pay({ ...input, allocations: [{ billId: b.id, amount: '6' }] });
    expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
  });

  it('a paid bill is not cancelled (HAS_PAYMENTS), and the payment entry is not reversed alone (DOCUMENT_ENTRY)', async () => {
    const b = await bill('10', '2026-09-03T10:00:00Z');
    const { vendorPayment } = await pay({ allocations: [{ billId: b.id, amount: '4' }] });
    const cancel = await app.ok(VendorBillCancelDocument, { input: { billId: b.id, reason: 'wrong supplier' } });
    expect(cancel.vendorBillCancel.userErrors).toEqual([
      expect.objectContaining({ code: 'HAS_PAYMENTS', field: ['input', 'billId'] }),
    ]);
    expect(await settlement(b.id)).toMatchObject({ state: 'MATCHED', amountResidual: '6', paymentState: 'PARTIAL' });
    const reverse = await app.ok(JournalEntryReverseDocument, { input: { id: vendorPayment!.entry!.id } });
    expect(reverse.journalEntryReverse.userErrors).toEqual([expect.objectContaining({ code: 'DOCUMENT_ENTRY' })]);
    expect(reverse.journalEntryReverse.userErrors[0].message).toContain('payment');

    // An unpaid bill still cancels: its residual goes to 0 with the reversal, and nothing is owed.
    const unpaid = await bill('10', '2026-09-03T10:00:00Z');
    const ok = await app.ok(VendorBillCancelDocument, { input: { billId: unpaid.id, reason: 'duplicate' } });
    expect(ok.vendorBillCancel.userErrors).toEqual([]);
    expect(await settlement(unpaid.id)).toMatchObject({
      state: 'CANCELLED',
      amountResidual: '0',
      paymentState: 'NOT_PAID',
    });
  });
});

describe('cancelling a payment', () => {
  it('posts the reversal of its entry in the bank journal: its bills owe again what it settled, and may then be cancelled', async () => {
    const b = await bill('100', '2026-10-01T10:00:00Z', { paymentTermId: early });
    const { vendorPayment } = await pay({
      date: '2026-10-05T10:00:00Z',
      allocations: [{ billId: b.id, amount: '98' }],
    });
    expect(vendorPayment!.allocations[0]).toMatchObject({ discount: '2' });
    const before = await app.ok(TrialBalanceDocument, {});
    const { vendorPaymentCancel } = await app.ok(VendorPaymentCancelDocument, {
      input: { paymentId: vendorPayment!.id, reason: 'bounced', date: '2026-10-06T10:00:00Z' },
    });
    expect(vendorPaymentCancel.userErrors).toEqual([]);
    expect(vendorPaymentCancel.vendorPayment).toMatchObject({ state: 'CANCELLED', cancelReason: 'bounced' });
    // The bill owes the whole 100 again (the discount came back with the payment) and lists no payment.
    expect(await settlement(b.id)).toMatchObject({ amountResidual: '100', paymentState: 'NOT_PAID', payments: [] });
    const [reversal] = await app.sql<{ journal: string; source: string; total: string }>(
      `select j.code journal, e.source::text, e.total::text from journal_entry e join journal j on j.id = e.journal_id
        where e.reversal_of_id = (select entry_id from vendor_payment where id = $1)`,
      [vendorPayment!.id],
    );
    expect(reversal).toEqual({ journal: 'BNK', source: 'REVERSAL', total: '100.00' });
    const after = await app.ok(TrialBalanceDocument, {});
    const balance = (tb: typeof after, role: string) =>
      c(tb.trialBalance.lines.find((l) => l.account.role === role)!.balance);
    expect(new Decimal(balance(after, 'BANK')).minus(balance(before, 'BANK')).toFixed(2)).toBe('98.00');
    expect(
      new Decimal(balance(after, 'EARLY_PAYMENT_DISCOUNT')).minus(balance(before, 'EARLY_PAYMENT_DISCOUNT')).toFixed(2),
    ).toBe('2.00');

    const again = await app.ok(VendorPaymentCancelDocument, {
      input: { paymentId: vendorPayment!.id, reason: 'twice' },
    });
    expect(again.vendorPaymentCancel.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'paymentId'] }),
    ]);
    // No payment settles it any more: the bill cancels.
    const cancel = await app.ok(VendorBillCancelDocument, { input: { billId: b.id, reason: 'wrong bill' } });
    expect(cancel.vendorBillCancel.userErrors).toEqual([]);
  });
});

describe('aged payables', () => {
  it('buckets each open installment by days past due as of a day, and adds up to the payables account balance then', async () => {
    const { supplierCreate } = await app.ok(SupplierWithTermDocument, { input: { code: 'AGED', name: 'Aged Ltd' } });
    const aged = supplierCreate.supplier!.id;
    const halves = await term({
      code: 'HALVES',
      name: 'Half now, half at 60',
      lines: [
        { percent: '50', days: 0 },
        { percent: '50', days: 60 },
      ],
    });
    // As of 2026-10-31: due 10-31 is current, 10-01 is 30 days late, 09-01 60, 08-02 90, 07-01 122 (over 90).
    const current = await bill('10', '2026-10-01T12:00:00Z', { supplier: aged, paymentTermId: net30 });
    const late30 = await bill('20', '2026-10-01T12:00:00Z', { supplier: aged });
    const late60 = await bill('40', '2026-09-01T12:00:00Z', { supplier: aged });
    const late90 = await bill('80', '2026-08-02T12:00:00Z', { supplier: aged });
    const split = await bill('200', '2026-07-01T12:00:00Z', { supplier: aged, paymentTermId: halves });
    const late120 = await bill('7', '2026-07-01T12:00:00Z', { supplier: aged });
    // 100 of the split bill paid: the first installment (07-01) is settled, the second (08-30, 62 days late) open.
    await pay({ supplierId: aged, date: '2026-10-15T12:00:00Z', allocations: [{ billId: split.id, amount: '100' }] });
    // Paid after the report's day: still owed as of 2026-10-31.
    await pay({ supplierId: aged, date: '2026-11-15T12:00:00Z', allocations: [{ billId: late30.id, amount: '20' }] });
    // An advance, aged by its own day (credit - debit: -5).
    await pay({ supplierId: aged, date: '2026-10-20T12:00:00Z', amount: '5', allocations: [] });

    const { agedPayables } = await app.ok(AgedPayablesDocument, { asOf: '2026-10-31' });
    const mine = agedPayables.lines.filter((l) => l.supplier?.code === 'AGED');
    const byBill = (id: string | null) => mine.find((l) => (l.bill?.id ?? null) === id)!;
    const buckets = (l: (typeof mine)[number]) => [l.current, l.days1to30, l.days31to60, l.days61to90, l.over90].map(c);
    expect(buckets(byBill(current.id))).toEqual(['10.00', '0.00', '0.00', '0.00', '0.00']);
    expect(buckets(byBill(late30.id))).toEqual(['0.00', '20.00', '0.00', '0.00', '0.00']);
    expect(buckets(byBill(late60.id))).toEqual(['0.00', '0.00', '40.00', '0.00', '0.00']);
    expect(buckets(byBill(late90.id))).toEqual(['0.00', '0.00', '0.00', '80.00', '0.00']);
    expect(buckets(byBill(split.id))).toEqual(['0.00', '0.00', '0.00', '100.00', '0.00']);
    expect(buckets(byBill(late120.id))).toEqual(['0.00', '0.00', '0.00', '0.00', '7.00']);
    expect(buckets(byBill(null))).toEqual(['0.00', '-5.00', '0.00', '0.00', '0.00']);
    expect(c(agedPayables.suppliers.find((s) => s.supplier?.code === 'AGED')!.total)).toBe('252.00');

    // The report adds up to the payables account at the end of that day, read from the trial balance.
    const { trialBalance } = await app.ok(TrialBalanceDocument, { at: '2026-10-31T23:59:59.999Z' });
    const payables = new Decimal(
      trialBalance.lines.find((l) => l.account.role === 'ACCOUNTS_PAYABLE')!.balance,
    ).negated();
    expect(c(agedPayables.total.total)).toBe(payables.toFixed(2));
    expect(c(agedPayables.payablesAccountBalance)).toBe(payables.toFixed(2));
    const sum = agedPayables.lines.reduce((t, l) => t.plus(l.total), new Decimal(0));
    expect(sum.toFixed(2)).toBe(payables.toFixed(2));
  });

  it("today's report equals the payables account and the bills' own residuals", async () => {
    const { agedPayables } = await app.ok(AgedPayablesDocument, {});
    const { trialBalance } = await app.ok(TrialBalanceDocument, {});
    const payables = new Decimal(
      trialBalance.lines.find((l) => l.account.role === 'ACCOUNTS_PAYABLE')!.balance,
    ).negated();
    expect(c(agedPayables.total.total)).toBe(payables.toFixed(2));
    // The bills' residuals (document side) plus what no bill carries (advances) make the same total.
    const bills = await app.sql<{ id: string }>(`select id from vendor_bill where state in ('MATCHED', 'APPROVED')`);
    let residuals = new Decimal(0);
    for (const { id } of bills) residuals = residuals.plus((await settlement(id)).amountResidual);
    const loose = agedPayables.lines.filter((l) => !l.bill).reduce((t, l) => t.plus(l.total), new Decimal(0));
    expect(residuals.plus(loose).toFixed(2)).toBe(payables.toFixed(2));
    expect(agedPayables.lines.filter((l) => l.bill).length).toBe(
      (await Promise.all(bills.map(({ id }) => settlement(id)))).filter((b) => !new Decimal(b.amountResidual).isZero())
        .length,
    );
  });

  it('an invalid day is BAD_USER_INPUT naming the argument, not an internal error', async () => {
    const body = await app.gql(AgedPayablesDocument, { asOf: '2026-02-30' });
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['asOf'] });
  });

  it("a page of payments reads its allocations' bills in one statement, not one per allocation", async () => {
    const { vendorPayments: all } = await app.ok(VendorPaymentsWithBillsDocument, { first: 50 });
    const bills = new Set(all.edges.flatMap((e) => e.node.allocations.map((a) => a.bill.reference)));
    expect(bills.size).toBeGreaterThan(3);
    const one = await app.countStatements(() => app.ok(VendorPaymentsWithBillsDocument, { first: 1 }));
    const many = await app.countStatements(() => app.ok(VendorPaymentsWithBillsDocument, { first: 50 }));
    expect(many).toBe(one);
  });
});
