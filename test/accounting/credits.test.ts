import { print } from 'graphql';
import request from 'supertest';
import {
  AgedPayablesDocument,
  BillSettlementDocument,
  BillWithTermDocument,
  ExchangeRateSetDocument,
  FiscalPeriodCreateDocument,
  FiscalPeriodLockDocument,
  PaymentAdvanceDocument,
  PurchaseOrderReceiveDocument,
  PurchaseOrderReturnDocument,
  VendorBillCancelDocument,
  VendorCreditApplicationCancelDocument,
  VendorCreditApplicationsDocument,
  VendorCreditApplicationsFullDocument,
  VendorCreditApplyDocument,
  VendorCreditNoteCreateDocument,
  VendorCreditNoteRejectDocument,
  VendorPaymentCancelDocument,
  VendorPaymentCreateDocument,
  VendorRefundReceiveDocument,
  type VendorCreditApplyInput,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { type AppInstance, startInstance, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Supplier credits (issue 23): an advance, a credit note on a paid bill or an overpaid bill
 * applied to another bill or refunded, what is refused, cancellation, and aged payables equal to
 * the payables account after each step.
 */
let app: TestApp;
let second: AppInstance;
let p: ReturnType<typeof purchasingHelpers>;
let books: ReturnType<typeof accountingHelpers>;
let supplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  second = await startInstance(app);
  p = purchasingHelpers(app);
  books = accountingHelpers(app);
  await stockHelpers(app).product('CRD-P');
  supplierId = (await p.supplier('CRDSUP')).id;
  otherSupplierId = (await p.supplier('CRDOTHER')).id;
});
afterAll(async () => {
  await second.close();
  await app.close();
});

let billNo = 0;
/** A posted bill of `quantity` x `price` on goods received; returns the bill and its order line. */
async function bill(price: string, quantity = '1', supplier = supplierId, reference = `CRD-INV-${++billNo}`) {
  const po = await p.confirmedOrder(supplier, 'PAR', [{ sku: 'CRD-P', quantity, unitPrice: price }]);
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
    input: {
      supplierId: supplier,
      reference,
      lines: [{ purchaseLineId: po.lines[0].id, quantity, unitPrice: price }],
    },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  return { ...vendorBillCreate.vendorBill!, purchaseOrderId: po.id, lineId: po.lines[0].id };
}

async function pay(
  input: { allocations: { billId: string; amount: string }[]; amount?: string; currency?: string; date?: string },
  supplier = supplierId,
) {
  const { vendorPaymentCreate } = await app.ok(VendorPaymentCreateDocument, {
    input: { supplierId: supplier, ...input },
  });
  expect(vendorPaymentCreate.userErrors).toEqual([]);
  return vendorPaymentCreate.vendorPayment!;
}

/** Bill 60 (3 x 20) paid in full, then 1 unit sent back and credited 20 against it: residual -20. */
async function paidBillCreditedTwenty(references: { bill?: string; note?: string } = {}) {
  const b = await bill('20', '3', supplierId, references.bill);
  await pay({ allocations: [{ billId: b.id, amount: '60' }] });
  const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
    input: { purchaseOrderId: b.purchaseOrderId, lines: [{ lineId: b.lineId, quantity: '1' }], reason: 'broken' },
  });
  expect(purchaseOrderReturn.userErrors).toEqual([]);
  const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
    input: {
      supplierId,
      reference: references.note ?? `CRD-CN-${billNo}`,
      billId: b.id,
      lines: [{ purchaseLineId: b.lineId, quantity: '1', unitPrice: '20' }],
    },
  });
  expect(vendorCreditNoteCreate.userErrors).toEqual([]);
  expect(await settlement(b.id)).toMatchObject({ amountResidual: '-20', paymentState: 'PAID' });
  return { bill: b, creditNoteId: vendorCreditNoteCreate.creditNote!.id };
}

async function settlement(id: string) {
  return (await app.ok(BillSettlementDocument, { id })).vendorBill!;
}

async function apply(input: VendorCreditApplyInput) {
  return (await app.ok(VendorCreditApplyDocument, { input })).vendorCreditApply;
}

