import {
  ExchangeRatesDocument,
  ExchangeRateSetDocument,
  FxEntryLinesDocument,
  PurchaseOrderApproveDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  PurchaseOrderDocument,
  PurchaseOrderReceiveDocument,
  VendorBillApproveDocument,
  VendorBillCreateDocument,
  VendorBillInCompanyCurrencyDocument,
  VendorBillsDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { at, day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Issue 23 item 2 and "Currencies": foreign orders and bills were booked 1:1 in the company
 * currency (EUR) and compared with the approval threshold in their own currency.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
let books: ReturnType<typeof accountingHelpers>;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  books = accountingHelpers(app);
  for (const sku of ['FX-KWD', 'FX-EUR', 'FX-USD', 'FX-CHF']) await h.product(sku);
});
afterAll(() => app.close());

const setRate = async (currency: string, date: string, rate: string) => {
  const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, { input: { currency, date, rate } });
  expect(exchangeRateSet.userErrors).toEqual([]);
  return exchangeRateSet.exchangeRate!;
};

/** Balance of every role account, to compare before and after an operation (bills dated up to 10 days ahead included). */
const balances = async () => {
  const out: Record<string, number> = {};
  for (const role of ['INVENTORY', 'GRNI', 'ACCOUNTS_PAYABLE', 'PRICE_VARIANCE', 'EXCHANGE_GAIN', 'EXCHANGE_LOSS']) {
    out[role] = Number(await books.balance(role, at(10)));
  }
  return out;
};
const moved = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(
    Object.keys(after)
      .map((k) => [k, Math.round((after[k] - before[k]) * 100) / 100] as const)
      .filter(([, v]) => v !== 0),
  );

const order = async (supplierId: string, sku: string, quantity: string, unitPrice: string, currency?: string) => {
  const { purchaseOrderCreate } = await p.as('buyer', PurchaseOrderCreateDocument, {
    input: { supplierId, warehouseCode: 'PAR', currency, lines: [{ sku, quantity, unitPrice }] },
  });
  expect(purchaseOrderCreate.userErrors).toEqual([]);
  return purchaseOrderCreate.purchaseOrder!;
};
const confirm = (purchaseOrderId: string) =>
  p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId } }).then((r) => r.purchaseOrderConfirm);
