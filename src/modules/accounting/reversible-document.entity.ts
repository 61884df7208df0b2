import { Enum, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { VendorPaymentState } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';

/**
 * A document posted the moment it is entered and cancelled by the reversal of its entry (a
 * vendor payment, a credit application or refund): its entry's name, who entered it, its state
 * and who cancelled it, when and why. cancelByReversal (vendor-payment.service.ts) is the one
 * way to cancel one.
 */
@ObjectType({ description: 'A document posted at once and cancelled by reversing its entry.' })
export abstract class ReversibleDocument extends CompanyScopedEntity {
  @Field({ description: 'Name of its journal entry (journal, year, number), e.g. "BNK/2026/000007".' })
  @Property({ length: 40 })
  name!: string;

  @Field(() => String, { description: 'Who entered it.' })
  @Property({ length: 200 })
  createdBy!: string;

  @ManyToOne(() => JournalEntry, { ref: true, nullable: true, deleteRule: 'restrict' })
  entry?: Ref<JournalEntry> | null;

  @Field(() => VendorPaymentState, { description: 'POSTED, or CANCELLED by the reversal of its entry.' })
  @Enum({ items: () => VendorPaymentState, nativeEnumName: 'vendor_payment_state', default: VendorPaymentState.POSTED })
  state: VendorPaymentState & Opt = VendorPaymentState.POSTED;

  @Field(() => String, { nullable: true, description: 'Who cancelled it.' })
  @Property({ length: 200, nullable: true })
  cancelledBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  @Property({ length: 500, nullable: true })
  cancelReason?: string | null;
}
