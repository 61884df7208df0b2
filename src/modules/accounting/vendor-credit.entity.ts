import { Check, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { VendorCreditNote } from '../purchasing/credit-note.entity';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { VendorCreditUseKind } from './accounting.enums';
import { ReversibleDocument } from './reversible-document.entity';
import { VendorPayment } from './vendor-payment.entity';

/**
 * The use of an open supplier credit (what the supplier owes us: the advance of a payment, a
 * credit note against no bill, or a bill whose credits and payments went beyond it), as Odoo's
 * "outstanding debits" added to a bill, or a supplier refund:
 * - BILL: applied to an open bill of the supplier: Dr Accounts payable (the bill) / Cr Accounts
 *   payable (the credit) in the general journal, the payables balance unchanged;
 * - REFUND: the supplier paid it back: Dr Bank / Cr Accounts payable (the credit) in the bank
 *   journal.
 * Cancelled by the reversal of its entry. Its source is one of sourcePayment, sourceCreditNote
 * and sourceBill, except a credit note against a bill: it draws on that bill's negative residual,
 * so sourceCreditNote and sourceBill (the bill) are both set.
 */
@ObjectType({
  description:
    'An open supplier credit (an advance, a credit note, an overpaid bill) applied to a bill, or refunded by the supplier.',
})
@Entity()
// At least one source: one, or two for a credit note against a bill (the note and its bill); the
// service decides which. The database only refuses a row with none.
@Check({
  name: 'vendor_credit_application_one_source_check',
  expression: 'num_nonnulls(source_payment_id, source_credit_note_id, source_bill_id) >= 1',
})
@Index({ properties: ['company', 'date'] })
@Index({ properties: ['bill'] })
@Index({ properties: ['sourcePayment'] })
@Index({ properties: ['sourceBill'] })
@Index({ properties: ['sourceCreditNote'] })
export class VendorCreditApplication extends ReversibleDocument {
  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @Field(() => VendorCreditUseKind, { description: 'BILL (applied to a bill) or REFUND (paid back to the bank).' })
  @Enum({ items: () => VendorCreditUseKind, nativeEnumName: 'vendor_credit_use_kind' })
  kind!: VendorCreditUseKind;

  /** The bill the credit settles (BILL); null for a refund. */
  @ManyToOne(() => VendorBill, { ref: true, nullable: true, deleteRule: 'restrict' })
  bill?: Ref<VendorBill> | null;

  /** The payment whose advance provides the credit. */
  @ManyToOne(() => VendorPayment, { ref: true, nullable: true, deleteRule: 'restrict' })
  sourcePayment?: Ref<VendorPayment> | null;

  /** The credit note that provides the credit (against a bill, sourceBill is its bill). */
  @ManyToOne(() => VendorCreditNote, { ref: true, nullable: true, deleteRule: 'restrict' })
  sourceCreditNote?: Ref<VendorCreditNote> | null;

  /** The bill whose negative residual (credited or paid beyond its amount) provides the credit. */
  @ManyToOne(() => VendorBill, { ref: true, nullable: true, deleteRule: 'restrict' })
  sourceBill?: Ref<VendorBill> | null;

  @Field(() => DecimalScalar, { description: 'Amount of credit used, in `currency`.' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  amount!: string;

  @Field({ description: 'ISO 4217 currency (the company currency).' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => Date, { description: 'Accounting date of its entry.' })
  @Property({ type: 'datetime' })
  date!: Date;

  @Field(() => String, { nullable: true, description: 'Memo or bank reference.' })
  @Property({ length: 200, nullable: true })
  memo?: string | null;
}
