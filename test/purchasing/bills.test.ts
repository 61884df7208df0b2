import {
  ExchangeRateSetDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  PurchaseOrderDocument,
  PurchaseOrderReceiveDocument,
  PurchasingSettingsDocument,
  PurchasingSettingsUpdateDocument,
  JournalEntriesDocument,
  JournalEntryReverseDocument,
  VendorBillApproveDocument,
  VendorBillCancelDocument,
  VendorBillCreateDocument,
  VendorBillRejectDocument,
  VendorBillsDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
let supplierId: string;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  await h.product('BILL-A');
  await h.product('BILL-B');
  supplierId = (await p.supplier('BILLSUP')).id;
  await p.price({ supplierId, sku: 'BILL-A', unitPrice: '10' });
  await p.price({ supplierId, sku: 'BILL-B', unitPrice: '4' });
});
afterAll(() => app.close());

async function receivedOrder(quantity: string, received: string) {
  const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'BILL-A', quantity }]);
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: received }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  return po;
}

const bill = (
  reference: string,
  lines: { purchaseLineId: string; quantity: string; unitPrice: string }[],
  actor = 'ap-clerk',
) => p.as(actor, VendorBillCreateDocument, { input: { supplierId, reference, lines } }).then((r) => r.vendorBillCreate);

describe('vendor bills: three-way match', () => {
  it('documents its default tolerances', async () => {
    expect((await app.ok(PurchasingSettingsDocument)).purchasingSettings).toEqual({
      approvalThreshold: '10000',
      overReceiptTolerancePercent: '0',
      billQuantityTolerancePercent: '0',
      billPriceTolerancePercent: '2',
    });
  });

  it('a bill for more than received goes ON_HOLD with the exceptions listed; approval releases it (not by its creator)', async () => {
    const po = await receivedOrder('10', '6');
    const lineId = po.lines[0].id;
    const held = await bill('H-1', [{ purchaseLineId: lineId, quantity: '8', unitPrice: '10' }]);
    expect(held.userErrors).toEqual([]);
    expect(held.vendorBill).toMatchObject({ state: 'ON_HOLD', postedAt: null, amountTotal: '80' });
    expect(held.vendorBill!.exceptions).toEqual([
      expect.objectContaining({ lineIndex: 0, purchaseLineId: lineId, code: 'QUANTITY_OVER_RECEIVED' }),
    ]);
    expect(held.vendorBill!.exceptions[0].message).toContain('8 billed in all, 6 received');

    const self = (await p.as('ap-clerk', VendorBillApproveDocument, { input: { billId: held.vendorBill!.id } }))
      .vendorBillApprove;
    expect(self.userErrors).toEqual([expect.objectContaining({ code: 'SEGREGATION_OF_DUTIES' })]);
    const released = (await p.as('controller', VendorBillApproveDocument, { input: { billId: held.vendorBill!.id } }))
      .vendorBillApprove;
    expect(released.userErrors).toEqual([]);
    expect(released.vendorBill).toMatchObject({ state: 'APPROVED', approvedBy: await p.actorOf('controller') });
    expect(released.vendorBill!.postedAt).not.toBeNull();
    const again = (await p.as('controller', VendorBillApproveDocument, { input: { billId: held.vendorBill!.id } }))
      .vendorBillApprove;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);

    // Earlier bills count: billing the 2 still unbilled of the 10 ordered is more than the 6 received.
    const second = await bill('H-2', [{ purchaseLineId: lineId, quantity: '2', unitPrice: '10' }]);
    expect(second.vendorBill!.state).toBe('ON_HOLD');
    const { vendorBills } = await app.ok(VendorBillsDocument, {
      filter: { purchaseOrderId: po.id, states: ['ON_HOLD'] },
    });
    expect(vendorBills.edges.map((e) => e.node.reference)).toEqual(['H-2']);
  });

  it('within tolerance it does not: a price 1.5% off and exactly the received quantity match', async () => {
    const po = await receivedOrder('10', '10');
    const matched = await bill('M-1', [{ purchaseLineId: po.lines[0].id, quantity: '10', unitPrice: '10.15' }]);
    expect(matched.vendorBill).toMatchObject({ state: 'MATCHED', exceptions: [], amountTotal: '101.5' });
    expect((await app.ok(PurchaseOrderDocument, { id: po.id })).purchaseOrder!.state).toBe('BILLED');
  });

  it('a price beyond the tolerance and a quantity over ordered are both listed', async () => {
    const po = await receivedOrder('5', '5');
    const held = await bill('P-1', [{ purchaseLineId: po.lines[0].id, quantity: '6', unitPrice: '10.5' }]);
    expect(held.vendorBill!.state).toBe('ON_HOLD');
    expect(held.vendorBill!.exceptions.map((e) => e.code).sort()).toEqual([
      'PRICE_MISMATCH',
      'QUANTITY_OVER_ORDERED',
      'QUANTITY_OVER_RECEIVED',
    ]);
    expect((await app.ok(PurchaseOrderDocument, { id: po.id })).purchaseOrder!.state).toBe('RECEIVED');
  });

  it('closeShort closes the rest with a reason; billing what arrived closes the order', async () => {
    const po = await p.confirmedOrder(supplierId, 'LYO', [
      { sku: 'BILL-A', quantity: '10' },
      { sku: 'BILL-B', quantity: '20' },
    ]);
    expect(await h.level('BILL-B', 'LYO')).toMatchObject({ incoming: '20' });
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: {
        purchaseOrderId: po.id,
        lines: [{ lineId: po.lines[0].id, quantity: '7' }],
        closeShort: true,
        reason: 'supplier out of stock',
      },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    expect(purchaseOrderReceive.backorder).toBeNull();
    expect(purchaseOrderReceive.purchaseOrder).toMatchObject({ state: 'RECEIVED', reason: 'supplier out of stock' });
    expect(
      purchaseOrderReceive.purchaseOrder!.lines.map((l) => [l.receivedQuantity, l.closedShort, l.openQuantity]),
    ).toEqual([
      ['7', true, '0'],
      ['0', true, '0'],
    ]);
    expect(await h.level('BILL-A', 'LYO')).toMatchObject({ onHand: '7', incoming: '0' });
    expect(await h.level('BILL-B', 'LYO')).toMatchObject({ onHand: '0', incoming: '0' });
    const [reason] = await app.sql<{ reason_code: string }>(
      `select m.reason_code from stock_move m join purchase_line_move l on l.move_id = m.id where l.line_id = $1 and m.state = 'CANCELLED'`,
      [po.lines[1].id],
    );
    expect(reason.reason_code).toBe('CLOSED_SHORT');
    const matched = await bill('C-1', [{ purchaseLineId: po.lines[0].id, quantity: '7', unitPrice: '10' }]);
    expect(matched.vendorBill!.state).toBe('MATCHED');
    expect((await app.ok(PurchaseOrderDocument, { id: po.id })).purchaseOrder!.state).toBe('BILLED');
  });
});

