import { print } from 'graphql';
import request from 'supertest';
import { Decimal } from '../../src/db/decimal';
import {
  BillSettlementDocument,
  BillWithTermDocument,
  ExchangeRateSetDocument,
  PurchaseOrderReceiveDocument,
  VendorPaymentCreateDocument,
} from '../generated/graphql';
import { at, day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { type AppInstance, startInstance, startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let second: AppInstance;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  // A second server process's worth of state on the same database: payments race across pools.
  second = await startInstance(app);
});
afterAll(async () => {
  await second.close();
  await app.close();
});

type Answer = {
  data?: {
    vendorPaymentCreate: { vendorPayment: { id: string } | null; userErrors: { code: string; field: string[] }[] };
  };
  errors?: { extensions?: Record<string, unknown> }[];
};

async function send(base: string, variables: unknown): Promise<Answer> {
  const res = await request(base)
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', `Bearer ${app.adminKey}`)
    .send({ query: print(VendorPaymentCreateDocument), variables });
  return res.body as Answer;
}

/** BUSY and TIMEOUT roll back (retryable, nothing paid): a loaded server may answer them. */
const rolledBack = (r: Answer) =>
  r.errors?.length === 1 &&
  ['BUSY', 'TIMEOUT'].includes(String(r.errors[0].extensions?.code)) &&
  r.errors[0].extensions?.retryable === true;

async function postedBill(supplierId: string, reference: string, amount: string, billDate?: string) {
  const p = purchasingHelpers(app);
  const po = await p.confirmedOrder(supplierId, 'LYO', [{ sku: 'CONC-PAY', quantity: '1', unitPrice: amount }]);
  await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] },
  });
  const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
    input: {
      supplierId,
      reference,
      billDate,
      lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: amount }],
    },
  });
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  return vendorBillCreate.vendorBill!.id;
}

