import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import { AccountType, EntrySource, EntryState, LandedCostKind, LandedCostMethod } from './accounting.enums';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'One debit or credit of a manual journal entry.' })
export class JournalLineInput {
  @Field({ description: 'Account code (e.g. "1000").' })
  @Length(1, 32)
  accountCode!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Debit amount, > 0, at most 2 decimals (or give credit).',
  })
  @IsOptional()
  @IsDecimalValue({ positive: true, scale: 2 })
  debit?: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Credit amount, > 0, at most 2 decimals (or give debit).',
  })
  @IsOptional()
  @IsDecimalValue({ positive: true, scale: 2 })
  credit?: string;

  @Field(() => String, { nullable: true, description: 'What the line is for (at most 500 characters).' })
  @IsOptional()
  @Length(1, 500)
  label?: string;

  @Field(() => ID, { nullable: true, description: 'Supplier or customer (partner id) the line concerns.' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @Field(() => ID, { nullable: true, description: 'Product the line concerns.' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @Field(() => String, { nullable: true, description: 'Warehouse (code) the line concerns.' })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;
}

@InputType({ description: 'A manual journal entry.' })
export class JournalEntryCreateInput {
  @Field(() => String, { nullable: true, description: 'Journal code (default "GEN", the general journal).' })
  @IsOptional()
  @Length(1, 16)
  journalCode?: string;

  @Field(() => Date, { nullable: true, description: 'Accounting date (default now).' })
  @IsOptional()
  date?: Date;

  @Field(() => String, { nullable: true, description: 'Document reference (at most 200 characters).' })
  @IsOptional()
  @Length(1, 200)
  reference?: string;

  @Field(() => String, { nullable: true, description: 'Free text (at most 1000 characters).' })
  @IsOptional()
  @Length(1, 1000)
  memo?: string;

  @Field(() => [JournalLineInput], { description: 'Lines (2 to 500); debits must equal credits.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: JournalLineInput[];

  @Field(() => Boolean, { nullable: true, description: 'Post at once (default false: the entry stays a draft).' })
  post?: boolean;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'New content of a draft entry; posted entries never change.' })
export class JournalEntryUpdateInput {
  @Field(() => ID, { description: 'The draft entry.' })
  @IsUUID()
  id!: string;

  @Field(() => Date, { nullable: true, description: 'New accounting date.' })
  @IsOptional()
  date?: Date;

  @Field(() => String, { nullable: true, description: 'New reference.' })
  @IsOptional()
  @Length(1, 200)
  reference?: string;

  @Field(() => String, { nullable: true, description: 'New memo.' })
  @IsOptional()
  @Length(1, 1000)
  memo?: string;

  @Field(() => [JournalLineInput], { nullable: true, description: 'New lines, replacing all of them.' })
  @IsOptional()
  @ArrayMinSize(2)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines?: JournalLineInput[];
}

@InputType({ description: 'Reverse a posted entry with its mirror image.' })
export class JournalEntryReverseInput {
  @Field(() => ID, { description: 'The posted entry.' })
  @IsUUID()
  id!: string;

  @Field(() => Date, { nullable: true, description: 'Date of the reversal (default now); must be in an open period.' })
  @IsOptional()
  date?: Date;

  @Field(() => String, { nullable: true, description: 'Why it is reversed.' })
  @IsOptional()
  @Length(1, 1000)
  memo?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'A new fiscal period.' })
export class FiscalPeriodCreateInput {
  @Field({ description: 'Name, unique within the company (e.g. "2026-11").' })
  @Length(1, 64)
  name!: string;

  @Field({ description: 'First day, YYYY-MM-DD (UTC).' })
  @Matches(DATE, { message: 'startDate must be a date YYYY-MM-DD' })
  startDate!: string;

  @Field({ description: 'Last day, inclusive, YYYY-MM-DD (UTC).' })
  @Matches(DATE, { message: 'endDate must be a date YYYY-MM-DD' })
  endDate!: string;
}

@InputType({ description: 'Which journal entries to list.' })
export class JournalEntryFilter {
  @Field(() => String, { nullable: true, description: 'Only this journal (code).' })
  @IsOptional()
  @Length(1, 16)
  journalCode?: string;

  @Field(() => EntryState, { nullable: true, description: 'Only this state.' })
  state?: EntryState;

  @Field(() => EntrySource, { nullable: true, description: 'Only entries made by this.' })
  source?: EntrySource;

  @Field(() => Date, { nullable: true, description: 'Dated at or after this instant.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Dated at or before this instant.' })
  to?: Date;

  @Field(() => String, { nullable: true, description: 'Exact reference (e.g. a transfer name).' })
  @IsOptional()
  @Length(1, 200)
  reference?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries with a line valuing this stock move.' })
  @IsOptional()
  @IsUUID()
  stockMoveId?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries with a line from this vendor bill.' })
  @IsOptional()
  @IsUUID()
  billId?: string;
}

@InputType({ description: 'One cost of a landed cost.' })
export class LandedCostLineInput {
  @Field(() => LandedCostKind, { description: 'What it pays for.' })
  @IsIn(Object.values(LandedCostKind))
  kind!: LandedCostKind;

  @Field(() => DecimalScalar, { description: 'Amount, > 0, at most 2 decimals.' })
  @IsDecimalValue({ positive: true, scale: 2 })
  amount!: string;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  @IsOptional()
  @Length(1, 200)
  label?: string;
}

@InputType({ description: 'Freight, duty or insurance to add to the cost of one or more receipts.' })
export class LandedCostCreateInput {
  @Field(() => [ID], { description: 'Done receipts (transfer ids) that carry the cost (1 to 50).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  transferIds!: string[];

  @Field(() => LandedCostMethod, { description: 'How the amount is split over the received lines.' })
  @IsIn(Object.values(LandedCostMethod))
  method!: LandedCostMethod;

  @Field(() => [LandedCostLineInput], { description: 'The costs (1 to 20).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  lines!: LandedCostLineInput[];

  @Field(() => String, { nullable: true, description: 'Reference of the cost document (carrier invoice...).' })
  @IsOptional()
  @Length(1, 200)
  reference?: string;

  @Field(() => Date, { nullable: true, description: 'Accounting date (default now).' })
  @IsOptional()
  date?: Date;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({
  description: 'A new account of your chart of accounts (for manual entries; automatic postings keep theirs).',
})
export class AccountCreateInput {
  @Field({
    description: 'Account number, unique within the company: 1 to 32 letters, digits, dots or dashes (e.g. "1010").',
  })
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/, { message: 'code must be 1 to 32 letters, digits, dots or dashes' })
  code!: string;

  @Field({ description: 'Display name (1 to 200 characters).' })
  @Length(1, 200)
  name!: string;

  @Field(() => AccountType, { description: 'Balance sheet or income statement class.' })
  @IsIn(Object.values(AccountType))
  type!: AccountType;
}

@InputType({ description: 'Which landed costs to list.' })
export class LandedCostFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only landed costs carried (in part) by this receipt (transfer id).',
  })
  transferId?: string;

  @Field(() => String, { nullable: true, description: 'Exact reference of the cost document.' })
  reference?: string;

  @Field(() => Date, { nullable: true, description: 'Dated at or after this instant.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Dated at or before this instant.' })
  to?: Date;
}

@InputType({ description: 'Post a draft journal entry.' })
export class JournalEntryPostInput {
  @Field(() => ID, { description: 'The draft entry.' })
  @IsUUID()
  id!: string;
}

@InputType({ description: 'Close the books of a fiscal period.' })
export class FiscalPeriodLockInput {
  @Field(() => ID, { description: 'The period.' })
  @IsUUID()
  id!: string;
}

@InputType({ description: 'Reopen a locked fiscal period (by another controller than the one who locked it).' })
export class FiscalPeriodUnlockInput {
  @Field(() => ID, { description: 'The period (locked).' })
  @IsUUID()
  id!: string;

  @Field({ description: 'Why it is reopened (kept on the period and in the audit log), 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;
}

@InputType({ description: 'Settings of the company the books depend on.' })
export class CompanyUpdateInput {
  @Field(() => String, {
    nullable: true,
    description:
      'IANA time zone (e.g. "Europe/Paris"): which day, fiscal period and fiscal year an entry falls in. Changing it moves the boundaries of every period, locked ones too.',
  })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string;
}
