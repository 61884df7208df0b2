import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import type { VendorCreditNotePosting } from '../purchasing/credit-note-hooks';
import { EntrySource } from './accounting.enums';
import { writeEntry } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';
import { payablesCleared } from './settlement';
import { billBalances } from './vendor-payment.service';

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
  let receivedTotal = new Decimal(0);
  let varianceTotal = new Decimal(0);
  for (const line of note.lines) {
    const company = line.companyAmounts;
    const received = company?.received ?? money(new Decimal(line.quantity).times(line.receivedUnitCost));
    const credited = company?.credited ?? money(new Decimal(line.quantity).times(line.creditedUnitPrice));
    // A credit above the received cost takes back more than GRNI holds: the rest lowers the variance.
    // In a foreign currency the price variance is the order price against the credited one, both at
    // the note rate; what the rates moved is the exchange difference below.
    const variance = company ? company.orderedAtNoteRate.minus(credited) : received.minus(credited);
    payable = payable.plus(credited);
    receivedTotal = receivedTotal.plus(received);
    varianceTotal = varianceTotal.plus(variance);
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
  if (note.foreign) payable = await foreignPayable(sc, note, note.foreign);
  // Foreign: GR/IR at the receipts' rates, payables at the bill's booked rate (or the note's):
  // the rest is the exchange difference, a loss when debited.
  const exchange = note.foreign ? receivedTotal.minus(payable).minus(varianceTotal) : zero;
  if (!exchange.isZero()) {
    const loss = exchange.gt(0);
    lines.push({
      ...common,
      accountId: loss ? books.accounts.EXCHANGE_LOSS : books.accounts.EXCHANGE_GAIN,
      debit: loss ? exchange : zero,
      credit: loss ? zero : exchange.negated(),
      label: `Exchange difference ${note.reference}`,
    });
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

/**
 * What a foreign-currency credit note debits accounts payable with, in the company currency.
 * Against a bill, the part of it the bill still owes clears the bill's open amount at its booked
 * rate (settlement.ts, the rule payments follow), so the bill's residual stays in step in both
 * currencies; a credit beyond what the bill owes, or a note against no bill, at the note rate.
 */
async function foreignPayable(
  sc: ServiceContext,
  note: VendorCreditNotePosting,
  foreign: { amountTotal: Decimal; rate: Decimal },
): Promise<Decimal> {
  const atNoteRate = (amount: Decimal) => money(amount.times(foreign.rate));
  if (!note.billId) return atNoteRate(foreign.amountTotal);
  const balance = (await billBalances(sc, [note.billId], note.creditNoteId)).get(note.billId)!;
  const covered = Decimal.max(0, Decimal.min(foreign.amountTotal, balance.residualCurrency));
  const cleared = covered.isZero()
    ? new Decimal(0)
    : payablesCleared(covered, balance.residualCurrency, balance.residual);
  return cleared.plus(atNoteRate(foreign.amountTotal.minus(covered)));
}
