import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { MoveState } from '../inventory/inventory.enums';
import { StockLevel } from '../inventory/stock-level.types';
import { ReservationState } from '../reservations/reservation.enums';

export enum StockEventCauseKind {
  MOVE = 'MOVE',
  PURCHASE_LINE = 'PURCHASE_LINE',
  RESERVATION = 'RESERVATION',
  SAFETY_STOCK = 'SAFETY_STOCK',
  QUANT = 'QUANT',
  KIT = 'KIT',
}
registerEnumType(StockEventCauseKind, {
  name: 'StockEventCauseKind',
  description: 'What kind of record caused a stock event.',
  valuesConfig: {
    MOVE: { description: 'A stock move (receipt, delivery, transfer, adjustment...) was created, done or cancelled.' },
    PURCHASE_LINE: { description: 'A purchase order line: its receipt move was confirmed, changed or received.' },
    RESERVATION: { description: 'A reservation was made, released, fulfilled, extended or expired.' },
    SAFETY_STOCK: { description: 'The safety stock of the product in the warehouse was set.' },
    QUANT: { description: 'Stock quantities were written directly (no move named); the id is the quant’s.' },
    KIT: { description: "A kit's definition (its components or their quantities) changed; the id is the kit's." },
  },
});

@ObjectType({ description: 'The record behind a stock event.' })
export class StockEventCause {
  @Field(() => StockEventCauseKind, { description: 'Kind of record.' })
  kind!: StockEventCauseKind;

  @Field(() => ID, {
    description: 'Its id: the move, purchase order line, reservation, safety stock or quant (per kind).',
  })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Its reference: the move or transfer name, the purchase order name, the reservation reference.',
  })
  reference!: string | null;
}

@ObjectType({ description: 'How much each figure of a StockLevel changed with one commit (new minus previous).' })
export class StockLevelDelta {
  @Field(() => DecimalScalar, { description: 'Change of onHand.' })
  onHand!: string;
  @Field(() => DecimalScalar, { description: 'Change of pickable.' })
  pickable!: string;
  @Field(() => DecimalScalar, { description: 'Change of available.' })
  available!: string;
  @Field(() => DecimalScalar, { description: 'Change of reserved.' })
  reserved!: string;
  @Field(() => DecimalScalar, { description: 'Change of committed.' })
  committed!: string;
  @Field(() => DecimalScalar, { description: 'Change of short.' })
  short!: string;
  @Field(() => DecimalScalar, { description: 'Change of qualityHold.' })
  qualityHold!: string;
  @Field(() => DecimalScalar, { description: 'Change of damaged.' })
  damaged!: string;
  @Field(() => DecimalScalar, { description: 'Change of safetyStock.' })
  safetyStock!: string;
  @Field(() => DecimalScalar, { description: 'Change of inTransit.' })
  inTransit!: string;
  @Field(() => DecimalScalar, { description: 'Change of incoming.' })
  incoming!: string;
  @Field(() => DecimalScalar, { description: 'Change of outgoing.' })
  outgoing!: string;
  @Field(() => DecimalScalar, { description: 'Change of forecast.' })
  forecast!: string;
}

@ObjectType({
  description:
    'The figures of one product in one warehouse as of one commit that changed them. Several changes to the pair in one transaction give one event with the final figures.',
})
export class StockLevelEvent {
  @Field(() => GraphQLSafeInt, {
    description:
      "Position in the company's event stream: strictly increasing in commit order, without gaps. Resume with afterSequence.",
  })
  sequence!: number;

  @Field(() => Date, { description: 'When the change was committed.' })
  committedAt!: Date;

  @Field(() => StockEventCause, {
    description: 'The move, purchase line or reservation behind the change (the first of causes by priority).',
  })
  cause!: StockEventCause;

  @Field(() => [StockEventCause], {
    description:
      'Every move, purchase order line, reservation and safety stock change of the commit that changed this pair, in the order they were made (quants written directly only when nothing else explains the change). At most 50: causeCount says how many there were. Events stored before causes were listed give their one cause.',
  })
  causes!: StockEventCause[];

