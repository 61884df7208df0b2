import type { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';

/** What the books need of a posted vendor credit note (accounting posts it: credit-note.posting.ts). */
export interface VendorCreditNotePosting {
  creditNoteId: string;
  /** Credit note number as the supplier wrote it. */
  reference: string;
  /** The supplier (purchasing's Partner id). */
  partnerId: string;
  /**
   * The bill it credits, if any: its payables line carries the bill, so the bill's residual
   * (payables lines that carry it) is lowered by the credit.
   */
  billId: string | null;
  /** Accounting date of the credit note. */
  date: Date;
  lines: {
    productId: string;
    quantity: Decimal.Value;
    /** Price per product unit on the credit note. */
    creditedUnitPrice: Decimal.Value;
    /** Cost per product unit the goods were received (and billed against GR/IR) at. */
    receivedUnitCost: Decimal.Value;
    /**
     * A note or order in a foreign currency, converted (company currency, to the cent): what GR/IR
     * is credited with (what the returns credited debited it with, at their receipts' rates), the
     * order price at the note-date rate, and the credited amount at the note-date rate.
     */
    companyAmounts?: { received: Decimal; orderedAtNoteRate: Decimal; credited: Decimal };
  }[];
  /** A foreign-currency note: its total in its currency and the rate of its date. */
  foreign?: { amountTotal: Decimal; rate: Decimal };
}

/**
 * Called in the transaction that posts a credit note (matched, or approved from hold),
 * registered by accounting, so that purchasing does not import the books (as bill-posting-hooks.ts).
 */
export type CreditNotePostedHook = (sc: ServiceContext, note: VendorCreditNotePosting) => Promise<unknown>;

const hooks: CreditNotePostedHook[] = [];

export function registerCreditNotePostedHook(hook: CreditNotePostedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function creditNotePosted(sc: ServiceContext, note: VendorCreditNotePosting): Promise<void> {
  if (hooks.length === 0) throw new Error('no credit note posting hook registered: the credit note would go unposted');
  for (const hook of hooks) await hook(sc, note);
}
