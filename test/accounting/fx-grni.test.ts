import {
  ExchangeRateSetDocument,
  PurchaseOrderReceiveDocument,
  PurchaseOrderReturnDocument,
  VendorBillApproveDocument,
  VendorBillCancelDocument,
  VendorBillCreateDocument,
  VendorCreditNoteApproveDocument,
  VendorCreditNoteCreateDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { at, day, purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * GR/IR of a foreign-currency order line after a credit note (found by the books property test,
 * issue 23): a bill's share of GR/IR counted the posted bills but not the credit notes that
 * un-bill goods, so a bill after a credit note found nothing open and cleared the order price at
 * its own rate instead of what the receipt credited, leaving the rate difference in GR/IR with
 * nothing received and not billed. The books are in EUR (the demo company).
 */
let app: TestApp;
let p: ReturnType<typeof purchasingHelpers>;
let books: ReturnType<typeof accountingHelpers>;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  p = purchasingHelpers(app);
  books = accountingHelpers(app);
  await stockHelpers(app).product('FXG-P');
});
afterAll(() => app.close());

async function setRate(currency: string, date: string, rate: string) {
  const { exchangeRateSet } = await app.ok(ExchangeRateSetDocument, { input: { currency, date, rate } });
  expect(exchangeRateSet.userErrors).toEqual([]);
}

/** GR/IR's credit balance (what it owes for goods received and not billed). */
const grni = async () => -Number(await books.balance('GRNI', at(10)));

/**
 * A confirmed order of `quantity` FXG-P at 10 from a new supplier in `currency`, GR/IR before it,
 * and `receive`, which receives part of its line and expects no userErrors.
 */
async function foreignOrderLine(supplierCode: string, currency: string, quantity: string) {
  const supplierId = (await p.supplier(supplierCode, currency)).id;
  const before = await grni();
  const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'FXG-P', quantity, unitPrice: '10' }]);
  const lineId = po.lines[0].id;
  const receive = async (received: string) => {
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: received }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    return purchaseOrderReceive;
  };
  return { supplierId, before, po, lineId, receive };
}

it('a bill after a credit note clears what the later receipt credited GR/IR (16.00 at 0.80), not the order price at the bill rate (18.00)', async () => {
  await setRate('USD', day(-30), '0.9');
  const { supplierId, before, po, lineId, receive } = await foreignOrderLine('FXG-USD', 'USD', '6');
  const bill = async (reference: string, quantity: string, billDate?: string) => {
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: { supplierId, reference, billDate, lines: [{ purchaseLineId: lineId, quantity, unitPrice: '10' }] },
    });
    expect(vendorBillCreate.userErrors).toEqual([]);
    expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
    return vendorBillCreate.vendorBill!.id;
  };

  // 4 received at 0.90 (36.00) and billed; 2 go back (18.00) and are credited against the return.
  await receive('4');
  const first = await bill('FXG-1', '4');
  const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '2' }], reason: 'damaged' },
  });
  expect(purchaseOrderReturn.userErrors).toEqual([]);
  const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
    input: {
      supplierId,
      reference: 'FXG-CN-1',
      billId: first,
      returnId: purchaseOrderReturn.supplierReturn!.id,
      lines: [{ purchaseLineId: lineId, quantity: '2' }],
    },
  });
  expect(vendorCreditNoteCreate.userErrors).toEqual([]);
  expect(vendorCreditNoteCreate.creditNote!.state).toBe('MATCHED');
  expect(await grni()).toBeCloseTo(before, 6);

  // The last 2 received today at 0.80 (16.00), billed dated 5 days back at 0.90.
  await setRate('USD', day(0), '0.8');
  await receive('2');
  expect(await grni()).toBeCloseTo(before + 16, 6);
  const second = await bill('FXG-2', '2', at(-5));
  const [line] = await app.sql<{ cleared: string }>(
    'select cleared_value::text as cleared from vendor_bill_line where bill_id = $1',
    [second],
  );
  expect(Number(line.cleared)).toBe(16);
  // Nothing received and not billed: GR/IR is back where it was; the 2.00 the rate moved is an exchange loss.
  expect(await grni()).toBeCloseTo(before, 6);
  const [entry] = await app.sql<{ debit: string }>(
    `select l.debit::text as debit from journal_line l join account a on a.id = l.account_id
      where l.bill_id = $1 and a.role = 'EXCHANGE_LOSS'`,
    [second],
  );
  expect(Number(entry.debit)).toBe(2);
  await books.assertBooks(['PAR']);
});

