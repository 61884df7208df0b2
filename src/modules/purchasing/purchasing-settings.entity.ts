import { Entity, OneToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { DecimalScalar } from '../../graphql/scalars';
import { Company } from '../company/company.entity';

/** Defaults of every company until changed with purchasingSettingsUpdate (docs/partners.md: Purchasing). */
export const PURCHASING_DEFAULTS = {
  approvalThreshold: '10000',
  overReceiptTolerancePercent: '0',
  billQuantityTolerancePercent: '0',
  billPriceTolerancePercent: '2',
} as const;

/**
 * Purchasing rules of one company, kept in this module rather than on the company so that
 * other modules' settings do not pile onto one table; a missing row means the defaults.
 */
@ObjectType({ description: "The company's purchasing rules: approval threshold and matching tolerances." })
@Entity()
export class PurchasingSettings extends BaseEntity {
  @OneToOne(() => Company, { ref: true, owner: true, unique: true, deleteRule: 'cascade' })
  company!: Ref<Company>;

  @Field(() => DecimalScalar, {
    description:
      'A purchase order whose total, in the company currency (a foreign order converted at the rate of the day it is confirmed), exceeds this waits for approval (TO_APPROVE) when confirmed.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: PURCHASING_DEFAULTS.approvalThreshold })
  approvalThreshold: string & Opt = PURCHASING_DEFAULTS.approvalThreshold;

  @Field(() => DecimalScalar, {
    description: 'How much more than ordered a line may receive, in percent of the ordered quantity (0: none).',
  })
  @Property({ type: 'decimal', precision: 9, scale: 4, default: PURCHASING_DEFAULTS.overReceiptTolerancePercent })
  overReceiptTolerancePercent: string & Opt = PURCHASING_DEFAULTS.overReceiptTolerancePercent;

  @Field(() => DecimalScalar, {
    description: 'How much more than received (and ordered) a bill may charge, in percent, before it goes on hold.',
  })
  @Property({ type: 'decimal', precision: 9, scale: 4, default: PURCHASING_DEFAULTS.billQuantityTolerancePercent })
  billQuantityTolerancePercent: string & Opt = PURCHASING_DEFAULTS.billQuantityTolerancePercent;

  @Field(() => DecimalScalar, {
    description:
      'How far a billed unit price may differ from the order price, in percent, before the bill goes on hold.',
  })
  @Property({ type: 'decimal', precision: 9, scale: 4, default: PURCHASING_DEFAULTS.billPriceTolerancePercent })
  billPriceTolerancePercent: string & Opt = PURCHASING_DEFAULTS.billPriceTolerancePercent;
}
