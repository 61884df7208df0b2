import { Collection, Entity, Index, ManyToOne, OneToMany, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { ReversibleDocument } from './reversible-document.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

/**
 * Money paid to a supplier from the bank (Odoo's outbound account.payment), posted at once in
 * the bank journal: Dr Accounts payable / Cr Bank, and settled against bills by its allocations.
 */
@ObjectType({ description: 'A payment to a supplier, posted in the bank journal and allocated to its bills.' })
@Entity()
@Index({ properties: ['company', 'date'] })
@Index({ properties: ['supplier'] })
export class VendorPayment extends ReversibleDocument {
  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @Field(() => Date, { description: 'Payment date (accounting date of its entry).' })
  @Property({ type: 'datetime' })
  date!: Date;

  @Field(() => DecimalScalar, { description: 'Amount paid from the bank, in `currency`.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amount!: string;

  @Field({
    description: "ISO 4217 currency of the payment: the company's, or the currency of the bills it pays (all in one).",
  })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => DecimalScalar, {
    description:
      'Company-currency units per 1 unit of `currency`, the rate in force on the payment date (1 in the company currency).',
  })
  @Property({ type: 'decimal', precision: 24, scale: 10, default: '1' })
  exchangeRate: string & Opt = '1';

  @Field(() => DecimalScalar, {
    description: 'What the bank was credited, in the company currency: `amount` at `exchangeRate`, to the cent.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  companyAmount?: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Part of the amount allocated to no bill, in `currency`: an advance to the supplier, left on accounts payable without a bill (at the payment rate).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  unallocatedAmount: string & Opt = '0';

  @Field(() => String, { nullable: true, description: 'Bank reference or memo.' })
  @Property({ length: 200, nullable: true })
  memo?: string | null;

  @OneToMany(() => VendorPaymentAllocation, (a) => a.payment, { orderBy: { createdAt: 'asc', id: 'asc' } })
  allocations = new Collection<VendorPaymentAllocation>(this);
}

@ObjectType({ description: 'The part of a payment that settles one bill.' })
@Entity()
@Index({ properties: ['payment'] })
@Index({ properties: ['bill'] })
export class VendorPaymentAllocation extends CompanyScopedEntity {
  @ManyToOne(() => VendorPayment, { ref: true, deleteRule: 'cascade' })
  payment!: Ref<VendorPayment>;

  @ManyToOne(() => VendorBill, { ref: true, deleteRule: 'restrict' })
  bill!: Ref<VendorBill>;

  @Field(() => DecimalScalar, {
    description: "Paid towards the bill, from the bank, in the payment's (and bill's) currency.",
  })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amount!: string;

  @Field(() => DecimalScalar, {
    description:
      "Early payment discount taken on the bill with this payment (settles the bill without being paid), in the bill's currency.",
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  discount: string & Opt = '0';

  @Field(() => DecimalScalar, {
    description:
      "Accounts payable cleared on the bill, in the company currency: amount + discount at the rate the bill's open amount is carried at (its booked rate); the last settlement clears exactly what the bill still holds.",
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  companyAmount?: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Realized exchange difference of this settlement, in the company currency: positive a gain (4800: the payment-date rate made it cost less than the bill booked), negative a loss (6800). 0 in the company currency.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, default: '0' })
  exchangeDifference: string & Opt = '0';
}