/** Exchange gain less exchange loss posted for the stock moves of a return (by its name). */
async function exchangeOfMoves(reference: string) {
  const [row] = await app.sql<{ net: string }>(
    `select coalesce(sum(l.credit - l.debit), 0)::text as net from journal_line l
       join account a on a.id = l.account_id and a.role in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS')
       join stock_move m on m.id = l.stock_move_id where m.reference = $1`,
    [reference],
  );
  return Number(row.net);
}

// A bill of part of what is open clears the average of the receipts (17.00 for 2 of 2 @ 18.00 and
// 2 @ 16.00 in all); the return of the rest debited GR/IR at its own receipt's cost (16.00), not at
// what the bill left open (17.00): 1.00 stayed in GR/IR with nothing received and not billed.
it('goods received at two rates, half billed, then sent back: nothing received-not-billed leaves nothing in GR/IR', async () => {
  await setRate('USD', day(-30), '0.9');
  await setRate('USD', day(0), '0.9');
  const { supplierId, before, po, lineId, receive } = await foreignOrderLine('FXG-USD2', 'USD', '4');
  // 2 at 0.90 (18.00), 2 at 0.80 (16.00): 34.00 for 4.
  await receive('2');
  await setRate('USD', day(0), '0.8');
  await receive('2');
  expect(await grni()).toBeCloseTo(before + 34, 6);
  // 2 of the 4 billed: half of what is open, 17.00.
  const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
    input: { supplierId, reference: 'FXG-3', lines: [{ purchaseLineId: lineId, quantity: '2', unitPrice: '10' }] },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(await grni()).toBeCloseTo(before + 17, 6);
  // The 2 not billed go back (the newest receipt's, 16.00): 2 received, 2 billed, nothing open.
  const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '2' }], reason: 'late' },
  });
  expect(purchaseOrderReturn.userErrors).toEqual([]);
  expect(purchaseOrderReturn.purchaseOrder!.lines[0]).toMatchObject({ receivedQuantity: '2', billedQuantity: '2' });
  // GR/IR gives up the 17.00 the bill left; the stock leaves at its layer's 16.00; the 1.00 is an exchange gain.
  expect(await grni()).toBeCloseTo(before, 6);
  expect(await exchangeOfMoves(purchaseOrderReturn.supplierReturn!.name)).toBeCloseTo(1, 6);
  await books.assertBooks(['PAR']);
});

// Goods billed, sent back, and received again on the same line (no credit note: the bill stands for
// the goods received after) at another rate: the return debits GR/IR at the first receipt's cost
// (18.00), the later receipt credited it at its own (16.00), leaving 2.00 with nothing open.
it('billed goods sent back and received again at another rate: GR/IR ends at zero, the rate difference is an exchange loss', async () => {
  await setRate('USD', day(-30), '0.9');
  await setRate('USD', day(0), '0.9');
  const { supplierId, before, po, lineId, receive } = await foreignOrderLine('FXG-USD3', 'USD', '4');
  await receive('2');
  const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
    input: { supplierId, reference: 'FXG-4', lines: [{ purchaseLineId: lineId, quantity: '2', unitPrice: '10' }] },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(await grni()).toBeCloseTo(before, 6);
  const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '2' }], reason: 'broken' },
  });
  expect(purchaseOrderReturn.userErrors).toEqual([]);
  // Billed and not received: GR/IR holds 18.00 on its debit side.
  expect(await grni()).toBeCloseTo(before - 18, 6);
  await setRate('USD', day(0), '0.8');
  const received = await receive('2');
  expect(received.purchaseOrder!.lines[0]).toMatchObject({ receivedQuantity: '2', billedQuantity: '2' });
  // Nothing received-not-billed: GR/IR is back where it was; the goods are in stock at 16.00.
  expect(await grni()).toBeCloseTo(before, 6);
  const [loss] = await app.sql<{ net: string }>(
    `select coalesce(sum(l.debit - l.credit), 0)::text as net from journal_line l
       join account a on a.id = l.account_id and a.role in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS')
       join purchase_line_move x on x.move_id = l.stock_move_id where x.line_id = $1`,
    [lineId],
  );
  expect(Number(loss.net)).toBeCloseTo(2, 6);
  await books.assertBooks(['PAR']);
});

