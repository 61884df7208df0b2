import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { Disposition, TransferType } from './inventory.enums';

const CODE_OR_ID = 'Give either the id or the code.';
const REASON = /^[A-Z][A-Z0-9_]*$/;

/** The product of a line, by SKU or by id; shared by every stock input. */
@InputType({ description: 'A product, by SKU or by id.' })
export abstract class ProductRefInput {
  @Field(() => String, { nullable: true, description: 'Product SKU (or give productId).' })
  @IsOptional()
  @Length(1, 64)
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'Product id (or give sku).' })
  @IsOptional()
  @IsUUID()
  productId?: string;
}

@InputType({ description: 'A product and quantity to move.' })
export class TransferLineInput extends ProductRefInput {
  @Field(() => DecimalScalar, { description: 'Quantity, > 0, in `uomId` (default: the product unit).' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => ID, { nullable: true, description: "Unit of the quantity; must be in the product unit's category." })
  @IsOptional()
  @IsUUID()
  uomId?: string;

  @Field(() => String, { nullable: true, description: 'Lot number, for lot-tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Serial numbers, for serial-tracked products: one per unit, as many as the quantity.',
  })
  @IsOptional()
  @ArrayMaxSize(1000)
  @Length(1, 100, { each: true })
  serials?: string[];

  @Field(() => Disposition, {
    nullable: true,
    description: 'RETURN only: where the returned goods go (default STOCK).',
  })
  disposition?: Disposition;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'RECEIPT only: cost per unit of `uomId` (e.g. the purchase price), >= 0; values the goods received.',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  unitCost?: string;
}

@InputType({ description: 'A new transfer; its moves are confirmed at once.' })
export class TransferCreateInput {
  @Field(() => TransferType, { description: 'The operation.' })
  type!: TransferType;

  @Field(() => String, { nullable: true, description: `Warehouse the operation runs in. ${CODE_OR_ID}` })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => ID, { nullable: true, description: `Warehouse the operation runs in. ${CODE_OR_ID}` })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'INTERNAL only: another warehouse to send to, in two steps (transferShip, then transferReceive).',
  })
  @IsOptional()
  @Length(1, 16)
  destinationWarehouseCode?: string;

  @Field(() => ID, { nullable: true, description: 'Source location in the warehouse (defaults by type).' })
  @IsOptional()
  @IsUUID()
  sourceLocationId?: string;

  @Field(() => ID, { nullable: true, description: 'Destination location in the warehouse (defaults by type).' })
  @IsOptional()
  @IsUUID()
  destinationLocationId?: string;

  @Field(() => Date, { nullable: true, description: 'Expected date (arrival, for inbound goods).' })
  expectedDate?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Free reference to the document behind it (order URL or number).',
  })
  @IsOptional()
  @Length(1, 500)
  referenceDocumentUri?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'RECEIPT only: opening stock (go-live counts, imports), brought in from the Opening balance location and valued against opening balance equity instead of goods received not invoiced, since no supplier will invoice it (default false).',
  })
  opening?: boolean;

  @Field(() => [TransferLineInput], { description: 'What to move (1 to 500 lines).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: TransferLineInput[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Validate at once, in the same transaction (default false). Not for transfers between warehouses.',
  })
  validate?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Accept a loss that leaves reservations uncovered (default false: RESERVED_STOCK names them): those reservations give up what is missing and become SHORT. Needs reasonCode.',
  })
  force?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Reason code recorded on the moves, upper case; required with force.',
  })
  @IsOptional()
  @Matches(REASON, { message: 'reasonCode must be upper case letters, digits and _' })
  @Length(1, 64)
  reasonCode?: string;
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'The quantity actually processed on one move of a transfer.' })
export class TransferValidateLineInput {
  @Field(() => ID, { description: 'The move (a line of the transfer).' })
  @IsUUID()
  moveId!: string;

  @Field(() => DecimalScalar, {
    description: 'Quantity processed now, in the product unit (0 leaves it all for later).',
  })
  @IsDecimalValue({ min: '0' })
  quantity!: string;

