import { Company } from '../company/company.entity';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType, PageInfo } from '../../graphql/connection';
import { PayloadType } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Account } from './account.entity';
import { FiscalPeriod } from './fiscal-period.entity';
import { JournalEntry } from './journal-entry.entity';
import { LandedCost } from './landed-cost.entity';

export const JournalEntryCreatePayload = PayloadType(
  'JournalEntryCreate',
  'journalEntry',
  JournalEntry,
  'The entry (a draft unless `post` was true).',
);
export const JournalEntryUpdatePayload = PayloadType(
  'JournalEntryUpdate',
  'journalEntry',
  JournalEntry,
  'The draft entry.',
);
export const JournalEntryPostPayload = PayloadType(
  'JournalEntryPost',
  'journalEntry',
  JournalEntry,
  'The posted entry.',
);
export const JournalEntryReversePayload = PayloadType(
  'JournalEntryReverse',
  'reversal',
  JournalEntry,
  'The mirrored entry that cancels the original.',
);
export const FiscalPeriodCreatePayload = PayloadType('FiscalPeriodCreate', 'fiscalPeriod', FiscalPeriod, 'The period.');
export const FiscalPeriodLockPayload = PayloadType(
  'FiscalPeriodLock',
  'fiscalPeriod',
  FiscalPeriod,
  'The locked period.',
);
export const FiscalPeriodUnlockPayload = PayloadType(
  'FiscalPeriodUnlock',
  'fiscalPeriod',
  FiscalPeriod,
  'The reopened period.',
);
export const CompanyUpdatePayload = PayloadType('CompanyUpdate', 'company', Company, 'The company.');
export const LandedCostCreatePayload = PayloadType(
  'LandedCostCreate',
  'landedCost',
  LandedCost,
  'The landed cost, with its allocation and journal entry.',
);
export const JournalEntryConnection = ConnectionType(JournalEntry, 'JournalEntry');
export const LandedCostConnection = ConnectionType(LandedCost, 'LandedCost');
export const AccountCreatePayload = PayloadType('AccountCreate', 'account', Account, 'The new account.');

@ObjectType({ description: 'Debits, credits and balance of one account.' })
export class TrialBalanceLine {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => DecimalScalar, { description: 'Sum of the debits of posted entries up to the date.' })
  debit!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the credits of posted entries up to the date.' })
  credit!: string;

  @Field(() => DecimalScalar, { description: 'Debit minus credit.' })
  balance!: string;
}

@ObjectType({ description: 'Every account with its balance at a moment; the balances sum to 0.' })
export class TrialBalance {
  @Field(() => Date, { description: 'Posted entries dated up to this instant are counted.' })
  at!: Date;

  @Field(() => [TrialBalanceLine], { description: 'One line per account, by code.' })
  lines!: TrialBalanceLine[];

  @Field(() => DecimalScalar, { description: 'Sum of all debits.' })
  totalDebit!: string;

  @Field(() => DecimalScalar, { description: 'Sum of all credits.' })
  totalCredit!: string;

  @Field(() => DecimalScalar, { description: 'Sum of all balances: always 0.' })
  balance!: string;
}

@ObjectType({ description: 'A line of an account ledger, with the balance after it.' })
export class LedgerLine {
  @Field(() => ID, { description: 'Journal line id.' })
  id!: string;

  @Field(() => Date, { description: 'Date of its entry.' })
  date!: Date;

  @Field(() => JournalEntry, { description: 'Its entry.' })
  entry!: JournalEntry;

  @Field(() => String, { nullable: true, description: 'What the line is for.' })
  label!: string | null;

  @Field(() => DecimalScalar, { description: 'Debit.' })
  debit!: string;

  @Field(() => DecimalScalar, { description: 'Credit.' })
  credit!: string;

  @Field(() => DecimalScalar, { description: 'Balance of the account (debit minus credit) after this line.' })
  runningBalance!: string;

  @Field(() => Product, { nullable: true, description: 'Product of the line.' })
  product!: Product | null;

  @Field(() => Warehouse, { nullable: true, description: 'Warehouse of the line.' })
  warehouse!: Warehouse | null;

  @Field(() => ID, { nullable: true, description: 'Stock move the line values.' })
  stockMoveId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Partner of the line.' })
  partnerId!: string | null;
}

@ObjectType({ description: 'One page of an account ledger.' })
export class AccountLedgerEdge {
  @Field({ description: 'Opaque cursor of this line.' })
  cursor!: string;

  @Field(() => LedgerLine, { description: 'The line.' })
  node!: LedgerLine;
}

@ObjectType({ description: 'The posted lines of one account over a period, in date order, with running balance.' })
export class AccountLedger {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => DecimalScalar, { description: 'Balance before the period.' })
  openingBalance!: string;

  @Field(() => DecimalScalar, { description: 'Balance at the end of the period.' })
  closingBalance!: string;

  @Field(() => [AccountLedgerEdge], { description: 'The lines of this page.' })
  edges!: AccountLedgerEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of lines in the period.' })
  totalCount!: number;
}

@ObjectType({ description: 'Quantity and value of one product.' })
export class InventoryValuationLine {
  @Field(() => Product, { description: 'The product.' })
  product!: Product;

  @Field(() => DecimalScalar, { description: 'Quantity valued (on hand, plus in transit when no warehouse is given).' })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'Value of the remaining valuation layers.' })
  value!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Value divided by quantity; null when the quantity is 0.',
  })
  unitCost!: string | null;
}

@ObjectType({ description: 'The value of the stock at a moment, from the valuation layers.' })
export class InventoryValuation {
  @Field(() => Date, { description: 'The moment.' })
  at!: Date;

  @Field(() => Warehouse, {
    nullable: true,
    description: 'The warehouse; null for the whole company (transit included).',
  })
  warehouse!: Warehouse | null;

  @Field(() => [InventoryValuationLine], { description: 'One line per product with stock or value, by SKU.' })
  lines!: InventoryValuationLine[];

  @Field(() => DecimalScalar, { description: 'Total value.' })
  totalValue!: string;

  @Field(() => DecimalScalar, {
    description:
      'Balance of the Inventory account for the same moment and warehouse, from the journal: always equals totalValue.',
  })
  inventoryAccountBalance!: string;
}