// Goods billed before they are received (held, then approved): the bill debits GR/IR at the order
// price at its rate (18.00); the receipt at another rate (16.00) takes that back, not its own cost.
it('goods billed before they are received at another rate: the receipt clears what the bill left in GR/IR', async () => {
  await setRate('USD', day(-30), '0.9');
  await setRate('USD', day(0), '0.9');
  const { supplierId, before, lineId, receive } = await foreignOrderLine('FXG-USD4', 'USD', '2');
  const { vendorBillCreate } = await p.as('ap-clerk', VendorBillCreateDocument, {
    input: { supplierId, reference: 'FXG-5', lines: [{ purchaseLineId: lineId, quantity: '2', unitPrice: '10' }] },
  });
  expect(vendorBillCreate.userErrors).toEqual([]);
  expect(vendorBillCreate.vendorBill!.state).toBe('ON_HOLD');
  const { vendorBillApprove } = await p.as('controller', VendorBillApproveDocument, {
    input: { billId: vendorBillCreate.vendorBill!.id },
  });
  expect(vendorBillApprove.userErrors).toEqual([]);
  expect(await grni()).toBeCloseTo(before - 18, 6);
  await setRate('USD', day(0), '0.8');
  await receive('2');
  expect(await grni()).toBeCloseTo(before, 6);
  await books.assertBooks(['PAR']);
});

it('a credit note un-billing kept goods puts them back in GR/IR at their receipt cost (12.00 at 1.20), not at the note date rate (15.00)', async () => {
  // Found by the books property test (CI, seed -1651946370): the note valued the goods it
  // un-billed at the order price of its own date, so GR/IR held 1.34 for 0.1 unit received at 12.95.
  await setRate('GBP', day(-5), '1.5');
  await setRate('GBP', day(-1), '1.2');
  const { supplierId, before, lineId, receive } = await foreignOrderLine('FXG-GBP', 'GBP', '4');
  await receive('4');
  const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
    input: { supplierId, reference: 'FXG-GBP-1', lines: [{ purchaseLineId: lineId, quantity: '4', unitPrice: '10' }] },
  });
  expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
  // Received at 1.20 (48.00) and billed at 1.20: nothing open.
  expect(await grni()).toBeCloseTo(before, 6);
  const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
    input: {
      supplierId,
      reference: 'FXG-GBP-CN',
      creditDate: `${day(-3)}T12:00:00Z`,
      lines: [{ purchaseLineId: lineId, quantity: '1', unitPrice: '10' }],
    },
  });
  expect(vendorCreditNoteCreate.userErrors).toEqual([]);
  // Nothing was sent back: a person approves the credit of kept goods.
  expect(vendorCreditNoteCreate.creditNote!.state).toBe('ON_HOLD');
  const { vendorCreditNoteApprove } = await p.as('controller', VendorCreditNoteApproveDocument, {
    input: { creditNoteId: vendorCreditNoteCreate.creditNote!.id },
  });
  expect(vendorCreditNoteApprove.userErrors).toEqual([]);
  // 1 received and no longer billed: 12.00 in GR/IR, what it was received at.
  expect(await grni()).toBeCloseTo(before + 12, 6);
  await books.assertBooks(['PAR', 'LYO']);
});

