import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import type { VendorCreditNotePosting } from '../purchasing/credit-note-hooks';
import { EntrySource } from './accounting.enums';
import { writeEntry } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';

/**
 * Posts a vendor credit note, the mirror of a bill (vendor-bill.posting.ts): Dr Accounts payable
 * at the credited amount, Cr GRNI at the received cost of the credited quantity (the goods sent
 * back debited GRNI at that cost, so it clears), and the purchase price variance for the
 * difference, into the purchases journal. Every line carries the credit note and the supplier;
 * the payables line also the bill it credits, if any.
 */
export async function postVendorCreditNote(sc: ServiceContext, note: VendorCreditNotePosting): Promise<string | null> {
  const books = await openBooks(sc, note.date, ['input', 'creditDate']);
  const zero = new Decimal(0);
  const common = { creditNoteId: note.creditNoteId, partnerId: note.partnerId };
  const lines: PostingLine[] = [];
  let payable = new Decimal(0);
  for (const line of note.lines) {
    const received = money(new Decimal(line.quantity).times(line.receivedUnitCost));
    const credited = money(new Decimal(line.quantity).times(line.creditedUnitPrice));
    // A credit above the received cost takes back more than GRNI holds: the rest lowers the variance.
    const variance = received.minus(credited);
    payable = payable.plus(credited);
    const product = {
      ...common,
      productId: line.productId,
      label: `${note.reference} x ${new Decimal(line.quantity).toFixed()}`,
    };
    lines.push({ ...product, accountId: books.accounts.GRNI, debit: zero, credit: received });
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
    // Against a bill, the payables line carries it: the bill's amount due drops by the credit.
    billId: note.billId,
    accountId: books.accounts.ACCOUNTS_PAYABLE,
    debit: payable,
    credit: zero,
    label: note.reference,
  });
  return writeEntry(sc, books, {
    journal: 'PURCHASES',
    date: note.date,
    source: EntrySource.VENDOR_CREDIT_NOTE,
    reference: note.reference,
    lines,
  });
}
