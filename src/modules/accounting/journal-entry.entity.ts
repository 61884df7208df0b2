import {
  Check,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  OneToOne,
  Property,
  type Ref,
} from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import type { LandedCost } from './landed-cost.entity';
import type { VendorPayment } from './vendor-payment.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { VendorCreditNote } from '../purchasing/credit-note.entity';
import { Account } from './account.entity';
import { EntrySource, EntryState } from './accounting.enums';
import { Journal } from './journal.entity';

/**
 * A journal entry. Its lines balance (also checked by a deferred constraint trigger at commit),
 * and once POSTED neither it nor its lines change: triggers refuse UPDATE and DELETE.
 */
@ObjectType({ description: 'A double-entry journal entry: lines whose debits equal their credits.' })
@Entity()
@Index({ properties: ['company', 'date'] })
@Index({
  name: 'journal_entry_number_unique',
  expression: `create unique index "journal_entry_number_unique" on "journal_entry" ("journal_id", "fiscal_year", "number") where "number" is not null`,
})
@Index({ properties: ['company', 'reference'] })
export class JournalEntry extends CompanyScopedEntity {
  @ManyToOne(() => Journal, { ref: true, deleteRule: 'restrict' })
  journal!: Ref<Journal>;

  /**
   * Number within the journal and fiscal year, given when the entry is posted (null on a draft):
   * gapless, since the counter row is taken in the posting's own transaction.
   */
  @Field(() => Int, {
    nullable: true,
    description: 'Number within its journal and fiscal year, without gaps; null while a draft.',
  })
  @Property({ type: 'integer', nullable: true })
  number?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Fiscal year the number belongs to (the entry date's year in the company time zone); null while a draft.",
  })
  @Property({ type: 'integer', nullable: true })
  fiscalYear?: number | null;

  @Field({
    description: 'Journal code, fiscal year and number once posted ("STK/2026/000042"); "GEN/DRAFT" while a draft.',
  })
  @Property({ length: 40 })
  name!: string;

  @Field(() => Date, { description: 'Accounting date: decides the fiscal period and the report dates.' })
  @Property({ type: 'datetime' })
  date!: Date;

  @Field(() => EntryState, { description: 'DRAFT or POSTED.' })
  @Enum({ items: () => EntryState, nativeEnumName: 'entry_state' })
  state!: EntryState;

  @Field(() => EntrySource, { description: 'What made the entry.' })
  @Enum({ items: () => EntrySource, nativeEnumName: 'entry_source' })
  source!: EntrySource;

  @Field(() => String, { nullable: true, description: 'Document it comes from (transfer name, bill number...).' })
  @Property({ length: 200, nullable: true })
  reference?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  @Property({ length: 1000, nullable: true })
  memo?: string | null;

  @OneToOne({ entity: () => JournalEntry, ref: true, nullable: true, owner: true, deleteRule: 'restrict' })
  reversalOf?: Ref<JournalEntry> | null;

  @Field(() => DecimalScalar, { description: 'Sum of the debits (= sum of the credits).' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  total!: string;

  @Field(() => Date, { nullable: true, description: 'When it was posted.' })
  @Property({ type: 'datetime', nullable: true })
  postedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who posted it.' })
  @Property({ length: 200, nullable: true })
  postedBy?: string | null;

  @Field(() => String, { description: 'Who created it.' })
  @Property({ length: 200 })
  createdBy!: string;

  @OneToMany(() => JournalLine, (line) => line.entry)
  lines = new Collection<JournalLine>(this);
}

@ObjectType({ description: 'One line of a journal entry: a debit or a credit on one account.' })
@Entity()
@Index({ properties: ['entry'] })
@Index({ properties: ['account'] })
@Index({ properties: ['stockMove'] })
@Index({ properties: ['bill'] })
@Index({ properties: ['creditNote'] })
@Index({ properties: ['payment'] })
@Check({ name: 'journal_line_amounts_check', expression: 'debit >= 0 and credit >= 0 and (debit = 0 or credit = 0)' })
export class JournalLine extends CompanyScopedEntity {
  @ManyToOne(() => JournalEntry, { ref: true, deleteRule: 'restrict' })
  entry!: Ref<JournalEntry>;

  @ManyToOne(() => Account, { ref: true, deleteRule: 'restrict' })
  account!: Ref<Account>;

  @Field(() => DecimalScalar, { description: 'Debit amount (0 on a credit line).' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  debit!: string;

  @Field(() => DecimalScalar, { description: 'Credit amount (0 on a debit line).' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  credit!: string;

  @Field(() => String, { nullable: true, description: 'What the line is for.' })
  @Property({ length: 500, nullable: true })
  label?: string | null;

  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'restrict' })
  product?: Ref<Product> | null;

  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse?: Ref<Warehouse> | null;

  /** The stock move the line values: the auditor's way from the books to the goods and back. */
  @ManyToOne(() => StockMove, { ref: true, nullable: true, deleteRule: 'restrict' })
  stockMove?: Ref<StockMove> | null;

  /** Supplier (or later customer) the line concerns. */
  @ManyToOne(() => Partner, { ref: true, nullable: true, deleteRule: 'restrict' })
  partner?: Ref<Partner> | null;

  /** The vendor bill the line books. */
  @ManyToOne(() => VendorBill, { ref: true, nullable: true, deleteRule: 'restrict' })
  bill?: Ref<VendorBill> | null;

  @ManyToOne({ entity: 'LandedCost', ref: true, nullable: true, deleteRule: 'restrict' })
  landedCost?: Ref<LandedCost> | null;

  /** The vendor credit note the line books. */
  @ManyToOne(() => VendorCreditNote, { ref: true, nullable: true, deleteRule: 'restrict' })
  creditNote?: Ref<VendorCreditNote> | null;

  /**
   * The vendor payment whose unallocated part (an advance) the line books, on an accounts payable
   * line carrying no bill: the advance itself, its applications to bills, refunds of it and the
   * reversals of those. What is still open of an advance is read from these lines.
   */
  @ManyToOne({ entity: 'VendorPayment', ref: true, nullable: true, deleteRule: 'restrict' })
  payment?: Ref<VendorPayment> | null;

  /** Amount of the line as debit minus credit. */
  signed(): Decimal {
    return new Decimal(this.debit).minus(this.credit);
  }
}

/** An entry balances when its debits equal its credits and it moves something. */
export function assertBalanced(lines: { debit: Decimal.Value; credit: Decimal.Value }[], field: string[]): Decimal {
  const debit = lines.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  const credit = lines.reduce((s, l) => s.plus(l.credit), new Decimal(0));
  if (!debit.eq(credit)) {
    throw new DomainError(
      UserErrorCode.UNBALANCED,
      field,
      `${field.join('.')}: debits ${debit.toFixed(2)} and credits ${credit.toFixed(2)} differ by ${debit.minus(credit).toFixed(2)}`,
    );
  }
  return debit;
}