const receive = async (purchaseOrderId: string, lineId: string, quantity: string) => {
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId, lines: [{ lineId, quantity }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  return purchaseOrderReceive;
};

describe('exchange rates', () => {
  it('exchangeRateSet sets a rate per currency and day, replaces the rate of the same day, and exchangeRates lists them newest first', async () => {
    await setRate('GBP', '2024-01-01', '1.1');
    expect(await setRate('GBP', '2024-02-01', '1.15')).toMatchObject({ currency: 'GBP', date: '2024-02-01' });
    const replaced = await setRate('GBP', '2024-01-01', '1.125');
    expect(replaced).toMatchObject({ rate: '1.125', setBy: expect.stringContaining('key:') });
    const { exchangeRates } = await app.ok(ExchangeRatesDocument, { filter: { currency: 'GBP' } });
    expect(exchangeRates.totalCount).toBe(2);
    expect(exchangeRates.edges.map((e) => e.node)).toEqual([
      { currency: 'GBP', date: '2024-02-01', rate: '1.15' },
      { currency: 'GBP', date: '2024-01-01', rate: '1.125' },
    ]);
    const older = await app.ok(ExchangeRatesDocument, { filter: { currency: 'GBP', onOrBefore: '2024-01-31' } });
    expect(older.exchangeRates.edges.map((e) => e.node.date)).toEqual(['2024-01-01']);
  });

  it('two settings of one currency and day at once both succeed and leave one rate', async () => {
    const results = await Promise.all(
      ['1.31', '1.32', '1.33'].map((rate) =>
        app.ok(ExchangeRateSetDocument, { input: { currency: 'NOK', date: '2024-05-01', rate } }),
      ),
    );
    expect(results.map((r) => r.exchangeRateSet.userErrors)).toEqual([[], [], []]);
    const { exchangeRates } = await app.ok(ExchangeRatesDocument, { filter: { currency: 'NOK' } });
    expect(exchangeRates.totalCount).toBe(1);
    expect(['1.31', '1.32', '1.33']).toContain(exchangeRates.edges[0].node.rate);
  });

  it.each([
    ['the company currency', { currency: 'EUR', date: '2024-01-01', rate: '1' }, ['input', 'currency']],
    ['a rate of 0', { currency: 'GBP', date: '2024-01-01', rate: '0' }, ['input', 'rate']],
    ['a negative rate', { currency: 'GBP', date: '2024-01-01', rate: '-1.2' }, ['input', 'rate']],
    ['a float-like exponent', { currency: 'GBP', date: '2024-01-01', rate: '1e3' }, ['input', 'rate']],
    ['more than 10 decimals', { currency: 'GBP', date: '2024-01-01', rate: '1.12345678901' }, ['input', 'rate']],
    ['a day that does not exist', { currency: 'GBP', date: '2024-02-30', rate: '1.2' }, ['input', 'date']],
    ['year 0', { currency: 'GBP', date: '0000-01-01', rate: '1.2' }, ['input', 'date']],
    ['a malformed currency', { currency: 'gbp', date: '2024-01-01', rate: '1.2' }, ['input', 'currency']],
  ])('refuses %s, naming the field, and changes nothing', async (_what, input, field) => {
    const before = await app.ok(ExchangeRatesDocument, {});
    const res = await app.gql(ExchangeRateSetDocument, { input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exchangeRateSet.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field, message: expect.any(String) }),
    ]);
    expect((await app.ok(ExchangeRatesDocument, {})).exchangeRates).toEqual(before.exchangeRates);
  });

  it('a company sees and converts with its own rates only', async () => {
    const other = await app.createCompany('FX-OTHER');
    const asOther = app.as(other.adminKey);
    expect((await asOther.ok(ExchangeRatesDocument, {})).exchangeRates.totalCount).toBe(0);
    await asOther.ok(ExchangeRateSetDocument, { input: { currency: 'GBP', date: '2024-01-01', rate: '2' } });
    const mine = await app.ok(ExchangeRatesDocument, { filter: { currency: 'GBP', onOrBefore: '2024-01-01' } });
    expect(mine.exchangeRates.edges.map((e) => e.node.rate)).toEqual(['1.125']);
  });

  it('only a controller (or admin) sets rates; a buyer reads them', async () => {
    const buyer = app.as(await app.createKey(['BUYER']));
    const denied = await buyer.gql(ExchangeRateSetDocument, {
      input: { currency: 'GBP', date: '2024-03-01', rate: '1.2' },
    });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await buyer.gql(ExchangeRatesDocument, {})).errors).toBeUndefined();
    const controller = app.as(await app.createKey(['CONTROLLER']));
    const set = await controller.ok(ExchangeRateSetDocument, {
      input: { currency: 'GBP', date: '2024-03-01', rate: '1.2' },
    });
    expect(set.exchangeRateSet.userErrors).toEqual([]);
  });
});

