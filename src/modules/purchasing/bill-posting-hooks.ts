import type { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';

/** What the books need of an approved vendor bill (accounting posts it: vendor-bill.posting.ts). */
export interface VendorBillPosting {
  billId: string;
  /** Bill number as the supplier wrote it. */
  reference: string;
  /** The supplier (purchasing's Partner id). */
  partnerId: string;
  /** Accounting date of the bill. */
  date: Date;
  lines: {
    productId: string;
    quantity: Decimal.Value;
    /** Price per product unit on the bill. */
    billedUnitPrice: Decimal.Value;
    /** Cost per product unit the receipt was valued at (its stock move's unit cost). */
    receivedUnitCost: Decimal.Value;
    /**
     * The line in the company currency, rounded to cents, when the bill or its order is in a
     * foreign currency (then the unit prices above are not used): `received` is what the
     * receipts credited to GRNI for these goods (receipt-date rates), `orderedAtBillRate` the
     * order price of these goods at the bill-date rate, `billed` the bill line at the bill-date
     * rate. Price variance = billed - orderedAtBillRate; exchange difference =
     * orderedAtBillRate - received.
     */
    companyAmounts?: { received: Decimal; orderedAtBillRate: Decimal; billed: Decimal };
  }[];
}

/**
 * Called in the transaction that approves or releases a bill, registered by the module above
 * purchasing that posts it (accounting), so that purchasing does not import the books.
 */
export type BillApprovedHook = (sc: ServiceContext, bill: VendorBillPosting) => Promise<unknown>;

const hooks: BillApprovedHook[] = [];

export function registerBillApprovedHook(hook: BillApprovedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function billApproved(sc: ServiceContext, bill: VendorBillPosting): Promise<void> {
  // An approved bill must reach the books: approving without the accounting module loaded is a bug.
  if (hooks.length === 0) throw new Error('no bill posting hook registered: the bill would go unposted');
  for (const hook of hooks) await hook(sc, bill);
}

/** What the books need to cancel a posted bill: its reversing entry, dated `date`. */
export interface VendorBillCancellation {
  billId: string;
  reference: string;
  date: Date;
  reason: string;
  /**
   * Per bill line of a foreign-currency order line: what GR/IR takes back for its goods under
   * grni-share.ts's one rule (a credit, the change of GR/IR's credit balance) less what the bill
   * cleared. The reversal of the bill's entry gives back what it cleared; this difference (the
   * line's open GR/IR moved since, by credit notes, returns or receipts) goes to GR/IR against an
   * exchange difference.
   */
  grniAdjustments?: { productId: string; amount: Decimal }[];
}

export type BillCancelledHook = (sc: ServiceContext, bill: VendorBillCancellation) => Promise<unknown>;

const cancelHooks: BillCancelledHook[] = [];

export function registerBillCancelledHook(hook: BillCancelledHook): void {
  if (!cancelHooks.includes(hook)) cancelHooks.push(hook);
}

/** Called in the transaction that cancels a posted bill: accounting posts the reversal. */
export async function billCancelled(sc: ServiceContext, bill: VendorBillCancellation): Promise<void> {
  if (cancelHooks.length === 0)
    throw new Error('no bill cancellation hook registered: the bill would stay in the books');
  for (const hook of cancelHooks) await hook(sc, bill);
}
