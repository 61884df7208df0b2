import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

/**
 * What one unit of a foreign currency is worth in the company currency from a day on, until
 * the next rate of that currency (Odoo's res.currency.rate; ERPNext's Currency Exchange).
 */
@ObjectType({
  description:
    'An exchange rate: what 1 unit of `currency` is worth in the company currency, from `date` until the next rate of that currency.',
})
@Entity()
@Unique({ properties: ['company', 'currency', 'date'] })
export class ExchangeRate extends CompanyScopedEntity {
  @Field({ description: 'ISO 4217 code of the foreign currency (e.g. "USD").' })
  @Property({ length: 3 })
  currency!: string;

  @Field({
    description:
      'First day the rate applies (YYYY-MM-DD, a day in the company time zone); a document dated on or after it, before the next rate, is converted at it.',
  })
  @Property({ type: 'date' })
  date!: string;

  @Field(() => DecimalScalar, {
    description:
      'Company-currency units per 1 unit of `currency` (1 KWD = 3.25 EUR is "3.25"); > 0, up to 10 decimals.',
  })
  @Property({ type: 'decimal', precision: 24, scale: 10 })
  rate!: string;

  @Field(() => String, { nullable: true, description: 'Who set it last.' })
  @Property({ length: 200, nullable: true })
  setBy?: string | null;
}
