import { registerEnumType } from 'type-graphql';

export enum AccountType {
  ASSET = 'ASSET',
  LIABILITY = 'LIABILITY',
  EQUITY = 'EQUITY',
  INCOME = 'INCOME',
  EXPENSE = 'EXPENSE',
}
registerEnumType(AccountType, {
  name: 'AccountType',
  description: 'Where an account sits in the balance sheet or the income statement.',
  valuesConfig: {
    ASSET: { description: 'What the company owns (inventory, bank).' },
    LIABILITY: { description: 'What the company owes (accounts payable, goods received not invoiced).' },
    EQUITY: { description: "Owners' capital and retained earnings." },
    INCOME: { description: 'Revenue.' },
    EXPENSE: { description: 'Costs (cost of goods sold, shrinkage, scrap, price variance).' },
  },
});

/** The accounts automatic postings need; each role names exactly one account of a company. */
export enum AccountRole {
  INVENTORY = 'INVENTORY',
  GRNI = 'GRNI',
  ACCOUNTS_PAYABLE = 'ACCOUNTS_PAYABLE',
  COGS = 'COGS',
  SHRINKAGE = 'SHRINKAGE',
  SCRAP = 'SCRAP',
  PRICE_VARIANCE = 'PRICE_VARIANCE',
  LANDED_COST_CLEARING = 'LANDED_COST_CLEARING',
  OPENING_BALANCE = 'OPENING_BALANCE',
  EXCHANGE_GAIN = 'EXCHANGE_GAIN',
  EXCHANGE_LOSS = 'EXCHANGE_LOSS',
  BANK = 'BANK',
  EARLY_PAYMENT_DISCOUNT = 'EARLY_PAYMENT_DISCOUNT',
}
registerEnumType(AccountRole, {
  name: 'AccountRole',
  description: 'The part an account plays in automatic postings.',
  valuesConfig: {
    INVENTORY: { description: 'Stock valuation: always equals the value of the remaining valuation layers.' },
    GRNI: { description: 'Goods received not invoiced: credited by receipts, debited by vendor bills.' },
    ACCOUNTS_PAYABLE: { description: 'What is owed to suppliers: credited by vendor bills.' },
    COGS: { description: 'Cost of goods sold: debited by deliveries, credited by customer returns.' },
    SHRINKAGE: { description: 'Inventory shrinkage: the other side of count and adjustment differences.' },
    SCRAP: { description: 'Scrap expense: the other side of scrapped goods.' },
    PRICE_VARIANCE: { description: 'Purchase price variance: billed price minus received cost.' },
    LANDED_COST_CLEARING: { description: 'Freight, duty and insurance allocated to receipts, awaiting their bill.' },
    OPENING_BALANCE: {
      description: 'Opening balance equity: the other side of opening stock, which no supplier will ever invoice.',
    },
    EXCHANGE_GAIN: {
      description:
        'Exchange gains: a foreign-currency bill worth less in the company currency at its date than its goods were booked at on receipt.',
    },
    EXCHANGE_LOSS: {
      description:
        'Exchange losses: a foreign-currency bill worth more in the company currency at its date than its goods were booked at on receipt.',
    },
    BANK: { description: 'The bank account vendor payments are paid from (credited by payments).' },
    EARLY_PAYMENT_DISCOUNT: {
      description:
        "Early payment discounts received: credited with the discount a supplier's payment term grants for paying early (Odoo's cash discount gain).",
    },
  },
});

export enum EntryState {
  DRAFT = 'DRAFT',
  POSTED = 'POSTED',
}
registerEnumType(EntryState, {
  name: 'EntryState',
  description: 'Life cycle of a journal entry.',
  valuesConfig: {
    DRAFT: { description: 'Not in the books yet; lines may still change.' },
    POSTED: { description: 'In the books; never changes again (a reversal corrects it).' },
  },
});

