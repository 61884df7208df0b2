import { registerEnumType } from 'type-graphql';

export enum PurchaseOrderState {
  DRAFT = 'DRAFT',
  TO_APPROVE = 'TO_APPROVE',
  CONFIRMED = 'CONFIRMED',
  PARTIALLY_RECEIVED = 'PARTIALLY_RECEIVED',
  RECEIVED = 'RECEIVED',
  BILLED = 'BILLED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PurchaseOrderState, {
  name: 'PurchaseOrderState',
  description: 'Life cycle of a purchase order (DOMAIN.md): only confirmed lines count as incoming stock.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared (or proposed by replenishment); editable, counts nowhere.' },
    TO_APPROVE: { description: "Confirmed with a total above the company's approval threshold: waits for approval." },
    CONFIRMED: { description: 'Sent to the supplier: its lines are incoming at their expected dates.' },
    PARTIALLY_RECEIVED: { description: 'Some goods received; the rest is still incoming.' },
    RECEIVED: { description: 'Every line received in full, or closed short.' },
    BILLED: { description: 'Received and billed in full: closed.' },
    CANCELLED: { description: 'Cancelled before anything was received.' },
  },
});

export enum VendorBillState {
  MATCHED = 'MATCHED',
  ON_HOLD = 'ON_HOLD',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(VendorBillState, {
  name: 'VendorBillState',
  description: 'Outcome of the three-way match of a vendor bill.',
  valuesConfig: {
    MATCHED: { description: 'Ordered, received and billed agree within tolerances: posted at once.' },
    ON_HOLD: { description: 'At least one exception (see `exceptions`): waits for vendorBillApprove.' },
    APPROVED: { description: 'Was on hold, released by someone other than its creator: posted.' },
    REJECTED: {
      description:
        'Was on hold and refused (vendorBillReject): never posted, bills nothing; its reference may be entered again.',
    },
    CANCELLED: {
      description:
        'Was posted and is cancelled (vendorBillCancel) by a reversing entry: bills nothing any more; its reference may be entered again.',
    },
  },
});

/** Whether a bill or credit note is posted (MATCHED, or APPROVED after its hold): only those are in the books. */
export function isPosted(state: string): boolean {
  return state === VendorBillState.MATCHED || state === VendorBillState.APPROVED;
}

export enum BillExceptionCode {
  QUANTITY_OVER_RECEIVED = 'QUANTITY_OVER_RECEIVED',
  QUANTITY_OVER_ORDERED = 'QUANTITY_OVER_ORDERED',
  PRICE_MISMATCH = 'PRICE_MISMATCH',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
}
registerEnumType(BillExceptionCode, {
  name: 'BillExceptionCode',
  description: 'Why a vendor bill line failed the three-way match.',
  valuesConfig: {
    QUANTITY_OVER_RECEIVED: {
      description: 'Billed (with earlier bills) more than was received, beyond the quantity tolerance.',
    },
    QUANTITY_OVER_ORDERED: {
      description: 'Billed (with earlier bills) more than was ordered, beyond the quantity tolerance.',
    },
    PRICE_MISMATCH: {
      description: 'The billed unit price differs from the order price by more than the price tolerance.',
    },
    CURRENCY_MISMATCH: {
      description:
        'The bill is in another currency than the order of the line: someone must check it; approved, it posts converted at the bill-date rate.',
    },
  },
});

export enum ProposalKind {
  TRANSFER = 'TRANSFER',
  PURCHASE = 'PURCHASE',
  NO_SOURCE = 'NO_SOURCE',
}
registerEnumType(ProposalKind, {
  name: 'ProposalKind',
  description: 'How replenishment proposes to bring a product back to its maximum.',
  valuesConfig: {
    TRANSFER: { description: 'A transfer from another warehouse of the company holding more than its own max.' },
    PURCHASE: { description: 'A line on a draft purchase order to the preferred supplier.' },
    NO_SOURCE: { description: 'Neither surplus elsewhere nor a supplier price: someone has to decide.' },
  },
});