/** Issue 23: aged payables add up to the payables account; the books balance. */
async function assertReconciled() {
  const { agedPayables } = await app.ok(AgedPayablesDocument, {});
  expect(agedPayables.total.total).toBe(agedPayables.payablesAccountBalance);
  const payables = await books.balance('ACCOUNTS_PAYABLE');
  expect(Number(agedPayables.payablesAccountBalance)).toBeCloseTo(-Number(payables), 2);
  await books.assertBooks();
  return agedPayables;
}

async function footprint() {
  const [row] = await app.sql(
    `select (select count(*) from vendor_credit_application) applications, (select count(*) from journal_entry) entries,
            (select count(*) from journal_line) lines`,
  );
  return row;
}

describe('applying a supplier credit to a bill', () => {
  it('a credit note on a paid bill (residual -20) settles 20 of the next bill: AP to AP in GEN, the books unchanged', async () => {
    const { bill: paid, creditNoteId } = await paidBillCreditedTwenty();
    const next = await bill('50');
    const before = await books.balance('ACCOUNTS_PAYABLE');
    const { creditApplication, userErrors } = await apply({ billId: next.id, from: { creditNoteId }, amount: '20' });
    expect(userErrors).toEqual([]);
    expect(creditApplication).toMatchObject({
      kind: 'BILL',
      amount: '20',
      state: 'POSTED',
      bill: { amountResidual: '30', paymentState: 'PARTIAL' },
      sourceBill: { id: paid.id, amountResidual: '0', paymentState: 'PAID' },
      sourceCreditNote: { id: creditNoteId },
    });
    expect(creditApplication!.entry!.journal.code).toBe('GEN');
    // An entry's lines come in no particular order.
    expect(creditApplication!.entry!.lines.map((l) => [l.account.code, l.debit, l.credit]).sort()).toEqual([
      ['2000', '0', '20'],
      ['2000', '20', '0'],
    ]);
    expect(await books.balance('ACCOUNTS_PAYABLE')).toBe(before);
    const aged = await assertReconciled();
    expect(aged.lines.find((l) => l.bill?.id === paid.id)).toBeUndefined();
    expect(aged.lines.find((l) => l.bill?.id === next.id)!.total).toBe('30');
    // The credit is used up: nothing more comes from it.
    const again = await apply({ billId: next.id, from: { billId: paid.id }, amount: '0.01' });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'OVER_CREDIT', field: ['input', 'amount'] })]);
    // Neither bill is cancelled while the application settles them.
    const cancel = await p.as('controller', VendorBillCancelDocument, { input: { billId: next.id, reason: 'x' } });
    expect(cancel.vendorBillCancel.userErrors).toEqual([expect.objectContaining({ code: 'HAS_PAYMENTS' })]);
  });

  it('an advance pays part of a bill, the rest is refunded to the bank; the payment is cancelled only once both are', async () => {
    const advance = await pay({ allocations: [], amount: '100' });
    let aged = await assertReconciled();
    expect(aged.lines.find((l) => l.supplier?.code === 'CRDSUP' && !l.bill)!.total).toBe('-100');
    const b = await bill('50');
    const applied = await apply({ billId: b.id, from: { paymentId: advance.id }, amount: '40' });
    expect(applied.userErrors).toEqual([]);
    expect(applied.creditApplication).toMatchObject({
      bill: { amountResidual: '10', paymentState: 'PARTIAL' },
      sourcePayment: { advanceOpen: '60' },
    });
    await assertReconciled();

    const bankBefore = await books.balance('BANK');
    const refund = (
      await app.ok(VendorRefundReceiveDocument, {
        input: { from: { paymentId: advance.id }, amount: '60', memo: 'rf 1' },
      })
    ).vendorRefundReceive;
    expect(refund.userErrors).toEqual([]);
    expect(refund.creditApplication).toMatchObject({ kind: 'REFUND', bill: null, sourcePayment: { advanceOpen: '0' } });
    expect(refund.creditApplication!.entry!.journal.code).toBe('BNK');
    expect(refund.creditApplication!.entry!.lines.map((l) => [l.account.code, l.debit, l.credit]).sort()).toEqual([
      ['1000', '60', '0'],
      ['2000', '0', '60'],
    ]);
    expect(Number(await books.balance('BANK'))).toBeCloseTo(Number(bankBefore) + 60, 2);
    aged = await assertReconciled();
    // The advance, its application and its refund net to nothing: no loose line is left.
    expect(aged.lines.find((l) => l.supplier?.code === 'CRDSUP' && !l.bill)).toBeUndefined();

    const refused = await app.ok(VendorPaymentCancelDocument, { input: { paymentId: advance.id, reason: 'x' } });
    expect(refused.vendorPaymentCancel.userErrors).toEqual([
      expect.objectContaining({ code: 'CREDIT_APPLIED', field: ['input', 'paymentId'] }),
    ]);
    for (const id of [refund.creditApplication!.id, applied.creditApplication!.id]) {
      const { vendorCreditApplicationCancel } = await app.ok(VendorCreditApplicationCancelDocument, {
        input: { applicationId: id, reason: 'wrong' },
      });
      expect(vendorCreditApplicationCancel.userErrors).toEqual([]);
      expect(vendorCreditApplicationCancel.creditApplication!.state).toBe('CANCELLED');
      await assertReconciled();
    }
    expect(await settlement(b.id)).toMatchObject({ amountResidual: '50', paymentState: 'NOT_PAID' });
    expect((await app.ok(PaymentAdvanceDocument, { id: advance.id })).vendorPayment!.advanceOpen).toBe('100');
    const cancelled = await app.ok(VendorPaymentCancelDocument, { input: { paymentId: advance.id, reason: 'x' } });
    expect(cancelled.vendorPaymentCancel.userErrors).toEqual([]);
    expect((await app.ok(PaymentAdvanceDocument, { id: advance.id })).vendorPayment!.advanceOpen).toBe('0');
    await assertReconciled();
  });

  it('an overpaid bill (paid, then credited) is refunded from its own negative residual', async () => {
    const { bill: paid } = await paidBillCreditedTwenty();
    const { vendorRefundReceive } = await app.ok(VendorRefundReceiveDocument, {
      input: { from: { billId: paid.id }, amount: '20' },
    });
    expect(vendorRefundReceive.userErrors).toEqual([]);
    expect(vendorRefundReceive.creditApplication!.sourceBill).toMatchObject({
      amountResidual: '0',
      paymentState: 'PAID',
    });
    await assertReconciled();
  });
});