export enum EntrySource {
  MANUAL = 'MANUAL',
  STOCK = 'STOCK',
  VENDOR_BILL = 'VENDOR_BILL',
  VENDOR_CREDIT_NOTE = 'VENDOR_CREDIT_NOTE',
  LANDED_COST = 'LANDED_COST',
  REVERSAL = 'REVERSAL',
  PAYMENT = 'PAYMENT',
  CREDIT_APPLICATION = 'CREDIT_APPLICATION',
  REFUND = 'REFUND',
}
registerEnumType(EntrySource, {
  name: 'EntrySource',
  description: 'What made a journal entry.',
  valuesConfig: {
    MANUAL: { description: 'Entered by a person (journalEntryCreate).' },
    STOCK: { description: 'Automatic valuation of stock moves, in the same transaction as the moves.' },
    VENDOR_BILL: { description: 'Automatic posting of an approved vendor bill.' },
    VENDOR_CREDIT_NOTE: { description: 'Automatic posting of a matched or approved vendor credit note.' },
    LANDED_COST: { description: 'Automatic posting of a landed cost (landedCostCreate).' },
    REVERSAL: { description: 'The mirror of another entry (journalEntryReverse).' },
    PAYMENT: { description: 'Automatic posting of a vendor payment (vendorPaymentCreate), in the bank journal.' },
    CREDIT_APPLICATION: {
      description:
        'An open supplier credit applied to a bill (vendorCreditApply): accounts payable to accounts payable, in the general journal.',
    },
    REFUND: {
      description: 'A refund received from a supplier for an open credit (vendorRefundReceive), in the bank journal.',
    },
  },
});

export enum LandedCostMethod {
  QUANTITY = 'QUANTITY',
  VALUE = 'VALUE',
  WEIGHT = 'WEIGHT',
}
registerEnumType(LandedCostMethod, {
  name: 'LandedCostMethod',
  description: 'How a landed cost is split over the received lines.',
  valuesConfig: {
    QUANTITY: { description: 'In proportion to the quantity received (product units).' },
    VALUE: { description: 'In proportion to the value received (quantity x unit cost).' },
    WEIGHT: { description: 'In proportion to the weight received (quantity x product weight).' },
  },
});

export enum LandedCostKind {
  FREIGHT = 'FREIGHT',
  DUTY = 'DUTY',
  INSURANCE = 'INSURANCE',
  OTHER = 'OTHER',
}
registerEnumType(LandedCostKind, {
  name: 'LandedCostKind',
  description: 'What a landed cost pays for.',
  valuesConfig: {
    FREIGHT: { description: 'Transport to the warehouse.' },
    DUTY: { description: 'Customs duties.' },
    INSURANCE: { description: 'Insurance of the goods in transport.' },
    OTHER: { description: 'Any other cost of bringing the goods in.' },
  },
});

/** How much of a posted vendor bill is settled (Odoo's payment_state). */
export enum BillPaymentState {
  NOT_PAID = 'NOT_PAID',
  PARTIAL = 'PARTIAL',
  PAID = 'PAID',
}
registerEnumType(BillPaymentState, {
  name: 'BillPaymentState',
  description: 'How much of a vendor bill is settled by payments (and, later, credit notes).',
  valuesConfig: {
    NOT_PAID: { description: 'Nothing settled yet, or the bill is not posted (on hold, rejected, cancelled).' },
    PARTIAL: { description: 'Partly settled: a residual amount is still owed.' },
    PAID: { description: 'Fully settled: the residual amount is 0.' },
  },
});

export enum VendorPaymentState {
  POSTED = 'POSTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(VendorPaymentState, {
  name: 'VendorPaymentState',
  description: 'Life cycle of a vendor payment.',
  valuesConfig: {
    POSTED: { description: 'In the books: its allocations settle its bills.' },
    CANCELLED: {
      description: 'Cancelled (vendorPaymentCancel) by the reversal of its entry: its bills owe again what it settled.',
    },
  },
});

export enum VendorCreditUseKind {
  BILL = 'BILL',
  REFUND = 'REFUND',
}
registerEnumType(VendorCreditUseKind, {
  name: 'VendorCreditUseKind',
  description: 'What an open supplier credit was used for.',
  valuesConfig: {
    BILL: { description: 'Applied to a bill of the supplier (vendorCreditApply): the bill owes that much less.' },
    REFUND: { description: 'Refunded by the supplier to the bank (vendorRefundReceive).' },
  },
});
