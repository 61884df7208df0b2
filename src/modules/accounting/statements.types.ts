import { ArgsType, Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { Account } from './account.entity';

@ObjectType({ description: 'An account over a range of days: balance before, movements in it, balance after.' })
export class RangeTrialBalanceLine {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => DecimalScalar, { description: 'Balance (debit - credit) before the first day.' })
  openingBalance!: string;

  @Field(() => DecimalScalar, { description: 'Debits posted in the range.' })
  debit!: string;

  @Field(() => DecimalScalar, { description: 'Credits posted in the range.' })
  credit!: string;

  @Field(() => DecimalScalar, { description: 'Balance at the end of the last day: opening + debit - credit.' })
  closingBalance!: string;
}

@ObjectType({
  description:
    'The trial balance of a range of days (company time zone): per account the opening balance, the movements and the closing balance. Each column sums to 0 (debits and credits to the same total).',
})
export class RangeTrialBalance {
  @Field({ description: 'First day (YYYY-MM-DD).' })
  from!: string;

  @Field({ description: 'Last day, inclusive (YYYY-MM-DD).' })
  to!: string;

  @Field(() => [RangeTrialBalanceLine], { description: 'One line per account, by code.' })
  lines!: RangeTrialBalanceLine[];

  @Field(() => DecimalScalar, { description: 'Sum of the opening balances: 0.' })
  openingBalance!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the debits of the range.' })
  debit!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the credits of the range (equal to `debit`).' })
  credit!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the closing balances: 0.' })
  closingBalance!: string;
}

@ObjectType({ description: 'An account on a statement, with its amount in the sense of its section.' })
export class StatementLine {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => DecimalScalar, {
    description:
      'Amount: income and liabilities/equity as credit - debit, expenses and assets as debit - credit (a positive number is the usual case).',
  })
  amount!: string;
}

@ObjectType({
  description:
    'Profit and loss (income statement) of a range of days, company time zone: income and expense accounts moved in it.',
})
export class ProfitAndLoss {
  @Field({ description: 'First day (YYYY-MM-DD).' })
  from!: string;

  @Field({ description: 'Last day, inclusive (YYYY-MM-DD).' })
  to!: string;

  @Field(() => [StatementLine], { description: 'Income accounts (credit - debit), by code.' })
  income!: StatementLine[];

  @Field(() => [StatementLine], { description: 'Expense accounts (debit - credit), by code.' })
  expenses!: StatementLine[];

  @Field(() => DecimalScalar, { description: 'Sum of income.' })
  totalIncome!: string;

  @Field(() => DecimalScalar, { description: 'Sum of expenses.' })
  totalExpenses!: string;

  @Field(() => DecimalScalar, { description: 'Net profit: totalIncome - totalExpenses (negative: a loss).' })
  netProfit!: string;
}

@ObjectType({
  description:
    'Balance sheet at the end of a day (company time zone). Income and expense accounts are not closed into equity by entries: their result shows as current-year earnings (since 1 January of the year of `asOf`) and previous years earnings, as Odoo shows unallocated earnings. totalAssets = totalLiabilities + totalEquity.',
})
export class BalanceSheet {
  @Field({ description: 'The day (YYYY-MM-DD): entries dated up to its end count.' })
  asOf!: string;

  @Field(() => [StatementLine], { description: 'Asset accounts (debit - credit), by code.' })
  assets!: StatementLine[];

  @Field(() => [StatementLine], { description: 'Liability accounts (credit - debit), by code.' })
  liabilities!: StatementLine[];

  @Field(() => [StatementLine], { description: 'Equity accounts (credit - debit), by code.' })
  equity!: StatementLine[];

  @Field(() => DecimalScalar, { description: 'Profit of the fiscal year up to asOf (its income less its expenses).' })
  currentYearEarnings!: string;

  @Field(() => DecimalScalar, { description: 'Profit of the years before, not closed into an equity account.' })
  previousYearsEarnings!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the assets.' })
  totalAssets!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the liabilities.' })
  totalLiabilities!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the equity accounts and of the earnings.' })
  totalEquity!: string;
}

@ObjectType({ description: 'Amounts owed by how long past due they are.' })
export class AgedBuckets {
  @Field(() => DecimalScalar, { description: 'Not yet due (due on or after the day of the report).' })
  current!: string;

  @Field(() => DecimalScalar, { description: '1 to 30 days past due.' })
  days1to30!: string;

  @Field(() => DecimalScalar, { description: '31 to 60 days past due.' })
  days31to60!: string;

  @Field(() => DecimalScalar, { description: '61 to 90 days past due.' })
  days61to90!: string;

  @Field(() => DecimalScalar, { description: 'More than 90 days past due.' })
  over90!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the buckets.' })
  total!: string;
}

@ObjectType({
  description:
    'What is owed on one bill (its residual, spread over its open installments by due date), or, with no bill, accounts payable lines of a supplier not tied to a bill (advances, manual entries) by their date.',
})
export class AgedPayablesLine extends AgedBuckets {
  @Field(() => Partner, { nullable: true, description: 'The supplier (null for lines of no partner).' })
  supplier!: Partner | null;

  @Field(() => VendorBill, { nullable: true, description: 'The bill; null for lines not tied to a bill.' })
  bill!: VendorBill | null;

  @Field(() => String, { nullable: true, description: "The bill's due date (its last installment)." })
  dueDate!: string | null;
}

@ObjectType({ description: 'Aged payables of one supplier.' })
export class AgedPayablesSupplier extends AgedBuckets {
  @Field(() => Partner, { nullable: true, description: 'The supplier (null: lines of no partner).' })
  supplier!: Partner | null;
}

@ObjectType({
  description:
    'Aged payables at the end of a day (company time zone): what is owed to suppliers by how long past due, from the posted accounts payable lines. Its total equals the payables account balance at that moment.',
})
export class AgedPayables {
  @Field({ description: 'The day (YYYY-MM-DD).' })
  asOf!: string;

  @Field(() => [AgedPayablesLine], {
    description: 'Per bill still owed (and per supplier for lines of no bill), by supplier then due date.',
  })
  lines!: AgedPayablesLine[];

  @Field(() => [AgedPayablesSupplier], { description: 'Per supplier, by code.' })
  suppliers!: AgedPayablesSupplier[];

  @Field(() => AgedBuckets, { description: 'Totals.' })
  total!: AgedBuckets;

  @Field(() => DecimalScalar, {
    description: 'Balance of the accounts payable account at the end of asOf (credit - debit): equals total.total.',
  })
  payablesAccountBalance!: string;
}

/** The period of a statement: both ends optional, as accountants ask ("this year", "to date"). */
@ArgsType()
export class StatementPeriodArgs {
  @Field(() => String, {
    nullable: true,
    description: 'First day, YYYY-MM-DD in the company time zone (default 1 January of `to`).',
  })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Last day, inclusive (default today).' })
  to?: string;
}

/** The day a statement is drawn at. */
@ArgsType()
export class StatementDayArgs {
  @Field(() => String, {
    nullable: true,
    description: 'The day, YYYY-MM-DD in the company time zone (default today).',
  })
  asOf?: string;
}