describe('what is refused, changing nothing', () => {
  it('more than the credit or the bill, another supplier, another currency, another company, a locked period', async () => {
    const advance = await pay({ allocations: [], amount: '30' });
    const small = await bill('10');
    const big = await bill('100');
    const foreign = await bill('10', '1', otherSupplierId);
    const before = await footprint();
    const from = { paymentId: advance.id };
    const cases: [VendorCreditApplyInput, string, string[]][] = [
      [{ billId: big.id, from, amount: '30.01' }, 'OVER_CREDIT', ['input', 'amount']],
      [{ billId: small.id, from, amount: '11' }, 'OVER_ALLOCATION', ['input', 'amount']],
      [{ billId: foreign.id, from, amount: '5' }, 'INVALID', ['input', 'billId']],
      [{ billId: big.id, from: {}, amount: '5' }, 'INVALID', ['input', 'from']],
      [
        { billId: big.id, from: { paymentId: advance.id, billId: small.id }, amount: '5' },
        'INVALID',
        ['input', 'from'],
      ],
      [{ billId: big.id, from, amount: '5', date: '2020-02-15T12:00:00Z' }, 'PERIOD_LOCKED', ['input', 'date']],
    ];
    const { fiscalPeriodCreate } = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: 'CRD-2020-02', startDate: '2020-02-01', endDate: '2020-02-29' },
    });
    await p.as('controller', FiscalPeriodLockDocument, { id: fiscalPeriodCreate.fiscalPeriod!.id });
    for (const [input, code, field] of cases) {
      const answer = await apply(input);
      expect(answer.creditApplication).toBeNull();
      expect(answer.userErrors).toEqual([expect.objectContaining({ code, field })]);
    }
    const refund = await app.ok(VendorRefundReceiveDocument, { input: { from, amount: '31' } });
    expect(refund.vendorRefundReceive.userErrors).toEqual([
      expect.objectContaining({ code: 'OVER_CREDIT', field: ['input', 'amount'] }),
    ]);

    // A bill in another currency: CURRENCY_MISMATCH on the bill.
    await app.ok(ExchangeRateSetDocument, { input: { currency: 'USD', date: '2020-01-01', rate: '0.9' } });
    const usd = (await p.supplier('CRDUSD', 'USD')).id;
    const usdBill = await bill('10', '1', usd);
    const eurAdvance = await pay({ allocations: [], amount: '30', currency: 'EUR' }, usd);
    const otherCurrency = await apply({ billId: usdBill.id, from: { paymentId: eurAdvance.id }, amount: '1' });
    expect(otherCurrency.userErrors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'billId'] }),
    ]);
    // A credit in a foreign currency is not applied yet (open amounts carried at booked rates).
    const usdAdvance = await pay({ allocations: [], amount: '30', currency: 'USD' }, usd);
    const foreignCredit = await apply({ billId: usdBill.id, from: { paymentId: usdAdvance.id }, amount: '1' });
    expect(foreignCredit.userErrors).toEqual([
      expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'from'] }),
    ]);

    // Another company sees neither the bill nor the payment.
    const other = await app.createCompany('CRD-OTHER');
    const asOther = await app.as(other.adminKey).ok(VendorCreditApplyDocument, {
      input: { billId: big.id, from, amount: '5' },
    });
    expect(asOther.vendorCreditApply.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'from', 'paymentId'] }),
    ]);
    // A buyer is not allowed: a GraphQL error, nothing written.
    const buyer = await app.as(await app.createKey(['BUYER'])).gql(VendorCreditApplyDocument, {
      input: { billId: big.id, from, amount: '5' },
    });
    expect(buyer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const counts = await footprint();
    expect(counts.applications).toEqual(before.applications);
    expect((await settlement(big.id)).amountResidual).toBe('100');
    expect((await app.ok(PaymentAdvanceDocument, { id: advance.id })).vendorPayment!.advanceOpen).toBe('30');
    await assertReconciled();
  });

  it('hostile values (bad ids, overflow, too many decimals, NUL bytes) are refused naming the field, never INTERNAL, and write nothing', async () => {
    const advance = await pay({ allocations: [], amount: '30' });
    const target = await bill('10');
    const from = { paymentId: advance.id };
    // A posted application, for the cancellations below to aim at.
    const posted = (await apply({ billId: target.id, from, amount: '5' })).creditApplication!;
    const before = await footprint();
    const answers = [
      await app.gql(VendorCreditApplyDocument, { input: { billId: 'not-a-uuid', from, amount: '1' } }),
      await app.gql(VendorCreditApplyDocument, {
        input: { billId: target.id, from: { paymentId: "1' or 1=1" }, amount: '1' },
      }),
      await app.gql(VendorCreditApplyDocument, { input: { billId: target.id, from, amount: '9'.repeat(40) } }),
      await app.gql(VendorCreditApplyDocument, { input: { billId: target.id, from, amount: '1.001' } }),
      await app.gql(VendorCreditApplyDocument, { input: { billId: target.id, from, amount: '-5' } }),
      await app.gql(VendorRefundReceiveDocument, { input: { from, amount: '1', memo: 'bank\u0000ref' } }),
      await app.gql(VendorCreditApplicationCancelDocument, {
        input: { applicationId: '00000000-0000-0000-0000-000000000000', reason: 'x\u0000y' },
      }),
      await app.gql(VendorRefundReceiveDocument, { input: { from, amount: '9'.repeat(40) } }),
      await app.gql(VendorCreditApplicationCancelDocument, { input: { applicationId: 'not-a-uuid', reason: 'x' } }),
      await app.gql(VendorCreditApplicationCancelDocument, {
        input: { applicationId: posted.id, reason: 'wrong\u0000' },
      }),
    ];
    const fields = [
      ['input', 'billId'],
      ['input', 'from', 'paymentId'],
      ['input', 'amount'],
      ['input', 'amount'],
      ['input', 'amount'],
      ['input', 'memo'],
      ['input', 'reason'],
      ['input', 'amount'],
      ['input', 'applicationId'],
      ['input', 'reason'],
    ];
    // Each refused as a user error naming its field (the schema-wide input guard), no GraphQL error.
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      const [payload] = Object.values(answer.data ?? {}) as { creditApplication: unknown; userErrors: unknown[] }[];
      expect(payload).toMatchObject({ creditApplication: null, userErrors: [{ code: 'INVALID', field: fields[i] }] });
    });
    expect(await footprint()).toEqual(before);
    expect(await app.sql('select state from vendor_credit_application where id = $1', [posted.id])).toEqual([
      { state: 'POSTED' },
    ]);
    expect((await app.ok(PaymentAdvanceDocument, { id: advance.id })).vendorPayment!.advanceOpen).toBe('25');
  });
});

