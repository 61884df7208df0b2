import { ArrayMaxSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';

@InputType({ description: 'The part of a payment that settles one bill.' })
export class VendorPaymentAllocationInput {
  @Field(() => ID, { description: 'A posted bill (MATCHED or APPROVED) of the same supplier.' })
  @IsUUID()
  billId!: string;

  @Field(() => DecimalScalar, {
    description:
      "Amount paid towards it, in the payment's currency (above 0; cents in the company currency, up to 6 decimals in another). With the early payment discount it takes, at most the bill's residual amount in its currency (OVER_ALLOCATION otherwise).",
  })
  @IsDecimalValue({ positive: true, scale: 6 })
  amount!: string;
}

@InputType({ description: 'A payment to a supplier, from the bank, allocated to its bills.' })
export class VendorPaymentCreateInput {
  @Field(() => ID, { description: 'The supplier paid.' })
  @IsUUID()
  supplierId!: string;

  @Field(() => [VendorPaymentAllocationInput], {
    description: 'Bills it settles (0 to 200, each bill once). None: an advance, left unallocated on accounts payable.',
  })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  allocations!: VendorPaymentAllocationInput[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "Amount paid from the bank, in the payment's currency (default: the sum of the allocations). More than the allocations leaves the rest unallocated (an advance); less is OVER_ALLOCATION.",
  })
  @IsOptional()
  @IsDecimalValue({ positive: true, scale: 6 })
  amount?: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Payment date (default now); must fall in an open fiscal period. Its day in the company time zone decides whether an early payment discount is due, and a foreign-currency payment is converted at the rate in force on it (EXCHANGE_RATE_MISSING when there is none).',
  })
  @IsOptional()
  date?: Date;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO 4217 currency of the payment (default: the first allocated bill's, else the company's). Every bill it pays must be in it (CURRENCY_MISMATCH on that allocation's billId otherwise): one payment, one currency.",
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => String, { nullable: true, description: 'Bank reference or memo (at most 200 characters).' })
  @IsOptional()
  @Length(0, 200)
  memo?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which vendor payments to list.' })
export class VendorPaymentFilter {
  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;

  @Field(() => ID, { nullable: true, description: 'Only payments allocated to this bill.' })
  @IsOptional()
  billId?: string;
}

@InputType({ description: 'Cancel a posted vendor payment.' })
export class VendorPaymentCancelInput {
  @Field(() => ID, { description: 'The payment (POSTED).' })
  @IsUUID()
  paymentId!: string;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Date of the reversing entry (default now); must fall in an open fiscal period.',
  })
  @IsOptional()
  date?: Date;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}