  @Field(() => Int, { description: 'How many causes the commit had for this pair (causes lists the first 50).' })
  causeCount!: number;

  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field({ description: 'Its SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field({ description: 'Its code.' })
  warehouseCode!: string;

  @Field(() => StockLevelDelta, { description: 'What changed since the previous event of this pair.' })
  delta!: StockLevelDelta;

  @Field(() => StockLevel, { description: 'The figures as of this commit (the same fields as the stockLevels query).' })
  stockLevel!: StockLevel;
}

@ObjectType({ description: 'A stock move as of one commit that created or changed it.' })
export class StockMoveEvent {
  @Field(() => GraphQLSafeInt, { description: "Position in the company's event stream; resume with afterSequence." })
  sequence!: number;

  @Field(() => Date, { description: 'When the change was committed.' })
  committedAt!: Date;

  @Field(() => StockEventCause, { description: 'The move, or the purchase order line it receives.' })
  cause!: StockEventCause;

  @Field(() => ID, { description: 'The move.' })
  moveId!: string;

  @Field(() => String, { nullable: true, description: 'Its reference (transfer or operation name).' })
  reference!: string | null;

  @Field(() => MoveState, { description: 'Its state after the commit.' })
  state!: MoveState;

  @Field(() => ID, { description: 'The product moved.' })
  productId!: string;

  @Field({ description: 'Its SKU.' })
  sku!: string;

  @Field(() => DecimalScalar, { description: 'Quantity in the product unit.' })
  quantity!: string;

  @Field(() => ID, { description: 'Where it comes from.' })
  sourceLocationId!: string;

  @Field({ description: 'Full name of the source location.' })
  sourceLocation!: string;

  @Field(() => ID, { description: 'Where it goes.' })
  destinationLocationId!: string;

  @Field({ description: 'Full name of the destination location.' })
  destinationLocation!: string;

  @Field(() => String, { nullable: true, description: 'Warehouse of the source location; null for virtual ones.' })
  sourceWarehouseCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Warehouse of the destination; null for virtual ones.' })
  destinationWarehouseCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Lot or serial; null when untracked.' })
  lot!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it is expected, while open.' })
  expectedDate!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was done.' })
  effectiveDate!: Date | null;
}

@ObjectType({ description: 'One line of a reservation in a ReservationEvent.' })
export class ReservationEventLine {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;
  @Field({ description: 'Its SKU.' })
  sku!: string;
  @Field(() => ID, { description: 'The warehouse holding it.' })
  warehouseId!: string;
  @Field({ description: 'Its code.' })
  warehouseCode!: string;
  @Field(() => DecimalScalar, { description: 'Quantity held.' })
  quantity!: string;
  @Field(() => DecimalScalar, { description: 'Quantity already delivered.' })
  fulfilledQuantity!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The kit this component line holds stock for (null: the product was reserved on its own).',
  })
  kitId!: string | null;
  @Field(() => String, { nullable: true, description: "The kit's SKU." })
  kitSku!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Whole kits this line holds components for.' })
  kitQuantity!: string | null;
}

@ObjectType({ description: 'A kit a reservation holds in one warehouse (its component lines name it).' })
export class ReservationEventKit {
  @Field(() => ID, { description: 'The kit.' })
  kitId!: string;
  @Field({ description: 'Its SKU.' })
  sku!: string;
  @Field(() => ID, { description: 'The warehouse its components are held in.' })
  warehouseId!: string;
  @Field({ description: 'Its code.' })
  warehouseCode!: string;
  @Field(() => DecimalScalar, { description: 'Whole kits held.' })
  quantity!: string;
}

@ObjectType({ description: 'A reservation as of one commit that made, changed, released, fulfilled or expired it.' })
export class ReservationEvent {
  @Field(() => GraphQLSafeInt, { description: "Position in the company's event stream; resume with afterSequence." })
  sequence!: number;

  @Field(() => Date, { description: 'When the change was committed.' })
  committedAt!: Date;

  @Field(() => ID, { description: 'The reservation.' })
  reservationId!: string;

  @Field({ description: "The caller's reference (order or cart id)." })
  reference!: string;

  @Field(() => ReservationState, { description: 'Its stored state after the commit.' })
  state!: ReservationState;

  @Field(() => String, { nullable: true, description: 'Code of the channel it was made for.' })
  channel!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it stops holding stock.' })
  expiresAt!: Date | null;

  @Field(() => [ReservationEventLine], { description: 'What it holds where.' })
  lines!: ReservationEventLine[];

  @Field(() => [ReservationEventKit], {
    description: 'The kits it holds, per warehouse (empty when none; events stored before kits were listed give none).',
  })
  kits!: ReservationEventKit[];
}

@InputType({ description: 'Which stock moves a stockMoved subscription receives; empty lists and nulls match all.' })
export class StockMoveSubscriptionFilter {
  @Field(() => [String], { nullable: true, description: 'Only these SKUs.' })
  skus?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only these products.' })
  productIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only moves from or to these warehouses (codes).' })
  warehouseCodes?: string[] | null;

  @Field(() => [MoveState], { nullable: true, description: 'Only moves reaching these states.' })
  states?: MoveState[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these references (transfer or operation names).' })
  references?: string[] | null;
}

@InputType({ description: 'Which reservations a reservationChanged subscription receives; nulls match all.' })
export class ReservationSubscriptionFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these reservations.' })
  reservationIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these references (order or cart ids).' })
  references?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only reservations of these channels (codes).' })
  channels?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only reservations holding one of these SKUs (a kit SKU: reservations holding that kit).',
  })
  skus?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only reservations holding stock in one of these warehouses.' })
  warehouseCodes?: string[] | null;
}
