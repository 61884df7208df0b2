import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { EntrySource } from './accounting.enums';
import type { VendorBillCancellation, VendorBillPosting } from '../purchasing/bill-posting-hooks';
import { writeEntry, writeReversal } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';
import { exchangeLines } from './return-valuation';

export type { VendorBillPosting };

/**
 * Posts an approved vendor bill, for purchasing to call in the transaction that approves or
 * releases it: Dr GRNI at the received cost (clearing what the receipts credited), Dr or Cr
 * purchase price variance for the difference, Cr Accounts payable at the billed amount. A
 * foreign-currency bill comes converted (companyAmounts): GRNI at the receipt-date rates,
 * payables at the bill-date rate, the price variance at the bill-date rate, and the rest, the
 * order price's move with the rate, to exchange losses (Dr) or gains (Cr).
 * Every line carries the bill id and the supplier. Returns the journal entry id.
 */
export async function postVendorBill(sc: ServiceContext, bill: VendorBillPosting): Promise<string | null> {
  const books = await openBooks(sc, bill.date, ['input', 'date']);
  const zero = new Decimal(0);
  const common = { billId: bill.billId, partnerId: bill.partnerId };
  const lines: PostingLine[] = [];
  let payable = new Decimal(0);
  for (const line of bill.lines) {
    const company = line.companyAmounts;
    const received = company?.received ?? money(new Decimal(line.quantity).times(line.receivedUnitCost));
    const billed = company?.billed ?? money(new Decimal(line.quantity).times(line.billedUnitPrice));
    // A foreign-currency line: the order price moved with the rate between receipt and bill.
    const atBillRate = company?.orderedAtBillRate ?? received;
    const variance = billed.minus(atBillRate);
    const exchange = atBillRate.minus(received);
    payable = payable.plus(billed);
    const product = {
      ...common,
      productId: line.productId,
      label: `${bill.reference} x ${new Decimal(line.quantity).toFixed()}`,
    };
    lines.push({ ...product, accountId: books.accounts.GRNI, debit: received, credit: zero });
    if (!variance.isZero()) {
      lines.push({
        ...product,
        accountId: books.accounts.PRICE_VARIANCE,
        debit: variance.gt(0) ? variance : zero,
        credit: variance.lt(0) ? variance.negated() : zero,
      });
    }
    if (exchange.gt(0)) {
      lines.push({ ...product, accountId: books.accounts.EXCHANGE_LOSS, debit: exchange, credit: zero });
    } else if (exchange.lt(0)) {
      lines.push({ ...product, accountId: books.accounts.EXCHANGE_GAIN, debit: zero, credit: exchange.negated() });
    }
  }
  lines.push({
    ...common,
    accountId: books.accounts.ACCOUNTS_PAYABLE,
    debit: zero,
    credit: payable,
    label: bill.reference,
  });
  return writeEntry(sc, books, {
    journal: 'PURCHASES',
    date: bill.date,
    source: EntrySource.VENDOR_BILL,
    reference: bill.reference,
    lines,
  });
}

/**
 * Cancels a posted bill in the books: the reversal of its entry, dated the cancellation date
 * (Odoo's "reverse entry" of a posted bill), into the purchases journal.
 */
export async function reverseVendorBill(sc: ServiceContext, bill: VendorBillCancellation): Promise<string | null> {
  const books = await openBooks(sc, bill.date, ['input', 'date']);
  const [entry] = await sc.em.execute<{ id: string; journal_id: string; name: string }[]>(
    `select e.id, e.journal_id, e.name from journal_entry e
      where e.company_id = ? and e.source = 'VENDOR_BILL' and e.state = 'POSTED'
        and exists (select 1 from journal_line l where l.entry_id = e.id and l.bill_id = ?)
        and not exists (select 1 from journal_entry r where r.reversal_of_id = e.id)
      for update of e`,
    [sc.companyId, bill.billId],
  );
  if (!entry) return null;
  // GR/IR takes back a foreign line's goods by the one rule: what differs from what the bill
  // cleared is an exchange difference (a GR/IR credit beyond it a loss, short of it a gain).
  const zero = new Decimal(0);
  const extra: PostingLine[] = [];
  for (const { productId, amount } of bill.grniAdjustments ?? []) {
    if (amount.isZero()) continue;
    const common = { billId: bill.billId, productId, label: `Cancellation of bill ${bill.reference}: exchange` };
    const abs = amount.abs();
    extra.push({
      ...common,
      accountId: books.accounts.GRNI,
      debit: amount.lt(0) ? abs : zero,
      credit: amount.gt(0) ? abs : zero,
    });
    extra.push(...exchangeLines(books, amount, zero, true, common));
  }
  return writeReversal(
    sc,
    books,
    {
      originalId: entry.id,
      journalId: entry.journal_id,
      date: bill.date,
      reference: bill.reference,
      memo: `Cancellation of bill ${bill.reference}: ${bill.reason}`,
    },
    extra,
  );
}