describe('concurrency', () => {
  it('30 clients on two servers applying one advance of 100 at 15 each never apply more than it holds', async () => {
    const advance = await pay({ allocations: [], amount: '100' });
    const bills = await Promise.all([bill('90'), bill('90'), bill('90')]);
    const send = (base: string, i: number) =>
      request(base)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({
          query: print(VendorCreditApplyDocument),
          variables: { input: { billId: bills[i % 3].id, from: { paymentId: advance.id }, amount: '15' } },
        })
        .then(
          (r) =>
            r.body as { data?: { vendorCreditApply: { creditApplication: unknown; userErrors: { code: string }[] } } },
        );
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i % 2 ? second.url : app.url, i)));
    const ok = answers.filter((a) => a.data?.vendorCreditApply.creditApplication);
    expect(ok.length).toBe(6);
    for (const a of answers) {
      if (!a.data?.vendorCreditApply.creditApplication) {
        expect(a.data?.vendorCreditApply.userErrors.map((e) => e.code)).toEqual(['OVER_CREDIT']);
      }
    }
    expect((await app.ok(PaymentAdvanceDocument, { id: advance.id })).vendorPayment!.advanceOpen).toBe('10');
    const residuals = await Promise.all(bills.map((b) => settlement(b.id)));
    expect(residuals.reduce((s, b) => s + Number(b.amountResidual), 0)).toBe(270 - 90);
    await assertReconciled();
  });
});