describe('issue 23 item 2: foreign currencies are converted', () => {
  beforeAll(async () => {
    await setRate('KWD', '2025-01-01', '3.25');
    await setRate('USD', '2025-01-01', '0.9');
  });

  it('a KWD order of 9,999 is compared with the 10,000 threshold in EUR: it waits for approval', async () => {
    const supplier = await p.supplier('FX-KW', 'KWD');
    const po = await order(supplier.id, 'FX-KWD', '1', '9999');
    expect(po).toMatchObject({ currency: 'KWD', amountTotal: '9999' });
    const confirmed = await confirm(po.id);
    expect(confirmed.userErrors).toEqual([]);
    // 9,999 KWD x 3.25 = 32,496.75 EUR: above the threshold (it was CONFIRMED, compared as 9,999).
    expect(confirmed.purchaseOrder!.state).toBe('TO_APPROVE');

    // Below the threshold once converted: 3,000 KWD = 9,750 EUR.
    const small = await order(supplier.id, 'FX-KWD', '1', '3000');
    expect((await confirm(small.id)).purchaseOrder!.state).toBe('CONFIRMED');
  });

  it('the receipt of that order posts 32,496.75 EUR (9,999 KWD at 3.25), not 9,999.00', async () => {
    const supplier = await p.supplier('FX-KW2', 'KWD');
    const po = await order(supplier.id, 'FX-KWD', '1', '9999');
    if ((await confirm(po.id)).purchaseOrder!.state === 'TO_APPROVE') {
      const { purchaseOrderApprove } = await p.as('manager', PurchaseOrderApproveDocument, {
        input: { purchaseOrderId: po.id },
      });
      expect(purchaseOrderApprove.userErrors).toEqual([]);
    }
    const before = await balances();
    const { receipt } = await receive(po.id, po.lines[0].id, '1');
    expect(receipt!.moves.map((m) => m.unitCost)).toEqual(['32496.75']);
    expect(moved(before, await balances())).toEqual({ INVENTORY: 32496.75, GRNI: -32496.75 });
    const { journalEntries } = await app.ok(FxEntryLinesDocument, { filter: { reference: receipt!.name } });
    const lines = journalEntries.edges.flatMap((e) => e.node.lines);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ debit: '32496.75', account: expect.objectContaining({ role: 'INVENTORY' }) }),
        expect.objectContaining({ credit: '32496.75', account: expect.objectContaining({ role: 'GRNI' }) }),
      ]),
    );
    await books.assertBooks(['PAR']);
  });

  it('a USD bill on a EUR order posts 5 USD at the bill-date rate (4.50 EUR), not as 5.00', async () => {
    const supplier = await p.supplier('FX-EU');
    const po = await order(supplier.id, 'FX-EUR', '1', '5');
    await confirm(po.id);
    await receive(po.id, po.lines[0].id, '1');
    const before = await balances();
    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'FX-USD-1',
        currency: 'USD',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '5' }],
      },
    });
    expect(vendorBillCreate.vendorBill).toMatchObject({ state: 'ON_HOLD', currency: 'USD' });
    expect(vendorBillCreate.vendorBill!.exceptions.map((e) => e.code)).toEqual(['CURRENCY_MISMATCH']);
    const billId = vendorBillCreate.vendorBill!.id;
    const { vendorBillApprove } = await p.as('controller', VendorBillApproveDocument, { input: { billId } });
    expect(vendorBillApprove.userErrors).toEqual([]);
    // GRNI cleared at the 5.00 EUR the receipt booked; payables 5 USD x 0.9; the difference is a price difference.
    expect(moved(before, await balances())).toEqual({ GRNI: 5, ACCOUNTS_PAYABLE: -4.5, PRICE_VARIANCE: -0.5 });
    const { vendorBill } = await app.ok(VendorBillInCompanyCurrencyDocument, { id: billId });
    expect(vendorBill).toMatchObject({
      state: 'APPROVED',
      amountTotal: '5',
      exchangeRate: '0.9',
      companyAmountTotal: '4.5',
      lines: [{ amount: '5', clearedValue: '5' }],
    });
    await books.assertBooks(['PAR']);
  });

  it('a bill in the company currency keeps its figures, with rate 1 recorded', async () => {
    const supplier = await p.supplier('FX-EU2');
    const po = await order(supplier.id, 'FX-EUR', '3', '2.5');
    await confirm(po.id);
    await receive(po.id, po.lines[0].id, '3');
    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'FX-EUR-1',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '3', unitPrice: '2.5' }],
      },
    });
    const { vendorBill } = await app.ok(VendorBillInCompanyCurrencyDocument, { id: vendorBillCreate.vendorBill!.id });
    expect(vendorBill).toMatchObject({
      state: 'MATCHED',
      exchangeRate: '1',
      companyAmountTotal: '7.5',
      lines: [{ clearedValue: '7.5' }],
    });
  });
});

