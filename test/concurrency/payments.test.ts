import { print } from 'graphql';
import request from 'supertest';
import { Decimal } from '../../src/db/decimal';
import {
  BillSettlementDocument,
  BillWithTermDocument,
  PurchaseOrderReceiveDocument,
  VendorPaymentCreateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
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

async function postedBill(supplierId: string, reference: string, amount: string) {
  const p = purchasingHelpers(app);
  const po = await p.confirmedOrder(supplierId, 'LYO', [{ sku: 'CONC-PAY', quantity: '1', unitPrice: amount }]);
  await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] },
  });
  const { vendorBillCreate } = await app.ok(BillWithTermDocument, {
    input: { supplierId, reference, lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: amount }] },
  });
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  return vendorBillCreate.vendorBill!.id;
}

describe('concurrent payments of the same bills', () => {
  it('40 clients on two servers paying 10 on bills of 100 and 50 (some both, in either order): never more than owed', async () => {
    await stockHelpers(app).product('CONC-PAY');
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
    // Gapless numbering of the bank journal: one number per payment that committed.
    const [numbers] = await app.sql<{ n: string; max: string }>(
      `select count(*)::text n, max(e.number)::text max from journal_entry e join journal j on j.id = e.journal_id
        where j.code = 'BNK' and e.state = 'POSTED'`,
    );
    expect(numbers.n).toBe(String(ok.length));
    expect(numbers.max).toBe(String(ok.length));
  });
});