  @Field(() => String, { nullable: true, description: 'Lot, when the move names none yet.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => [String], { nullable: true, description: 'Serial numbers processed, one per unit.' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @Length(1, 100, { each: true })
  serials?: string[];
}

@InputType({ description: 'Validate (or ship, or receive) a transfer, in full or in part.' })
export class TransferValidateInput {
  @Field(() => ID, { description: 'The transfer.' })
  @IsUUID()
  transferId!: string;

  @Field(() => [TransferValidateLineInput], {
    nullable: true,
    description: 'Quantities processed per move; omitted: everything. Moves not listed are left for the backorder.',
  })
  @IsOptional()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines?: TransferValidateLineInput[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Put what was not processed in a backorder transfer (default true); false cancels it.',
  })
  createBackorder?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Accept a loss that leaves reservations uncovered (default false: RESERVED_STOCK names them): those reservations give up what is missing and become SHORT. Needs reasonCode.',
  })
  force?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Reason code recorded on the moves, upper case; required with force.',
  })
  @IsOptional()
  @Matches(REASON, { message: 'reasonCode must be upper case letters, digits and _' })
  @Length(1, 64)
  reasonCode?: string;
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Release goods from quality hold.' })
export class QualityReleaseInput extends ProductRefInput {
  @Field({ description: 'Warehouse whose quality location holds the goods.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Quantity to release, > 0, in the product unit.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial, for tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => Disposition, { description: 'Where the goods go.' })
  disposition!: Disposition;
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Destroy goods: a move to the scrap location.' })
export class ScrapInput extends ProductRefInput {
  @Field(() => ID, { description: 'Location the goods are taken from.' })
  @IsUUID()
  locationId!: string;

  @Field(() => DecimalScalar, { description: 'Quantity, > 0, in the product unit.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial, for tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field({ nullable: true, description: 'Reason code, upper case (default SCRAP; required with force).' })
  @IsOptional()
  @Matches(REASON, { message: 'reasonCode must be upper case letters, digits and _' })
  @Length(1, 64)
  reasonCode?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Accept a loss that leaves reservations uncovered (default false: RESERVED_STOCK names them): those reservations give up what is missing and become SHORT. Needs reasonCode.',
  })
  force?: boolean;
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Quantity kept back from sale for a product in a warehouse.' })
export class SafetyStockSetInput {
  @Field({ description: 'Product SKU.' })
  @Length(1, 64)
  sku!: string;

  @Field({ description: 'Warehouse code.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Quantity, >= 0, in the product unit.' })
  @IsDecimalValue({ min: '0' })
  quantity!: string;
}

@InputType({ description: 'Start counting a location, or some products of a warehouse.' })
export class InventoryCountStartInput {
  @Field({ description: 'Warehouse code.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Count this location (default: every on-hand location of the warehouse).',
  })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @Field(() => [String], { nullable: true, description: 'Count only these SKUs.' })
  @IsOptional()
  @ArrayMaxSize(1000)
  skus?: string[];
}

@InputType({ description: 'A counted quantity.' })
export class InventoryCountLineInput {
  @Field({ description: 'Product SKU.' })
  @Length(1, 64)
  sku!: string;

  @Field(() => ID, { description: 'Location counted.' })
  @IsUUID()
  locationId!: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => DecimalScalar, { description: 'Counted quantity, >= 0, in the product unit.' })
  @IsDecimalValue({ min: '0' })
  countedQuantity!: string;
}

@InputType({ description: 'Counted quantities for a count in progress.' })
export class InventoryCountRecordInput {
  @Field(() => ID, { description: 'The count.' })
  @IsUUID()
  countId!: string;

  @Field(() => [InventoryCountLineInput], { description: 'Counted quantities; lines not on the count are added.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  lines!: InventoryCountLineInput[];
}

@InputType({ description: 'Post the variances of a count.' })
export class InventoryCountApplyInput {
  @Field(() => ID, { description: 'The count.' })
  @IsUUID()
  countId!: string;

  @Field({
    nullable: true,
    description: 'Reason code on the variance moves, upper case (default COUNT; required with force).',
  })
  @IsOptional()
  @Matches(REASON, { message: 'reasonCode must be upper case letters, digits and _' })
  @Length(1, 64)
  reasonCode?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Accept (now, or at approval) a loss that leaves reservations uncovered (default false: RESERVED_STOCK names them): those reservations give up what is missing and become SHORT. Needs reasonCode.',
  })
  force?: boolean;
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Cancel a transfer that has not started.' })
export class TransferCancelInput {
  @Field(() => ID, { description: 'The transfer.' })
  @IsUUID()
  transferId!: string;
}

@InputType({ description: 'Approve a count awaiting approval: its variances are posted.' })
export class InventoryCountApproveInput {
  @Field(() => ID, { description: 'The count.' })
  @IsUUID()
  countId!: string;
}
