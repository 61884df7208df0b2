import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { EntrySource } from './accounting.enums';
import type { VendorBillPosting } from '../purchasing/bill-posting-hooks';
import { writeEntry } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';

export type { VendorBillPosting };

/**
 * Posts an approved vendor bill, for purchasing to call in the transaction that approves or
 * releases it: Dr GRNI at the received cost (clearing what the receipts credited), Dr or Cr
 * purchase price variance for the difference, Cr Accounts payable at the billed amount.
 * Every line carries the bill id and the supplier. Returns the journal entry id.
 */
export async function postVendorBill(sc: ServiceContext, bill: VendorBillPosting): Promise<string | null> {
  const books = await openBooks(sc, bill.date, ['input', 'date']);
  const zero = new Decimal(0);
  const common = { billId: bill.billId, partnerId: bill.partnerId };
  const lines: PostingLine[] = [];
  let payable = new Decimal(0);
  for (const line of bill.lines) {
    const received = money(new Decimal(line.quantity).times(line.receivedUnitCost));
    const billed = money(new Decimal(line.quantity).times(line.billedUnitPrice));
    const variance = billed.minus(received);
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
