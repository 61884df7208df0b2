import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';

@InputType({ description: 'One installment of a payment term.' })
export class PaymentTermLineInput {
  @Field(() => DecimalScalar, {
    description: 'Share of the total in percent, above 0 and at most 100 (the lines add up to 100).',
  })
  @IsDecimalValue({ positive: true, scale: 4 })
  percent!: string;

  @Field(() => Int, { description: 'Days after the invoice date it is due (0 to 3650).' })
  @IsInt()
  @Min(0)
  @Max(3650)
  days!: number;
}

@InputType({
  description:
    'A new payment term, e.g. net 30 (one line: 100 % at 30 days) or 2/10 net 30 (the same, with a 2 % discount within 10 days).',
})
export class PaymentTermCreateInput {
  @Field({ description: 'Code, unique within the company (1-32 characters).' })
  @Length(1, 32)
  @Matches(/\S/, { message: 'code must not be blank' })
  code!: string;

  @Field({ description: 'Display name (1-200 characters).' })
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [PaymentTermLineInput], {
    description: 'Installments in the order they fall due (1 to 12); their percents add up to 100.',
  })
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  lines!: PaymentTermLineInput[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Early payment discount in percent of the total (above 0, below 100), with discountDays.',
  })
  @IsOptional()
  @IsDecimalValue({ positive: true, scale: 4 })
  discountPercent?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Days after the invoice date the discount lasts, with discountPercent.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  discountDays?: number;
}