describe('vendor bills: quantity tolerance and currency', () => {
  const tolerance = async (billQuantityTolerancePercent: string) => {
    const { purchasingSettingsUpdate } = await app.ok(PurchasingSettingsUpdateDocument, {
      input: { billQuantityTolerancePercent },
    });
    expect(purchasingSettingsUpdate.userErrors).toEqual([]);
  };
  afterAll(() => tolerance('0'));

  it('with a 10% quantity tolerance, billing 22 of 20 received matches and 23 goes on hold', async () => {
    await tolerance('10');
    // 40 ordered, 20 received: only the received side of the match is at stake.
    const within = await receivedOrder('40', '20');
    const matched = await bill('QT-1', [{ purchaseLineId: within.lines[0].id, quantity: '22', unitPrice: '10' }]);
    expect(matched.userErrors).toEqual([]);
    expect(matched.vendorBill).toMatchObject({ state: 'MATCHED', exceptions: [], amountTotal: '220' });
    expect(matched.vendorBill!.postedAt).not.toBeNull();

    const beyond = await receivedOrder('40', '20');
    const held = await bill('QT-2', [{ purchaseLineId: beyond.lines[0].id, quantity: '23', unitPrice: '10' }]);
    expect(held.vendorBill).toMatchObject({ state: 'ON_HOLD', postedAt: null });
    expect(held.vendorBill!.exceptions).toEqual([
      expect.objectContaining({ code: 'QUANTITY_OVER_RECEIVED', purchaseLineId: beyond.lines[0].id }),
    ]);
    expect(held.vendorBill!.exceptions[0].message).toContain('23 billed in all, 20 received');
  });

  it('a bill in another currency than its order goes on hold with CURRENCY_MISMATCH; in the order currency it matches', async () => {
    // The supplier bills in EUR; this order was placed in USD (converted at this rate, issue 23).
    const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, {
      input: { currency: 'USD', date: '2025-01-01', rate: '0.9' },
    });
    expect(exchangeRateSet.userErrors).toEqual([]);
    const usd = await p.as('buyer', PurchaseOrderCreateDocument, {
      input: {
        supplierId,
        warehouseCode: 'PAR',
        currency: 'USD',
        lines: [{ sku: 'BILL-B', quantity: '5', unitPrice: '4' }],
      },
    });
    const po = usd.purchaseOrderCreate.purchaseOrder!;
    expect(po.currency).toBe('USD');
    await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: po.id } });
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '5' }] },
    });
    const line = { purchaseLineId: po.lines[0].id, quantity: '5', unitPrice: '4' };

    const eur = await bill('CUR-1', [line]);
    expect(eur.userErrors).toEqual([]);
    expect(eur.vendorBill).toMatchObject({ state: 'ON_HOLD', currency: 'EUR', postedAt: null });
    expect(eur.vendorBill!.exceptions).toEqual([
      expect.objectContaining({ lineIndex: 0, code: 'CURRENCY_MISMATCH', purchaseLineId: po.lines[0].id }),
    ]);
    expect(eur.vendorBill!.exceptions[0].message).toContain('EUR');
    expect(eur.vendorBill!.exceptions[0].message).toContain('USD');

    // A second order, billed in its own currency, matches.
    const other = await p.as('buyer', PurchaseOrderCreateDocument, {
      input: {
        supplierId,
        warehouseCode: 'PAR',
        currency: 'USD',
        lines: [{ sku: 'BILL-B', quantity: '5', unitPrice: '4' }],
      },
    });
    const po2 = other.purchaseOrderCreate.purchaseOrder!;
    await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: po2.id } });
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po2.id, lines: [{ lineId: po2.lines[0].id, quantity: '5' }] },
    });
    const inUsd = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId,
        reference: 'CUR-2',
        currency: 'USD',
        lines: [{ purchaseLineId: po2.lines[0].id, quantity: '5', unitPrice: '4' }],
      },
    });
    expect(inUsd.vendorBillCreate.vendorBill).toMatchObject({ state: 'MATCHED', currency: 'USD', exceptions: [] });
  });

  it('a malformed bill currency is refused, naming the field, and nothing is written', async () => {
    const po = await receivedOrder('1', '1');
    const before = await app.sql('select count(*) n from vendor_bill');
    const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
      input: {
        supplierId,
        reference: 'CUR-BAD',
        currency: 'euro',
        lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '10' }],
      },
    });
    expect(vendorBillCreate.vendorBill).toBeNull();
    expect(vendorBillCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'currency'] }),
    ]);
    expect(await app.sql('select count(*) n from vendor_bill')).toEqual(before);
  });
});

