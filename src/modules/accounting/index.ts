import { registerUniqueConstraint } from '../../graphql/mutation';
import { registerMovesPostedHook } from '../inventory/posting-hooks';
import { registerBillApprovedHook, registerBillCancelledHook } from '../purchasing/bill-posting-hooks';
import { registerCreditNotePostedHook } from '../purchasing/credit-note-hooks';
import { Account } from './account.entity';
import {
  JournalEntryResolver,
  JournalLineResolver,
  LandedCostAllocationResolver,
  LandedCostResolver,
} from './accounting.resolver';
import { FiscalPeriod } from './fiscal-period.entity';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { Journal, JournalSequence } from './journal.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { ValuationLayer, ValuationLayerConsumption } from './valuation-layer.entity';
import { postVendorCreditNote } from './credit-note.posting';
import { valueMoves } from './valuation.service';
import { postVendorBill, reverseVendorBill } from './vendor-bill.posting';
import {
  StatementsResolver,
  VendorBillSettlementResolver,
  VendorPaymentAllocationResolver,
  VendorPaymentResolver,
} from './payables.resolver';
import { VendorPayment, VendorPaymentAllocation } from './vendor-payment.entity';
import { refusePaidBillCancel } from './vendor-payment.service';
import { VendorCreditApplication } from './vendor-credit.entity';
import { VendorCreditApplicationResolver, VendorPaymentCreditResolver } from './vendor-credit.resolver';

export const entities = [
  Account,
  Journal,
  JournalSequence,
  FiscalPeriod,
  JournalEntry,
  JournalLine,
  ValuationLayer,
  ValuationLayerConsumption,
  LandedCost,
  LandedCostLine,
  LandedCostAllocation,
  VendorPayment,
  VendorPaymentAllocation,
  VendorCreditApplication,
];
export const resolvers = [
  JournalEntryResolver,
  JournalLineResolver,
  LandedCostResolver,
  LandedCostAllocationResolver,
  VendorPaymentResolver,
  VendorPaymentAllocationResolver,
  VendorBillSettlementResolver,
  VendorCreditApplicationResolver,
  VendorPaymentCreditResolver,
  StatementsResolver,
] as const;

export { postVendorBill, type VendorBillPosting } from './vendor-bill.posting';

registerUniqueConstraint(
  'account_company_id_code_unique',
  ['input', 'code'],
  'code is already used by another account',
);
registerUniqueConstraint(
  'fiscal_period_company_id_name_unique',
  ['input', 'name'],
  'name is already used by another fiscal period',
);

// Stock moves are valued in the transaction that posts them (inventory calls; it does not import the books).
registerMovesPostedHook(valueMoves);
// Approved vendor bills are posted in the transaction that approves them (purchasing calls).
registerBillApprovedHook(postVendorBill);
// A bill that payments settle is not cancelled (checked before its reversal is written).
registerBillCancelledHook(refusePaidBillCancel);
// Cancelled bills are reversed in the transaction that cancels them.
registerBillCancelledHook(reverseVendorBill);
// Vendor credit notes are posted in the transaction that matches or approves them.
registerCreditNotePostedHook(postVendorCreditNote);
