import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { ProductRefInput } from '../inventory/inventory.inputs';
import { ReservationPolicy } from './reservation.enums';

@InputType({ description: 'A quantity of one product to hold.' })
export class ReservationLineInput extends ProductRefInput {
  @Field(() => String, {
    nullable: true,
    description: 'Reserve in this warehouse only (code); default: the channel priority list.',
  })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => ID, { nullable: true, description: 'Reserve in this warehouse only (id).' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @Field(() => DecimalScalar, { description: 'Quantity, > 0, in the product unit.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Compare-and-set guard: the available quantity you saw. When it differs now, the line fails with STALE and nothing is reserved.',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  expectedAvailable?: string;
}

@InputType({ description: 'Hold stock for an order or a cart.' })
export class ReservationCreateInput {
  @Field({ description: 'Your reference: order or cart id (1-200 characters).' })
  @Length(1, 200)
  reference!: string;

  @Field(() => String, { nullable: true, description: 'Channel code; its warehouse priority list and buffer apply.' })
  @IsOptional()
  @Length(1, 32)
  channel?: string;

  @Field(() => [ReservationLineInput], { description: 'What to hold (1 to 250 lines).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  lines!: ReservationLineInput[];

  @Field(() => Date, {
    nullable: true,
    description: 'Expiry instant (or give ttlSeconds); none: until released or fulfilled.',
  })
  expiresAt?: Date;

  @Field(() => Int, { nullable: true, description: 'Expiry in seconds from now (1 to 30 days).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  ttlSeconds?: number;

  @Field(() => ReservationPolicy, { nullable: true, description: 'Default ALL_OR_NOTHING.' })
  policy?: ReservationPolicy;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Extend the expiry of an active reservation.' })
export class ReservationExtendInput {
  @Field(() => ID, { description: 'The reservation.' })
  @IsUUID()
  reservationId!: string;

  @Field(() => Date, { nullable: true, description: 'New expiry instant (or ttlSeconds).' })
  expiresAt?: Date;

  @Field(() => Int, { nullable: true, description: 'New expiry in seconds from now.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  ttlSeconds?: number;
}

@InputType({ description: 'Deliver reserved stock: consumes exactly what the reservation holds.' })
export class ReservationFulfilInput {
  @Field(() => ID, { description: 'The reservation.' })
  @IsUUID()
  reservationId!: string;

  @Field(() => [ReservationFulfilLineInput], {
    nullable: true,
    description: 'Quantities to deliver per line; omitted: everything still held.',
  })
  @IsOptional()
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  lines?: ReservationFulfilLineInput[];

  @Field(() => String, { nullable: true, description: 'Free reference to the order behind the delivery.' })
  @IsOptional()
  @Length(1, 500)
  referenceDocumentUri?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Validate the deliveries at once (default true). false leaves them confirmed, for the warehouse to pick and validate: the hold moves from the reservation to the delivery (reserved down, committed up), never counted twice.',
  })
  validate?: boolean;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'A part of a reservation line to deliver.' })
export class ReservationFulfilLineInput {
  @Field(() => ID, { description: 'The reservation line.' })
  @IsUUID()
  lineId!: string;

  @Field(() => DecimalScalar, { description: 'Quantity to deliver, > 0, at most what the line still holds.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => String, { nullable: true, description: 'Lot, for lot-tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => [String], { nullable: true, description: 'Serial numbers, for serial-tracked products.' })
  @IsOptional()
  @ArrayMaxSize(1000)
  serials?: string[];
}

@InputType({ description: 'A new sales channel.' })
export class ChannelCreateInput {
  @Field({ description: 'Code, unique within the company (1-32 characters).' })
  @Length(1, 32)
  code!: string;

  @Field({ description: 'Display name.' })
  @Length(1, 200)
  name!: string;

  @Field(() => [String], { description: 'Warehouse codes in priority order (first = first choice).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  warehouseCodes!: string[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Quantity per product and warehouse kept back (default 0), unless a buffer of the product or its category applies (channelBufferSet).',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  buffer?: string;
}

@InputType({ description: 'Changes to a sales channel; fields left out keep their value.' })
export class ChannelUpdateInput {
  @Field({ description: 'Code of the channel to change.' })
  @Length(1, 32)
  code!: string;

  @Field({ nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'The warehouses it sells from, in priority order (first = first choice): replaces the list.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  warehouseCodes?: string[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Quantity per product and warehouse kept back from this channel, unless a buffer of the product or its category applies (channelBufferSet).',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  buffer?: string;
}

@InputType({ description: 'Give the stock a reservation holds back.' })
export class ReservationReleaseInput {
  @Field(() => ID, { description: 'The reservation.' })
  @IsUUID()
  reservationId!: string;
}

@InputType({
  description: 'Which buffer of a channel: the one of a product (sku) or of a category (categoryId), exactly one.',
})
export class ChannelBufferRemoveInput {
  @Field({ description: 'Code of the channel.' })
  @Length(1, 32)
  channel!: string;

  @Field({ nullable: true, description: 'SKU of the product (not a kit: a kit keeps nothing back of its own).' })
  @IsOptional()
  @Length(1, 100)
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'The product category (its subcategories follow it).' })
  @IsOptional()
  categoryId?: string;
}

@InputType({
  description:
    'A buffer a channel keeps back for one product, or for the products of a category and its subcategories, in place of its flat buffer.',
})
export class ChannelBufferSetInput extends ChannelBufferRemoveInput {
  @Field(() => DecimalScalar, { description: 'Quantity per warehouse kept back (0 or more; 0 keeps nothing back).' })
  @IsDecimalValue({ min: '0' })
  quantity!: string;
}
