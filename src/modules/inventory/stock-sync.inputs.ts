import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';

/** Items one inventorySetQuantities call may carry (Shopify's inventorySetQuantities takes 250). */
export const MAX_SET_QUANTITIES = 250;

@InputType({ description: 'The on-hand quantity one product (and lot) should have in one location.' })
export class InventorySetQuantityInput {
  @Field({ description: 'Product SKU.' })
  @Length(1, 64)
  sku!: string;

  @Field({ description: 'Warehouse code.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A stock-holding location of the warehouse (default: its Stock location).',
  })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial number, for tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => DecimalScalar, { description: 'The new on-hand quantity there, >= 0, in the product unit.' })
  @IsDecimalValue({ min: '0' })
  quantity!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'What you believe the quantity is now; when it differs, the call fails with STALE naming the item and its current quantity, and nothing is set (compare-and-set). Leave it out to set regardless.',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  compareQuantity?: string;
}

@InputType({ description: 'Set on-hand quantities in bulk, all or nothing.' })
export class InventorySetQuantitiesInput {
  @Field({
    description:
      'Reason code recorded on the adjustment moves (upper case letters, digits and _), e.g. `CYCLE_COUNT`, `CORRECTION`.',
  })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'reason must be upper case letters, digits and _' })
  @Length(1, 64)
  reason!: string;

  @Field(() => [InventorySetQuantityInput], {
    description: `The quantities to set (1 to ${MAX_SET_QUANTITIES}); each product, location and lot at most once.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SET_QUANTITIES)
  @ValidateNested({ each: true })
  items!: InventorySetQuantityInput[];

  @Field(() => String, {
    nullable: true,
    description: 'Where the quantities come from (a URI of your system), recorded as the moves’ reference.',
  })
  @IsOptional()
  @Length(1, 200)
  reference?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Accept decreases that leave reservations uncovered (default false: RESERVED_STOCK names them); those reservations become SHORT.',
  })
  force?: boolean;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}
