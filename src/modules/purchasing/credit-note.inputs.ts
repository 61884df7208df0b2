import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import { CreditNoteState } from './credit-note.entity';

@InputType({ description: 'A credited quantity and price of one order line.' })
export class VendorCreditNoteLineInput {
  @Field(() => ID, { description: 'The purchase order line credited.' })
  @IsUUID()
  purchaseLineId!: string;

  @Field(() => DecimalScalar, { description: "Quantity credited, > 0, in the order line's unit." })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "Credited price per unit of the order line's unit, >= 0 (default: the price of the bill it is against, else the order price).",
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  unitPrice?: string;
}

@InputType({ description: "A supplier's credit note to match in reverse against its bills and returns." })
export class VendorCreditNoteCreateInput {
  @Field(() => ID, { description: 'The supplier.' })
  @IsUUID()
  supplierId!: string;

  @Field({ description: "The supplier's credit note number (unique per supplier)." })
  @Length(1, 100)
  reference!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The posted bill it credits: its lines must be lines of that bill, each credited at most that bill's quantity, and it lowers the bill's amount due.",
  })
  @IsOptional()
  @IsUUID()
  billId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The supplier return it credits: its lines must be lines of that return, each credited at most what the return sent back already billed.',
  })
  @IsOptional()
  @IsUUID()
  returnId?: string;

  @Field(() => Date, { nullable: true, description: 'Credit note date, its accounting date (default now).' })
  creditDate?: Date;

  @Field(() => String, { nullable: true, description: "ISO 4217 currency (default: the supplier's)." })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => String, { nullable: true, description: 'Why the supplier credits, up to 500 characters.' })
  @IsOptional()
  @Length(1, 500)
  reason?: string;

  @Field(() => [VendorCreditNoteLineInput], { description: 'Credited lines (1 to 500).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: VendorCreditNoteLineInput[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Release a credit note from hold.' })
export class VendorCreditNoteApproveInput {
  @Field(() => ID, { description: 'The credit note (ON_HOLD).' })
  @IsUUID()
  creditNoteId!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Refuse a credit note on hold: nothing is posted.' })
export class VendorCreditNoteRejectInput {
  @Field(() => ID, { description: 'The credit note (ON_HOLD).' })
  @IsUUID()
  creditNoteId!: string;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which vendor credit notes to list.' })
export class VendorCreditNoteFilter {
  @Field(() => [CreditNoteState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  states?: CreditNoteState[];

  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;

  @Field(() => ID, { nullable: true, description: 'Only credit notes against this bill.' })
  @IsOptional()
  billId?: string;
}