describe('concurrent payments of the same bills', () => {
  it('30 clients on two servers paying 7 USD each on a bill of 100 USD at another rate: never more than owed, payables and the exchange differences add up', async () => {
    await stockHelpers(app).product('CONC-PAY');
    for (const [date, rate] of [
      [day(-400), '0.9'],
      [day(1), '0.95'],
      [day(2), '0.9'],
    ] as const) {
      const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, { input: { currency: 'USD', date, rate } });
      expect(exchangeRateSet.userErrors).toEqual([]);
    }
    const supplierId = (await purchasingHelpers(app).supplier('CONCPAYUSD', 'USD')).id;
    const bill = await postedBill(supplierId, 'CONC-PAY-USD', '100', at(1));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        send(i % 2 ? app.url : second.url, {
          input: { supplierId, allocations: [{ billId: bill, amount: '7' }], date: at(2), idempotencyKey: `usd-${i}` },
        }),
      ),
    );
    const errors = results.filter((r) => r.errors && !rolledBack(r));
    expect(errors.map((r) => r.errors)).toEqual([]);
    const ok = results.filter((r) => r.data?.vendorPaymentCreate.userErrors.length === 0);
    const refused = results.filter((r) => (r.data?.vendorPaymentCreate.userErrors.length ?? 0) > 0);
    for (const r of refused) {
      expect(r.data!.vendorPaymentCreate.userErrors.map((e) => e.code)).toEqual(['OVER_ALLOCATION']);
    }
    expect(ok.length + refused.length + results.filter(rolledBack).length).toBe(30);
    if (results.filter(rolledBack).length === 0) expect(ok.length).toBe(14);
    const paid = new Decimal(7).times(ok.length);
    expect(paid.lte(100)).toBe(true);
    const { vendorBill } = await app.ok(BillSettlementDocument, { id: bill });
    expect(new Decimal(vendorBill!.amountResidualCurrency).toFixed(2)).toBe(new Decimal(100).minus(paid).toFixed(2));

    // The rest paid: the bill's 95.00 of payables is cleared exactly, and every payment's exchange
    // difference is its share of 95.00 less what it cost at 0.90.
    const rest = new Decimal(100).minus(paid).toFixed();
    const last = await send(app.url, {
      input: { supplierId, allocations: [{ billId: bill, amount: rest }], date: at(2) },
    });
    expect(last.data!.vendorPaymentCreate.userErrors).toEqual([]);
    const [books] = await app.sql<{ open: string; bank: string; gain: string; total: string }>(
      `select sum(l.credit - l.debit) filter (where a.role = 'ACCOUNTS_PAYABLE' and l.bill_id = $1)::text open,
              sum(l.credit - l.debit) filter (where a.role = 'BANK' and e.source = 'PAYMENT' and l.partner_id = $2)::text bank,
              sum(l.credit - l.debit) filter (where a.role in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS') and e.source = 'PAYMENT' and l.partner_id = $2)::text gain,
              sum(l.debit - l.credit)::text total
         from journal_line l join account a on a.id = l.account_id join journal_entry e on e.id = l.entry_id
        where e.state = 'POSTED'`,
      [bill, supplierId],
    );
    expect(new Decimal(books.open).toFixed(2)).toBe('0.00');
    expect(new Decimal(books.bank).toFixed(2)).toBe('90.00');
    expect(new Decimal(books.gain).toFixed(2)).toBe('5.00');
    expect(new Decimal(books.total).toFixed(2)).toBe('0.00');
  });

  it('40 clients on two servers paying 10 on bills of 100 and 50 (some both, in either order): never more than owed', async () => {
    const supplierId = (await purchasingHelpers(app).supplier('CONCPAY')).id;
    const big = await postedBill(supplierId, 'CONC-PAY-100', '100');
    const small = await postedBill(supplierId, 'CONC-PAY-50', '50');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        // A quarter pay both bills, half of those listing them the other way round: bills are locked in id order.
        const allocations =
          i % 4 === 0
            ? (i % 8 === 0 ? [big, small] : [small, big]).map((billId) => ({ billId, amount: '10' }))
            : [{ billId: i % 2 ? big : small, amount: '10' }];
        return send(i % 2 ? app.url : second.url, {
          input: { supplierId, allocations, idempotencyKey: `conc-pay-${i}` },
        });
      }),
    );
    const errors = results.filter((r) => r.errors && !rolledBack(r));
    expect(errors.map((r) => r.errors)).toEqual([]);
    const ok = results.filter((r) => r.data?.vendorPaymentCreate.userErrors.length === 0);
    const refused = results.filter((r) => (r.data?.vendorPaymentCreate.userErrors.length ?? 0) > 0);
    for (const r of refused) {
      expect(r.data!.vendorPaymentCreate.userErrors.map((e) => e.code)).toEqual(
        expect.arrayContaining(['OVER_ALLOCATION']),
      );
    }
    expect(ok.length + refused.length + results.filter(rolledBack).length).toBe(40);

    // What the allocations paid never exceeds a bill; residual = amount - payments, from the ledger too.
    for (const [id, total] of [
      [big, '100'],
      [small, '50'],
    ] as const) {
      const [paid] = await app.sql<{ sum: string | null; n: string }>(
        `select sum(amount)::text sum, count(*)::text n from vendor_payment_allocation where bill_id = $1`,
        [id],
      );
      const allocated = new Decimal(paid.sum ?? 0);
      expect(allocated.lte(total)).toBe(true);
      const { vendorBill } = await app.ok(BillSettlementDocument, { id });
      expect(new Decimal(vendorBill!.amountResidual).toFixed(2)).toBe(new Decimal(total).minus(allocated).toFixed(2));
      const [ledger] = await app.sql<{ open: string }>(
        `select sum(l.credit - l.debit)::text open from journal_line l join account a on a.id = l.account_id
          where l.bill_id = $1 and a.role = 'ACCOUNTS_PAYABLE'`,
        [id],
      );
      expect(new Decimal(ledger.open).toFixed(2)).toBe(new Decimal(total).minus(allocated).toFixed(2));
    }
    // With 40 offers of 10 for 150 owed, the bills end fully paid unless a request was rolled back as BUSY.
    if (results.filter(rolledBack).length === 0) {
      for (const id of [big, small]) {
        expect((await app.ok(BillSettlementDocument, { id })).vendorBill!.paymentState).toBe('PAID');
      }
    }
    // Gapless numbering of the bank journal: one number per payment that committed (the USD test's included).
    const [numbers] = await app.sql<{ n: string; max: string; payments: string; mine: string }>(
      `select count(*)::text n, max(e.number)::text max, (select count(*) from vendor_payment)::text payments,
              (select count(*) from vendor_payment where supplier_id = $1)::text mine
         from journal_entry e join journal j on j.id = e.journal_id
        where j.code = 'BNK' and e.state = 'POSTED'`,
      [supplierId],
    );
    expect(numbers.mine).toBe(String(ok.length));
    expect(numbers.n).toBe(numbers.payments);
    expect(numbers.max).toBe(numbers.payments);
  });
});