describe('no rate for the date: refused with EXCHANGE_RATE_MISSING, nothing changes', () => {
  it('confirming an order in a currency without any rate', async () => {
    const supplier = await p.supplier('FX-CH', 'CHF');
    const po = await order(supplier.id, 'FX-CHF', '2', '10');
    const before = await balances();
    const res = await confirm(po.id);
    expect(res.purchaseOrder).toBeNull();
    expect(res.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'purchaseOrderId'] }),
    ]);
    expect(res.userErrors[0].message).toContain('CHF');
    expect(res.userErrors[0].message).toContain(day(0));
    expect(res.userErrors[0].message).toContain('exchangeRateSet');
    const { purchaseOrder } = await app.ok(PurchaseOrderDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({ state: 'DRAFT' });
    expect(await balances()).toEqual(before);
  });

  it('a rate dated after the document does not apply: the latest one on or before its day does', async () => {
    const supplier = await p.supplier('FX-CH2', 'CHF');
    await setRate('CHF', day(5), '1.05');
    const po = await order(supplier.id, 'FX-CHF', '2', '10');
    const res = await confirm(po.id);
    expect(res.userErrors.map((e) => e.code)).toEqual(['EXCHANGE_RATE_MISSING']);
    await setRate('CHF', '2025-06-01', '1.04');
    expect((await confirm(po.id)).purchaseOrder!.state).toBe('CONFIRMED');
  });

  it('posting a bill dated before the first rate of its currency', async () => {
    await setRate('SEK', '2025-01-01', '0.087');
    const supplier = await p.supplier('FX-SE', 'SEK');
    const po = await order(supplier.id, 'FX-CHF', '10', '100');
    await confirm(po.id);
    await receive(po.id, po.lines[0].id, '10');
    const before = await balances();
    const billsBefore = (await app.ok(VendorBillsDocument, { filter: { purchaseOrderId: po.id } })).vendorBills;
    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'FX-SEK-OLD',
        billDate: '2024-12-31T12:00:00Z',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '10', unitPrice: '100' }],
      },
    });
    expect(vendorBillCreate.vendorBill).toBeNull();
    expect(vendorBillCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'billDate'] }),
    ]);
    expect(vendorBillCreate.userErrors[0].message).toContain('SEK on or before 2024-12-31');
    expect((await app.ok(VendorBillsDocument, { filter: { purchaseOrderId: po.id } })).vendorBills).toEqual(
      billsBefore,
    );
    expect((await app.ok(PurchaseOrderDocument, { id: po.id })).purchaseOrder!.lines[0].billedQuantity).toBe('0');
    expect(await balances()).toEqual(before);
  });
});

describe('no rate for the date, at receipt and at approval', () => {
  it('receiving an order confirmed before its currency had a rate (1:1 days) is refused until one is set', async () => {
    await setRate('PLN', '2025-01-01', '0.23');
    const supplier = await p.supplier('FX-PL', 'PLN');
    const po = await order(supplier.id, 'FX-CHF', '4', '10');
    expect((await confirm(po.id)).purchaseOrder!.state).toBe('CONFIRMED');
    // As an order confirmed before currencies were converted: its currency has no rate at all.
    await app.sql(`delete from exchange_rate where currency = 'PLN'`);
    const before = await balances();
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '4' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'purchaseOrderId'] }),
    ]);
    expect(purchaseOrderReceive.userErrors[0].message).toContain('PLN');
    const { purchaseOrder } = await app.ok(PurchaseOrderDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({ state: 'CONFIRMED', lines: [{ receivedQuantity: '0' }] });
    expect(await balances()).toEqual(before);
    await setRate('PLN', '2025-01-01', '0.23');
    const { receipt } = await receive(po.id, po.lines[0].id, '4');
    expect(receipt!.moves.map((m) => m.unitCost)).toEqual(['2.3']);
  });

  it('approving a held bill whose currency has no rate on its bill date is refused, naming the bill', async () => {
    const supplier = await p.supplier('FX-EU3');
    const po = await order(supplier.id, 'FX-EUR', '1', '5');
    await confirm(po.id);
    await receive(po.id, po.lines[0].id, '1');
    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'FX-DKK-1',
        currency: 'DKK',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '37' }],
      },
    });
    expect(vendorBillCreate.vendorBill!.state).toBe('ON_HOLD');
    const before = await balances();
    const billId = vendorBillCreate.vendorBill!.id;
    const { vendorBillApprove } = await p.as('controller', VendorBillApproveDocument, { input: { billId } });
    expect(vendorBillApprove.userErrors).toEqual([
      expect.objectContaining({ code: 'EXCHANGE_RATE_MISSING', field: ['input', 'billId'] }),
    ]);
    expect(vendorBillApprove.userErrors[0].message).toContain('DKK');
    const { vendorBill } = await app.ok(VendorBillInCompanyCurrencyDocument, { id: billId });
    expect(vendorBill).toMatchObject({ state: 'ON_HOLD', exchangeRate: null, companyAmountTotal: null });
    expect(await balances()).toEqual(before);
  });
});

