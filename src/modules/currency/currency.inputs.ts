import { IsOptional, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';

export const CURRENCY = /^[A-Z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'A rate of a foreign currency from a day on; a rate already set for that day is replaced.' })
export class ExchangeRateSetInput {
  @Field({ description: 'ISO 4217 code of the foreign currency (not the company currency, whose rate is always 1).' })
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "USD"' })
  currency!: string;

  @Field({ description: 'First day the rate applies, YYYY-MM-DD (a day in the company time zone).' })
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @Field(() => DecimalScalar, {
    description: 'Company-currency units per 1 unit of `currency`, > 0, up to 10 decimals ("3.25": 1 KWD = 3.25 EUR).',
  })
  @IsDecimalValue({ positive: true, scale: 10 })
  rate!: string;
}

@InputType({ description: 'Which exchange rates to list.' })
export class ExchangeRateFilter {
  @Field(() => String, { nullable: true, description: 'Only this currency (ISO 4217).' })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "USD"' })
  currency?: string;

  @Field(() => String, { nullable: true, description: 'Only rates dated on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'onOrBefore must be a date YYYY-MM-DD' })
  onOrBefore?: string;
}