it('a bill cancelled after a credit note gives GR/IR back under the one rule: 9.00 for the 1 left at its receipt cost 9.00, not the 10.00 a verbatim reversal left', async () => {
  // Found by the books property test (issue 23): the cancellation reversed the bill's entry line
  // for line, so GR/IR took back the 18.00 the bill cleared although a credit note had meanwhile
  // moved what GR/IR held for the line; it held 10.00 for one unit received at 9.00.
  await setRate('USD', day(-30), '0.9');
  await setRate('USD', day(0), '0.9');
  const { supplierId, before, po, lineId, receive } = await foreignOrderLine('FXG-USD5', 'USD', '4');
  const bill = async (reference: string) => {
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: { supplierId, reference, lines: [{ purchaseLineId: lineId, quantity: '2', unitPrice: '10' }] },
    });
    expect(vendorBillCreate.userErrors).toEqual([]);
    expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
    return vendorBillCreate.vendorBill!.id;
  };
  // 2 received at 0.90 (18.00) and billed; 2 at 0.80 (16.00) and billed.
  await receive('2');
  const first = await bill('FXG-6');
  await setRate('USD', day(0), '0.8');
  await receive('2');
  await bill('FXG-7');
  expect(await grni()).toBeCloseTo(before, 6);
  // The 2 at 0.80 go back (GR/IR debited 16.00), 1 of them is credited (GR/IR credited 8.00).
  await sendBackTwoCreditOne(supplierId, po.id, lineId, 'FXG-CN-6');
  expect(await grni()).toBeCloseTo(before - 8, 6);

  // The first bill cancelled: 2 received (the 2 at 9.00), 1 billed; GR/IR holds the 1 at 9.00.
  const { vendorBillCancel } = await p.as('controller', VendorBillCancelDocument, {
    input: { billId: first, reason: 'wrong bill' },
  });
  expect(vendorBillCancel.userErrors).toEqual([]);
  expect(await grni()).toBeCloseTo(before + 9, 6);
  // GR/IR took back 17.00 of the 18.00 the bill cleared: the 1.00 is an exchange gain of the cancellation.
  const [exchange] = await app.sql<{ net: string }>(
    `select coalesce(sum(l.credit - l.debit), 0)::text as net from journal_line l
       join account a on a.id = l.account_id and a.role in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS')
       join journal_entry e on e.id = l.entry_id
      where l.bill_id = $1 and e.reversal_of_id is not null`,
    [first],
  );
  expect(Number(exchange.net)).toBe(1);
  await books.assertBooks(['PAR']);
});

/** 2 units of the line go back to the supplier and a credit note against that return credits 1 (posted at once). */
async function sendBackTwoCreditOne(supplierId: string, purchaseOrderId: string, lineId: string, reference: string) {
  const { purchaseOrderReturn } = await app.ok(PurchaseOrderReturnDocument, {
    input: { purchaseOrderId, lines: [{ lineId, quantity: '2' }], reason: 'damaged' },
  });
  expect(purchaseOrderReturn.userErrors).toEqual([]);
  const { vendorCreditNoteCreate } = await app.ok(VendorCreditNoteCreateDocument, {
    input: {
      supplierId,
      reference,
      returnId: purchaseOrderReturn.supplierReturn!.id,
      lines: [{ purchaseLineId: lineId, quantity: '1' }],
    },
  });
  expect(vendorCreditNoteCreate.userErrors).toEqual([]);
  expect(vendorCreditNoteCreate.creditNote!.state).toBe('MATCHED');
}

/**
 * One USD bill (`code`-8) over L1 (2 received at 0.90, 18.00) and `others` lines of the same
 * product (2 each received at 0.80, 16.00); L1 then takes 2 more at 0.80, billed, sent back, 1 of
 * them credited (GR/IR -8.00). The bill is cancelled: L1 holds 1 received-not-billed at 9.00 (GR/IR
 * takes back 17.00 of the 18.00 the bill cleared, 1.00 an exchange gain), each other line its 2 at
 * 16.00. Then each line is billed again: each clears exactly what it holds, and GR/IR follows line
 * by line to where it was.
 */
