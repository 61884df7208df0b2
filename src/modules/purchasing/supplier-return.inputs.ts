import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';

@InputType({ description: 'A quantity of one order line sent back to the supplier.' })
export class PurchaseOrderReturnLineInput {
  @Field(() => ID, { description: 'The order line.' })
  @IsUUID()
  lineId!: string;

  @Field(() => DecimalScalar, { description: "Quantity sent back, > 0, in the line's unit (or `uomId`)." })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => ID, { nullable: true, description: "Unit of the quantity, in the product unit's category." })
  @IsOptional()
  @IsUUID()
  uomId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "Where the goods leave from, a location of the order's warehouse (default: where each receipt put them, e.g. WH/Stock or WH/Quality).",
  })
  @IsOptional()
  @IsUUID()
  locationId?: string;
}

@InputType({ description: 'Goods of a purchase order sent back to its supplier.' })
export class PurchaseOrderReturnInput {
  @Field(() => ID, { description: 'The purchase order the goods were received on.' })
  @IsUUID()
  purchaseOrderId!: string;

  @Field(() => [PurchaseOrderReturnLineInput], { description: 'What goes back (1 to 500 lines).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: PurchaseOrderReturnLineInput[];

  @Field({ description: 'Why the goods go back, 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which supplier returns to list.' })
export class SupplierReturnFilter {
  @Field(() => ID, { nullable: true, description: 'Only returns of this purchase order.' })
  @IsOptional()
  purchaseOrderId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;
}
