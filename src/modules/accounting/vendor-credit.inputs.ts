import { IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';

@InputType({ description: 'Where an open supplier credit comes from: exactly one of the three.' })
export class VendorCreditSourceInput {
  @Field(() => ID, {
    nullable: true,
    description: 'A posted payment whose unallocated part (an advance) is still open.',
  })
  @IsOptional()
  @IsUUID()
  paymentId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'A posted credit note (MATCHED or APPROVED; on hold or rejected: INVALID_STATE): against no bill, what is open of it; against a bill, what that bill holds beyond its amount (its negative residual).',
  })
  @IsOptional()
  @IsUUID()
  creditNoteId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A posted bill credited or paid beyond its amount: its negative residual.',
  })
  @IsOptional()
  @IsUUID()
  billId?: string;
}

@InputType({
  description: "Apply an open supplier credit to an open bill of the same supplier (Odoo's outstanding debits).",
})
export class VendorCreditApplyInput {
  @Field(() => ID, {
    description: 'The bill that the credit settles: posted, same supplier and currency, owing something.',
  })
  @IsUUID()
  billId!: string;

  @Field(() => VendorCreditSourceInput, { description: 'The open credit applied.' })
  @ValidateNested()
  from!: VendorCreditSourceInput;

  @Field(() => DecimalScalar, {
    description:
      "Amount applied, above 0, in cents: at most the open credit (OVER_CREDIT) and the bill's residual (OVER_ALLOCATION).",
  })
  @IsDecimalValue({ positive: true, scale: 2 })
  amount!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Accounting date (default now); must fall in an open fiscal period, and not before the credit (its payment, credit note or bill) nor the bill it settles (INVALID).',
  })
  @IsOptional()
  date?: Date;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'A refund the supplier paid into the bank for an open credit.' })
export class VendorRefundReceiveInput {
  @Field(() => VendorCreditSourceInput, { description: 'The open credit refunded.' })
  @ValidateNested()
  from!: VendorCreditSourceInput;

  @Field(() => DecimalScalar, {
    description: 'Amount received, above 0, in cents: at most the open credit (OVER_CREDIT).',
  })
  @IsDecimalValue({ positive: true, scale: 2 })
  amount!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Date received (default now); must fall in an open fiscal period, and not before the credit (its payment, credit note or bill) (INVALID).',
  })
  @IsOptional()
  date?: Date;

  @Field(() => String, { nullable: true, description: 'Bank reference or memo (at most 200 characters).' })
  @IsOptional()
  @Length(0, 200)
  memo?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Cancel a credit application or a refund.' })
export class VendorCreditApplicationCancelInput {
  @Field(() => ID, { description: 'The application or refund (POSTED).' })
  @IsUUID()
  applicationId!: string;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Date of the reversing entry (default now); must fall in an open fiscal period, and not before the application or refund (INVALID).',
  })
  @IsOptional()
  date?: Date;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which credit applications and refunds to list.' })
export class VendorCreditApplicationFilter {
  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;

  @Field(() => ID, { nullable: true, description: 'Only those settling this bill, or drawing on its credit.' })
  @IsOptional()
  billId?: string;

  @Field(() => ID, { nullable: true, description: 'Only those drawing on the advance of this payment.' })
  @IsOptional()
  paymentId?: string;
}
