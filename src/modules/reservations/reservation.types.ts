import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { Transfer } from '../inventory/transfer.entity';
import { ChannelBuffer } from './channel-buffer.entity';
import { Channel } from './channel.entity';
import { Reservation } from './reservation.entity';
import { ReservationState } from './reservation.enums';

export const ReservationCreatePayload = PayloadType(
  'ReservationCreate',
  'reservation',
  Reservation,
  'The reservation, with what was reserved where.',
);
export const ReservationReleasePayload = PayloadType(
  'ReservationRelease',
  'reservation',
  Reservation,
  'The released reservation.',
);
export const ReservationExtendPayload = PayloadType(
  'ReservationExtend',
  'reservation',
  Reservation,
  'The extended reservation.',
);
export const ChannelCreatePayload = PayloadType('ChannelCreate', 'channel', Channel, 'The created channel.');
export const ChannelUpdatePayload = PayloadType('ChannelUpdate', 'channel', Channel, 'The changed channel.');
export const ChannelBufferSetPayload = PayloadType(
  'ChannelBufferSet',
  'channelBuffer',
  ChannelBuffer,
  'The buffer as set.',
);
export const ChannelBufferRemovePayload = PayloadType(
  'ChannelBufferRemove',
  'channel',
  Channel,
  'The channel, without that buffer.',
);

@ObjectType({ description: 'Result of reservationFulfil.' })
export class ReservationFulfilPayload {
  @Field(() => Reservation, { nullable: true, description: 'The reservation, FULFILLED once every line is delivered.' })
  reservation?: Reservation | null;

  @Field(() => [Transfer], { description: 'The deliveries made, one per warehouse.' })
  deliveries!: Transfer[];

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Sellable quantity of a SKU in one warehouse.' })
export class WarehouseAvailability {
  @Field(() => ID, {
    description:
      'Stable id of this figure (the SKU in this warehouse for the channel asked for), so that client caches update it from availabilityChanged. Opaque.',
  })
  id!: string;

  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  warehouseId!: string;

  @Field(() => DecimalScalar, { description: "Sellable now: available less the product's buffer on the channel." })
  available!: string;
}

@ObjectType({ description: 'Sellable quantity of a SKU, per warehouse and in total.' })
export class SkuAvailability {
  @Field(() => ID, {
    description:
      'Stable id of this figure (the SKU for the channel and warehouse codes asked for), so that client caches update it from availabilityChanged. Opaque.',
  })
  id!: string;

  @Field({ description: 'The SKU asked for.' })
  sku!: string;

  productId!: string | null;

  @Field(() => DecimalScalar, { description: 'Total sellable over the warehouses considered (0 for an unknown SKU).' })
  available!: string;

  @Field(() => [WarehouseAvailability], { description: 'Per warehouse, in the channel priority order.' })
  warehouses!: WarehouseAvailability[];
}

@ObjectType({ description: 'One day of time-phased available to promise.' })
export class AtpBucket {
  @Field({ description: 'Day (YYYY-MM-DD, UTC).' })
  date!: string;

  @Field(() => DecimalScalar, {
    description: 'Quantity expected to reach the pickable stock that day (receipts, inbound transfers, put-aways).',
  })
  receipts!: string;

  @Field(() => DecimalScalar, {
    description:
      'Confirmed outbound quantity due out that day; it already holds its stock (`committed`), so it is not subtracted again.',
  })
  commitments!: string;

  @Field(() => DecimalScalar, {
    description:
      "What can be promised for that day: available now plus what reaches the pickable stock by then, less the product's buffer on the channel. Today it equals `availability`.",
  })
  atp!: string;
}

@ObjectType({ description: 'How much a warehouse contributes to a promise.' })
export class PromiseSource {
  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Quantity from it.' })
  quantity!: string;
}

@ObjectType({ description: 'The earliest date a quantity can be promised, and from where.' })
export class PromiseDate {
  @Field({ description: 'Day (YYYY-MM-DD, UTC).' })
  date!: string;

  @Field(() => [PromiseSource], { description: 'Warehouses in priority order and their share.' })
  warehouses!: PromiseSource[];
}

export const ReservationConnection = ConnectionType(Reservation, 'Reservation');

@InputType({ description: 'Which reservations to list; every condition given must hold.' })
export class ReservationFilterInput {
  @Field(() => [ReservationState], {
    nullable: true,
    description: 'Only these states, as effectiveState reads them: an ACTIVE reservation past its expiry is EXPIRED.',
  })
  states?: ReservationState[];

  @Field(() => String, { nullable: true, description: 'Only reservations of this channel (code).' })
  @IsOptional()
  @Length(1, 32)
  channel?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only reservations with this reference (your order or cart id).',
  })
  reference?: string;

  @Field(() => String, { nullable: true, description: 'Only reservations holding this SKU.' })
  sku?: string;

  @Field(() => String, { nullable: true, description: 'Only reservations holding stock in this warehouse (code).' })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only reservations holding stock in this warehouse (id).' })
  warehouseId?: string;

  @Field(() => Date, { nullable: true, description: 'Made at or after.' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Made at or before.' })
  to?: Date;
}

/** Whole kits a reservation holds in one warehouse, through the component lines that name the kit. */
@ObjectType({
  description:
    'A kit (bundle) as the customer ordered it: whole kits held in one warehouse; the lines with this kit hold its components.',
})
export class ReservationKit {
  kitId!: string;

  warehouseId!: string;

  @Field(() => DecimalScalar, { description: 'Whole kits held (and delivered, once fulfilled) in the warehouse.' })
  quantity!: string;
}
