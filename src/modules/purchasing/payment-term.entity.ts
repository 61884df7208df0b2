import { Entity, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import type { TermLine } from './payment-terms';

@ObjectType({
  description: 'One installment rule of a payment term: a share of the total due some days after the invoice date.',
})
export class PaymentTermLine implements TermLine {
  @Field(() => DecimalScalar, { description: 'Share of the total, in percent (the lines of a term add up to 100).' })
  percent!: string;

  @Field(() => Int, { description: 'Days after the invoice date (in the company time zone) the share is due.' })
  days!: number;
}

@ObjectType({
  description:
    'When a supplier is paid (Odoo payment terms): installments of the total (net 30: 100 % after 30 days) and an optional early payment discount (2/10 net 30: 2 % off within 10 days).',
})
@Entity()
@Unique({ properties: ['company', 'code'] })
export class PaymentTerm extends CompanyScopedEntity {
  @Field({ description: 'Short code, unique within the company (e.g. "NET30", "2-10-NET30").' })
  @Property({ length: 32 })
  code!: string;

  @Field({ description: 'Display name (e.g. "2/10 net 30").' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => [PaymentTermLine], { description: 'Installments, in the order they fall due.' })
  @Property({ type: 'json' })
  lines!: PaymentTermLine[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Early payment discount, percent of the total, for paying the whole bill by `discountDays`.',
  })
  @Property({ type: 'decimal', precision: 9, scale: 4, nullable: true })
  discountPercent?: string | null;

  @Field(() => Int, { nullable: true, description: 'Days after the invoice date the early payment discount lasts.' })
  @Property({ type: 'integer', nullable: true })
  discountDays?: number | null;

  @Field(() => Boolean, {
    description: 'Inactive terms stay on the suppliers and bills that have them but are not given to new ones.',
  })
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}
