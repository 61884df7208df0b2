import { IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { CountState, MoveState, TransferState, TransferType } from './inventory.enums';
import { InventoryCount } from './inventory-count.entity';
import { Quant } from './quant.entity';
import { LotPosition, StockLevel } from './stock-level.types';
import { StockMove } from './stock-move.entity';
import { Transfer } from './transfer.entity';

export const QuantConnection = ConnectionType(Quant, 'Quant');
export const StockMoveConnection = ConnectionType(StockMove, 'StockMove');
export const TransferConnection = ConnectionType(Transfer, 'Transfer');

export const TransferCreatePayload = PayloadType('TransferCreate', 'transfer', Transfer, 'The created transfer.');
export const TransferCancelPayload = PayloadType('TransferCancel', 'transfer', Transfer, 'The cancelled transfer.');
export const QualityReleasePayload = PayloadType('QualityRelease', 'move', StockMove, 'The move out of quality hold.');
export const ScrapPayload = PayloadType('Scrap', 'move', StockMove, 'The move to scrap.');
export const SafetyStockSetPayload = PayloadType(
  'SafetyStockSet',
  'stockLevel',
  StockLevel,
  'The stock level with its new safety stock.',
);
export const InventoryCountPayload = PayloadType(
  'InventoryCount',
  'inventoryCount',
  InventoryCount,
  'The inventory count.',
);

@ObjectType({ description: 'Result of transferValidate, transferShip or transferReceive.' })
export class TransferProcessPayload {
  @Field(() => Transfer, { nullable: true, description: 'The transfer processed.' })
  transfer?: Transfer | null;

  @Field(() => Transfer, { nullable: true, description: 'The backorder holding what was not processed, if any.' })
  backorder?: Transfer | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The history of a lot or serial number and where it is now.' })
export class LotTrace {
  @Field({ description: 'The lot or serial number.' })
  lot!: string;

  @Field(() => [StockMove], { description: 'Every done move of the lot, oldest first.' })
  moves!: StockMove[];

  @Field(() => [LotPosition], {
    description: 'Where the quantity is now (non-zero quants, virtual locations included).',
  })
  positions!: LotPosition[];
}

@InputType({ description: 'Which quants to list.' })
export class QuantFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this product.' })
  productId?: string;

  @Field(() => String, { nullable: true, description: 'Only this SKU.' })
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'Only this location.' })
  locationId?: string;

  @Field(() => ID, { nullable: true, description: 'Only locations of this warehouse.' })
  warehouseId?: string;

  @Field(() => String, { nullable: true, description: 'Only this lot or serial.' })
  lot?: string;
}

@InputType({ description: 'Which stock moves to list.' })
export class StockMoveFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this product.' })
  productId?: string;

  @Field(() => String, { nullable: true, description: 'Only this SKU.' })
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'Moves from or to this location.' })
  locationId?: string;

  @Field(() => ID, { nullable: true, description: 'Moves from or to this warehouse.' })
  warehouseId?: string;

  @Field(() => String, { nullable: true, description: 'Moves with this reference (transfer or operation name).' })
  reference?: string;

  @Field(() => Date, { nullable: true, description: 'Created at or after.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Created at or before.' })
  to?: Date;

  @Field(() => MoveState, { nullable: true, description: 'Only moves in this state.' })
  state?: MoveState;
}

@InputType({ description: 'Which transfers to list; every condition given must hold.' })
export class TransferFilterInput {
  @Field(() => [TransferType], { nullable: true, description: 'Only these operations (e.g. RECEIPT).' })
  types?: TransferType[];

  @Field(() => [TransferState], { nullable: true, description: 'Only these states.' })
  states?: TransferState[];

  @Field(() => String, {
    nullable: true,
    description: 'Only transfers of this warehouse (code): the one it runs in, or the receiving one.',
  })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only transfers of this warehouse (id): the one it runs in, or the receiving one.',
  })
  warehouseId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only the receipts of purchase orders of this supplier (a partner).',
  })
  supplierId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the receipts of this purchase order.' })
  purchaseOrderId?: string;

  @Field(() => String, { nullable: true, description: 'Only transfers with this referenceDocumentUri (exact).' })
  referenceDocumentUri?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only the transfer of this name, e.g. "PAR/IN/20261122-4F2K9Q".',
  })
  name?: string;

  @Field(() => Date, { nullable: true, description: 'Created at or after.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Created at or before.' })
  to?: Date;

  @Field(() => Date, { nullable: true, description: 'Done at or after (only DONE transfers then).' })
  doneFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Done at or before (only DONE transfers then).' })
  doneTo?: Date;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only backorders (the rest of a partly processed transfer); false: none of them.',
  })
  backorder?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only backorders of this transfer.' })
  @IsOptional()
  @IsUUID()
  backorderOfId?: string;
}

export const InventoryCountConnection = ConnectionType(InventoryCount, 'InventoryCount');

@InputType({ description: 'Which inventory counts to list; every condition given must hold.' })
export class InventoryCountFilterInput {
  @Field(() => [CountState], {
    nullable: true,
    description: 'Only these states; TO_APPROVE lists the counts awaiting approval.',
  })
  states?: CountState[];

  @Field(() => String, { nullable: true, description: 'Only counts of this warehouse (code).' })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only counts of this warehouse (id).' })
  warehouseId?: string;

  @Field(() => Date, { nullable: true, description: 'Started at or after.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Started at or before.' })
  to?: Date;
}
