import { Field, ID, ObjectType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { DecimalScalar } from '../../graphql/scalars';

@ObjectType({ description: 'What inventorySetQuantities did to one item.' })
export class InventoryQuantityChange {
  @Field({ description: 'Product SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'Product id.' })
  productId!: string;

  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  @Field(() => ID, { description: 'The location set.' })
  locationId!: string;

  @Field({ description: 'Its full name, e.g. `PAR/Stock`.' })
  location!: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial number, for tracked products.' })
  lot!: string | null;

  @Field(() => DecimalScalar, { description: 'On hand there before the call.' })
  previousQuantity!: string;

  @Field(() => DecimalScalar, { description: 'On hand there now.' })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'quantity - previousQuantity.' })
  delta!: string;

  @Field(() => ID, { nullable: true, description: 'The adjustment move posted (null when nothing changed).' })
  moveId!: string | null;
}

@ObjectType({ description: 'Result of inventorySetQuantities.' })
export class InventorySetQuantitiesPayload {
  @Field(() => [InventoryQuantityChange], {
    nullable: true,
    description: 'One entry per item, in the order given; null when the call failed.',
  })
  changes?: InventoryQuantityChange[] | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}
