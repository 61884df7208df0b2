import { registerUniqueConstraint } from '../../graphql/mutation';
import { Account } from './account.entity';
import {
  JournalEntryResolver,
  JournalLineResolver,
  LandedCostAllocationResolver,
  LandedCostResolver,
} from './accounting.resolver';
import { FiscalPeriod } from './fiscal-period.entity';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { Journal } from './journal.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { ValuationLayer, ValuationLayerConsumption } from './valuation-layer.entity';

export const entities = [
  Account,
  Journal,
  FiscalPeriod,
  JournalEntry,
  JournalLine,
  ValuationLayer,
  ValuationLayerConsumption,
  LandedCost,
  LandedCostLine,
  LandedCostAllocation,
];
export const resolvers = [
  JournalEntryResolver,
  JournalLineResolver,
  LandedCostResolver,
  LandedCostAllocationResolver,
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