async function cancelOverLinesOfOneProduct(code: string, others: number) {
  await setRate('USD', day(-30), '0.9');
  await setRate('USD', day(0), '0.9');
  const supplierId = (await p.supplier(code, 'USD')).id;
  const before = await grni();
  const po = await p.confirmedOrder(supplierId, 'PAR', [
    { sku: 'FXG-P', quantity: '4', unitPrice: '10' },
    ...Array.from({ length: others }, () => ({ sku: 'FXG-P', quantity: '2', unitPrice: '10' })),
  ]);
  const [l1, ...rest] = po.lines.map((l) => l.id);
  const receive = async (lineId: string, quantity: string) => {
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
  };
  const bill = async (reference: string, lines: { purchaseLineId: string; quantity: string }[]) => {
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: { supplierId, reference, lines: lines.map((l) => ({ ...l, unitPrice: '10' })) },
    });
    expect(vendorBillCreate.userErrors).toEqual([]);
    expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
    return vendorBillCreate.vendorBill!.id;
  };
  const cleared = async (billId: string) => {
    const [row] = await app.sql<{ cleared: string }>(
      'select cleared_value::text as cleared from vendor_bill_line where bill_id = $1',
      [billId],
    );
    return row.cleared;
  };

  await receive(l1, '2');
  await setRate('USD', day(0), '0.8');
  for (const line of rest) await receive(line, '2');
  const all = await bill(`${code}-8`, [
    { purchaseLineId: l1, quantity: '2' },
    ...rest.map((purchaseLineId) => ({ purchaseLineId, quantity: '2' })),
  ]);
  await receive(l1, '2');
  await bill(`${code}-9`, [{ purchaseLineId: l1, quantity: '2' }]);
  expect(await grni()).toBeCloseTo(before, 6);
  await sendBackTwoCreditOne(supplierId, po.id, l1, `${code}-CN`);
  expect(await grni()).toBeCloseTo(before - 8, 6);

  const { vendorBillCancel } = await p.as('controller', VendorBillCancelDocument, {
    input: { billId: all, reason: 'wrong bill' },
  });
  expect(vendorBillCancel.userErrors).toEqual([]);
  expect(await grni()).toBeCloseTo(before + 9 + 16 * others, 6);

  const again = await bill(`${code}-10`, [{ purchaseLineId: l1, quantity: '1' }]);
  expect(await cleared(again)).toBe('9.00');
  expect(await grni()).toBeCloseTo(before + 16 * others, 6);
  for (const [index, line] of rest.entries()) {
    const next = await bill(`${code}-${11 + index}`, [{ purchaseLineId: line, quantity: '2' }]);
    expect(await cleared(next)).toBe('16.00');
    expect(await grni()).toBeCloseTo(before + 16 * (others - index - 1), 6);
  }
  await books.assertBooks(['PAR']);
}

it('a bill over two order lines of one product, cancelled after a credit note moved one of them: GR/IR per order line ends exactly at what is received-not-billed', async () => {
  // Review finding: the cancellation's GR/IR adjustment was tagged with the bill and the product
  // only, and read back shared over the bill's lines of that product by quantity: L1's -1.00 was
  // split -0.50 / -0.50 with L2, so re-billing L1 cleared 9.50 for a unit received at 9.00 and
  // L2's 16.00 received 15.50; the total was right, each line wrong.
  await cancelOverLinesOfOneProduct('FXG-USD6', 1);
});

it('the same over three order lines: no cent lost to rounding shares, GR/IR ends at zero with nothing received-not-billed', async () => {
  // Shared by quantity, L1's -1.00 became -0.33 on each of three lines (each rounded to the cent):
  // re-billing L1 cleared 9.67, and the lines held 0.01 more in all than the ledger (GR/IR would
  // have ended 0.01 off with nothing received-not-billed).
  await cancelOverLinesOfOneProduct('FXG-USD7', 2);
});