describe('review of supplier credits', () => {
  const long = (tag: string) => tag.padEnd(100, 'x');

  it('100-character bill and credit note references: the entry carries the bill reference, the credit its memo and labels', async () => {
    // Before: the reference "<bill> <- credit note <note> (bill <bill>)" (324 characters) overflowed
    // journal_entry.reference (200): a valid application refused by the database (INVALID, no field).
    const { creditNoteId } = await paidBillCreditedTwenty({ bill: long('CRD-LONG-PAID-'), note: long('CRD-LONG-CN-') });
    const next = await bill('50', '1', supplierId, long('CRD-LONG-NEXT-'));
    const applied = await apply({ billId: next.id, from: { creditNoteId }, amount: '15' });
    expect(applied.userErrors).toEqual([]);
    const refund = (
      await app.ok(VendorRefundReceiveDocument, {
        input: { from: { creditNoteId }, amount: '5', memo: 'M'.repeat(200) },
      })
    ).vendorRefundReceive;
    expect(refund.userErrors).toEqual([]);
    const entries = await app.sql<{ kind: string; reference: string; memo: string; labels: string[] }>(
      `select a.kind, e.reference, e.memo, array_agg(l.label order by l.label) as labels
         from vendor_credit_application a join journal_entry e on e.id = a.entry_id join journal_line l on l.entry_id = e.id
        where a.id = any($1::uuid[]) group by a.kind, e.reference, e.memo`,
      [[applied.creditApplication!.id, refund.creditApplication!.id]],
    );
    const bill_ = entries.find((e) => e.kind === 'BILL')!;
    expect(bill_.reference).toBe(long('CRD-LONG-NEXT-'));
    expect(bill_.memo).toContain(long('CRD-LONG-CN-'));
    expect(bill_.labels.every((l) => l.includes(long('CRD-LONG-CN-')))).toBe(true);
    const refunded = entries.find((e) => e.kind === 'REFUND')!;
    expect(refunded.reference).toBe('M'.repeat(200));
    expect(refunded.memo).toContain(long('CRD-LONG-CN-'));
    // Their reversals keep the reference.
    for (const id of [refund.creditApplication!.id, applied.creditApplication!.id]) {
      const { vendorCreditApplicationCancel } = await app.ok(VendorCreditApplicationCancelDocument, {
        input: { applicationId: id, reason: 'long' },
      });
      expect(vendorCreditApplicationCancel.userErrors).toEqual([]);
    }
    expect(await settlement(next.id)).toMatchObject({ amountResidual: '50' });
    await assertReconciled();
  });

  it('a filter id that is not a uuid is BAD_USER_INPUT naming it (the input guard), never the rows without that link', async () => {
    // The service would read a malformed id as IS NULL on these nullable links; the guard answers
    // first, and the service now matches nothing for one anyway.
    const { creditNoteId } = await paidBillCreditedTwenty();
    const next = await bill('30');
    expect((await apply({ billId: next.id, from: { creditNoteId }, amount: '10' })).userErrors).toEqual([]);
    for (const [filter, name] of [
      [{ paymentId: 'x' }, 'paymentId'],
      [{ billId: 'x' }, 'billId'],
      [{ supplierId, paymentId: 'x' }, 'paymentId'],
    ] as const) {
      const answer = await app.gql(VendorCreditApplicationsDocument, { filter });
      expect(answer.data?.vendorCreditApplications).toBeFalsy();
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', name] });
    }
    const unknown = await app.ok(VendorCreditApplicationsDocument, {
      filter: { paymentId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.vendorCreditApplications.edges).toEqual([]);
    const { vendorCreditApplications } = await app.ok(VendorCreditApplicationsDocument, {
      filter: { billId: next.id },
    });
    expect(vendorCreditApplications.edges.map((e) => e.node.amount)).toEqual(['10']);
  });

  it('a credit note on hold or rejected provides nothing: INVALID_STATE, neither "0.00 open" nor its bill\'s residual', async () => {
    const { bill: paid } = await paidBillCreditedTwenty(); // residual -20, from a posted note
    // A second note for the unit already credited: CREDIT_OVER_RETURNED, held.
    const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
      input: {
        supplierId,
        reference: `CRD-HELD-${billNo}`,
        billId: paid.id,
        lines: [{ purchaseLineId: paid.lineId, quantity: '1', unitPrice: '20' }],
      },
    });
    expect(vendorCreditNoteCreate.userErrors).toEqual([]);
    expect(vendorCreditNoteCreate.creditNote!.state).toBe('ON_HOLD');
    const held = vendorCreditNoteCreate.creditNote!.id;
    const next = await bill('50');
    const before = await footprint();
    const refused = [expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'from', 'creditNoteId'] })];
    const tryAll = async () => {
      // Before: the held note against a bill drew on that bill's -20 (both succeeded).
      expect((await apply({ billId: next.id, from: { creditNoteId: held }, amount: '5' })).userErrors).toEqual(refused);
      const refund = await app.ok(VendorRefundReceiveDocument, {
        input: { from: { creditNoteId: held }, amount: '5' },
      });
      expect(refund.vendorRefundReceive.userErrors).toEqual(refused);
    };
    await tryAll();
    const { vendorCreditNoteReject } = await p.as('controller', VendorCreditNoteRejectDocument, {
      input: { creditNoteId: held, reason: 'not owed' },
    });
    expect(vendorCreditNoteReject.userErrors).toEqual([]);
    await tryAll();
    expect(await footprint()).toEqual(before);
    expect((await settlement(next.id)).amountResidual).toBe('50');
    expect((await settlement(paid.id)).amountResidual).toBe('-20');
  });

  it('a use dated before its source or the bill it settles, or a cancellation before what it cancels: INVALID on input.date', async () => {
    const early = '2025-06-01T12:00:00Z';
    const invalidDate = [expect.objectContaining({ code: 'INVALID', field: ['input', 'date'] })];
    const advance = await pay({ allocations: [], amount: '40' }); // dated now
    const target = await bill('40'); // dated now
    const { bill: paid, creditNoteId } = await paidBillCreditedTwenty(); // dated now
    const older = await pay({ allocations: [], amount: '10', date: '2025-05-01T12:00:00Z' });
    const before = await footprint();
    // Before the advance, the credit note (and its bill), the overpaid bill: nothing written.
    for (const from of [{ paymentId: advance.id }, { creditNoteId }, { billId: paid.id }]) {
      expect((await apply({ billId: target.id, from, amount: '5', date: early })).userErrors).toEqual(invalidDate);
      const refund = await app.ok(VendorRefundReceiveDocument, { input: { from, amount: '5', date: early } });
      expect(refund.vendorRefundReceive.userErrors).toEqual(invalidDate);
    }
    // An advance of May 2025 is not applied in June 2025 to a bill of today.
    expect(
      (await apply({ billId: target.id, from: { paymentId: older.id }, amount: '5', date: early })).userErrors,
    ).toEqual(invalidDate);
    expect(await footprint()).toEqual(before);
    // It is refunded then, and that refund is not cancelled on a day before it.
    const refund = (
      await app.ok(VendorRefundReceiveDocument, { input: { from: { paymentId: older.id }, amount: '10', date: early } })
    ).vendorRefundReceive;
    expect(refund.userErrors).toEqual([]);
    const cancel = (date?: string) =>
      app.ok(VendorCreditApplicationCancelDocument, {
        input: { applicationId: refund.creditApplication!.id, reason: 'x', date },
      });
    expect((await cancel('2025-05-15T12:00:00Z')).vendorCreditApplicationCancel.userErrors).toEqual(invalidDate);
    expect((await app.ok(PaymentAdvanceDocument, { id: older.id })).vendorPayment!.advanceOpen).toBe('0');
    expect((await cancel()).vendorCreditApplicationCancel.userErrors).toEqual([]);
    expect((await app.ok(PaymentAdvanceDocument, { id: older.id })).vendorPayment!.advanceOpen).toBe('10');
    // Nor is a payment cancelled on a day before it (the rule of every reversal, cancelByReversal).
    const beforePaymentCancel = await footprint();
    const paymentCancel = await app.ok(VendorPaymentCancelDocument, {
      input: { paymentId: older.id, reason: 'x', date: '2025-04-15T12:00:00Z' },
    });
    expect(paymentCancel.vendorPaymentCancel.userErrors).toEqual(invalidDate);
    expect(await footprint()).toEqual(beforePaymentCancel);
    expect((await app.ok(PaymentAdvanceDocument, { id: older.id })).vendorPayment!.advanceOpen).toBe('10');
    await assertReconciled();
  });

  it('listing applications with their bills, sources and open advances costs as many statements for 6 as for 1', async () => {
    // Before: one statement per row for each of bill, sourcePayment and advanceOpen.
    const supplier = (await p.supplier('CRDLOAD')).id;
    for (let i = 0; i < 6; i++) {
      const advance = await pay({ allocations: [], amount: '15' }, supplier);
      const b = await bill('10', '1', supplier);
      expect((await apply({ billId: b.id, from: { paymentId: advance.id }, amount: '10' })).userErrors).toEqual([]);
    }
    const list = async (first: number) => {
      let rows = 0;
      const statements = await app.countStatements(async () => {
        const { vendorCreditApplications } = await app.ok(VendorCreditApplicationsFullDocument, {
          filter: { supplierId: supplier },
          first,
        });
        rows = vendorCreditApplications.edges.length;
        for (const { node } of vendorCreditApplications.edges) {
          expect(node).toMatchObject({ bill: { amountResidual: '0' }, sourcePayment: { advanceOpen: '5' } });
        }
      });
      return { rows, statements };
    };
    const one = await list(1);
    const six = await list(6);
    expect([one.rows, six.rows]).toEqual([1, 6]);
    expect(six.statements).toBe(one.statements);
  });
});