describe('worked scenario: a USD order received at two rates, billed in two parts at two more', () => {
  it('values stock at the receipt rates, clears GR/IR exactly, and posts the differences to exchange gain and loss', async () => {
    const supplier = await p.supplier('FX-US', 'USD');
    await p.price({ supplierId: supplier.id, sku: 'FX-USD', unitPrice: '20' });
    const rate = async (date: string, value: string) => setRate('USD', date, value);
    await rate(day(0), '0.9');
    const po = await p.confirmedOrder(supplier.id, 'PAR', [{ sku: 'FX-USD', quantity: '10' }]);
    expect(po).toMatchObject({ currency: 'USD', amountTotal: '200', state: 'CONFIRMED' });
    const lineId = po.lines[0].id;
    const start = await balances();
    const valueBefore = Number((await books.valuation('PAR')).totalValue);

    // 6 received at 0.90: 6 x 20 x 0.90 = 108.00; today's rate then corrected to 0.92: 4 x 20 x 0.92 = 73.60.
    await receive(po.id, lineId, '6');
    await rate(day(0), '0.92');
    await receive(po.id, lineId, '4');
    expect(moved(start, await balances())).toEqual({ INVENTORY: 181.6, GRNI: -181.6 });
    expect(Number((await books.valuation('PAR')).totalValue) - valueBefore).toBeCloseTo(181.6, 2);

    // Bill 1, dated in 3 days at 0.95: 5 x 20 USD. GRNI cleared 181.60 x 5/10 = 90.80; at the bill
    // rate the goods are 95.00: 4.20 exchange loss; payables 95.00.
    await rate(day(3), '0.95');
    const afterReceipts = await balances();
    const bill = async (reference: string, n: number, unitPrice: string) => {
      const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
        input: {
          supplierId: supplier.id,
          reference,
          billDate: at(n),
          lines: [{ purchaseLineId: lineId, quantity: '5', unitPrice }],
        },
      });
      expect(vendorBillCreate.userErrors).toEqual([]);
      expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
      return (await app.ok(VendorBillInCompanyCurrencyDocument, { id: vendorBillCreate.vendorBill!.id })).vendorBill!;
    };
    const first = await bill('FX-US-1', 3, '20');
    expect(first).toMatchObject({ exchangeRate: '0.95', companyAmountTotal: '95', lines: [{ clearedValue: '90.8' }] });
    const afterFirst = await balances();
    expect(moved(afterReceipts, afterFirst)).toEqual({ GRNI: 90.8, EXCHANGE_LOSS: 4.2, ACCOUNTS_PAYABLE: -95 });

    // Bill 2, dated in 5 days at 0.85, 5 x 20.40 USD (2%, within the price tolerance): it clears
    // what is left of GRNI (90.80); the goods at the bill rate are 85.00: 5.80 exchange gain;
    // the 0.40 USD over the order price x 5 x 0.85 = 1.70 price variance; payables 86.70.
    await rate(day(5), '0.85');
    const second = await bill('FX-US-2', 5, '20.4');
    expect(second).toMatchObject({
      exchangeRate: '0.85',
      companyAmountTotal: '86.7',
      lines: [{ clearedValue: '90.8' }],
    });
    expect(moved(afterFirst, await balances())).toEqual({
      GRNI: 90.8,
      EXCHANGE_GAIN: -5.8,
      PRICE_VARIANCE: 1.7,
      ACCOUNTS_PAYABLE: -86.7,
    });

    // GR/IR of this order is cleared to the cent; the books hold.
    expect(moved(start, await balances())).toEqual({
      INVENTORY: 181.6,
      EXCHANGE_LOSS: 4.2,
      EXCHANGE_GAIN: -5.8,
      PRICE_VARIANCE: 1.7,
      ACCOUNTS_PAYABLE: -181.7,
    });
    const { purchaseOrder } = await app.ok(PurchaseOrderDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({ state: 'BILLED' });
    const { journalEntries } = await app.ok(FxEntryLinesDocument, { filter: { source: 'VENDOR_BILL' } });
    const second2 = journalEntries.edges.find((e) => e.node.reference === 'FX-US-2')!.node.lines;
    expect(second2).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ credit: '5.8', account: { code: '4800', role: 'EXCHANGE_GAIN' } }),
        expect.objectContaining({ credit: '86.7', account: { code: '2000', role: 'ACCOUNTS_PAYABLE' } }),
      ]),
    );
    await books.assertBooks(['PAR']);
  });
});