describe('held bills are rejected, posted bills cancelled (issue 23, item 1)', () => {
  const orderLine = async (poId: string) => (await app.ok(PurchaseOrderDocument, { id: poId })).purchaseOrder!;

  it('a wrong bill on hold bills nothing: the correct one matches, the wrong one is rejected, the order shows 10 billed', async () => {
    const books = accountingHelpers(app);
    const po = await receivedOrder('10', '10');
    const lineId = po.lines[0].id;
    const wrong = await bill('WRONG-1', [{ purchaseLineId: lineId, quantity: '10', unitPrice: '100' }]);
    expect(wrong.vendorBill).toMatchObject({ state: 'ON_HOLD' });
    expect((await orderLine(po.id)).lines[0].billedQuantity).toBe('0');
    // Before: "20 billed in all, 10 received" and this one held too.
    const right = await bill('RIGHT-1', [{ purchaseLineId: lineId, quantity: '10', unitPrice: '10' }]);
    expect(right.vendorBill).toMatchObject({ state: 'MATCHED', exceptions: [] });
    // The wrong one still waits: the order is not closed yet.
    expect(await orderLine(po.id)).toMatchObject({ state: 'RECEIVED', lines: [{ billedQuantity: '10' }] });

    // Approving it now would bill the goods twice: refused, whatever its approver saw at hold time.
    const late = (await p.as('controller', VendorBillApproveDocument, { input: { billId: wrong.vendorBill!.id } }))
      .vendorBillApprove;
    expect(late.userErrors).toMatchObject([{ code: 'CONFLICT', field: ['input', 'billId'] }]);
    expect(late.userErrors[0].message).toContain('20 would be billed in all for 10 received');

    const payable = await books.balance('ACCOUNTS_PAYABLE');
    const rejected = (
      await p.as('controller', VendorBillRejectDocument, {
        input: { billId: wrong.vendorBill!.id, reason: 'billed 100 instead of 10' },
      })
    ).vendorBillReject;
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.vendorBill).toMatchObject({
      state: 'REJECTED',
      postedAt: null,
      cancelReason: 'billed 100 instead of 10',
      cancelledBy: await p.actorOf('controller'),
    });
    expect(await books.balance('ACCOUNTS_PAYABLE')).toBe(payable);
    expect(await orderLine(po.id)).toMatchObject({ state: 'BILLED', lines: [{ billedQuantity: '10' }] });
    // A posted bill is not rejected, a rejected one not again.
    for (const billId of [right.vendorBill!.id, wrong.vendorBill!.id]) {
      const again = (await p.as('controller', VendorBillRejectDocument, { input: { billId, reason: 'x' } }))
        .vendorBillReject;
      expect(again.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    }
    await books.assertBooks();
  });

  it('a posted bill is cancelled by a reversing entry: payables and GRNI come back, the order is open for the corrected bill', async () => {
    const books = accountingHelpers(app);
    const po = await receivedOrder('4', '4');
    const lineId = po.lines[0].id;
    const grni = await books.balance('GRNI');
    const payable = await books.balance('ACCOUNTS_PAYABLE');
    const posted = await bill('CANCEL-1', [{ purchaseLineId: lineId, quantity: '4', unitPrice: '10' }]);
    expect(posted.vendorBill!.state).toBe('MATCHED');
    expect((await orderLine(po.id)).state).toBe('BILLED');

    const held = await bill('CANCEL-H', [{ purchaseLineId: lineId, quantity: '1', unitPrice: '10' }]);
    const wrongWay = (
      await p.as('controller', VendorBillCancelDocument, { input: { billId: held.vendorBill!.id, reason: 'x' } })
    ).vendorBillCancel;
    expect(wrongWay.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    expect(wrongWay.userErrors[0].message).toContain('vendorBillReject');

    const { vendorBillCancel } = await p.as('controller', VendorBillCancelDocument, {
      input: { billId: posted.vendorBill!.id, reason: 'supplier sent a corrected invoice' },
    });
    expect(vendorBillCancel.userErrors).toEqual([]);
    expect(vendorBillCancel.vendorBill).toMatchObject({ state: 'CANCELLED' });
    expect(await books.balance('ACCOUNTS_PAYABLE')).toBe(payable);
    expect(await books.balance('GRNI')).toBe(grni);
    expect(await orderLine(po.id)).toMatchObject({ state: 'RECEIVED', lines: [{ billedQuantity: '0' }] });
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { billId: posted.vendorBill!.id } });
    expect(journalEntries.edges.map((e) => e.node.source).sort()).toEqual(['REVERSAL', 'VENDOR_BILL']);
    const reversal = journalEntries.edges.find((e) => e.node.source === 'REVERSAL')!.node;
    expect(reversal.journal.code).toBe('PUR');
    // Neither the bill's entry nor its reversal is reversed alone.
    for (const { node } of journalEntries.edges) {
      const { journalEntryReverse } = await app.ok(JournalEntryReverseDocument, { input: { id: node.id } });
      expect(journalEntryReverse.userErrors).toMatchObject([{ code: 'DOCUMENT_ENTRY' }]);
    }
    const again = (
      await p.as('controller', VendorBillCancelDocument, { input: { billId: posted.vendorBill!.id, reason: 'x' } })
    ).vendorBillCancel;
    expect(again.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);

    // The same invoice number is entered again, corrected.
    const corrected = await bill('CANCEL-1', [{ purchaseLineId: lineId, quantity: '4', unitPrice: '10.1' }]);
    expect(corrected.userErrors).toEqual([]);
    expect(corrected.vendorBill!.state).toBe('MATCHED');
    await books.assertBooks();
  });
});
