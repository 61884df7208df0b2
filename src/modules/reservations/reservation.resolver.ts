import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { DecimalScalar } from '../../graphql/scalars';
import { ProductCategory } from '../catalog/product-category.entity';
import { Product } from '../catalog/product.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { availability, availableToPromise, MAX_AVAILABILITY_SKUS, promiseDate } from './availability.service';
import { ChannelBuffer } from './channel-buffer.entity';
import { removeChannelBuffer, setChannelBuffer } from './channel-buffer.service';
import { Channel, ChannelWarehouse } from './channel.entity';
import { createChannel, listChannels, updateChannel } from './channel.service';
import { listReservations } from './reservation-list.service';
import { ReservationState } from './reservation.enums';
import { Reservation, ReservationLine } from './reservation.entity';
import {
  ChannelBufferRemoveInput,
  ChannelBufferSetInput,
  ChannelCreateInput,
  ChannelUpdateInput,
  ReservationCreateInput,
  ReservationExtendInput,
  ReservationFulfilInput,
  ReservationReleaseInput,
} from './reservation.inputs';
import { createReservation, createReservationAtOnce } from './reservation-create.service';
import {
  extendReservation,
  findReservation,
  fulfilReservation,
  isExpired,
  releaseReservation,
} from './reservation.service';
import {
  AtpBucket,
  ChannelBufferRemovePayload,
  ChannelBufferSetPayload,
  ChannelCreatePayload,
  ChannelUpdatePayload,
  PromiseDate,
  ReservationConnection,
  ReservationCreatePayload,
  ReservationExtendPayload,
  ReservationFilterInput,
  ReservationFulfilPayload,
  ReservationKit,
  ReservationReleasePayload,
  SkuAvailability,
} from './reservation.types';
import { decToString } from '../../db/decimal';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { withAvailabilityId } from './availability-ids';

@Resolver(() => Reservation)
export class ReservationResolver {
  @Query(() => [SkuAvailability], {
    description: `Sellable quantity per SKU, per warehouse and in total (at most ${MAX_AVAILABILITY_SKUS} SKUs), for a channel.`,
  })
  availability(
    @Arg('skus', () => [String], { description: 'SKUs to look up.' }) skus: string[],
    @Arg('channel', () => String, { nullable: true, description: 'Channel code: its warehouses and buffer apply.' })
    channel: string | undefined,
    @Arg('warehouseCodes', () => [String], { nullable: true, description: 'Only these warehouses.' })
    warehouseCodes: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return availability(ctx, skus, channel, warehouseCodes)
      .then((entries) => entries.map((entry) => withAvailabilityId(entry, channel, warehouseCodes)))
      .catch(rethrowAsGraphQL);
  }

  @Query(() => [AtpBucket], {
    description: 'Time-phased available to promise of a SKU in a warehouse, one bucket per day.',
  })
  availableToPromise(
    @Arg('sku', { description: 'Product SKU.' }) sku: string,
    @Arg('warehouseCode', { description: 'Warehouse code.' }) warehouseCode: string,
    @Arg('horizonDays', () => Int, { description: 'Days ahead (0 to 366).' }) horizonDays: number,
    @Ctx() ctx: Context,
    @Arg('channel', () => String, {
      nullable: true,
      description:
        "Channel code: keeps the product's buffer on it back (the warehouse must be one of the channel's; a kit's components each keep theirs).",
    })
    channel?: string | null,
  ) {
    return availableToPromise(ctx, sku, warehouseCode, horizonDays, channel).catch(rethrowAsGraphQL);
  }

  @Query(() => PromiseDate, {
    nullable: true,
    description: 'Earliest date the channel can promise a quantity; null when nothing scheduled covers it.',
  })
  promiseDate(
    @Arg('sku', { description: 'Product SKU.' }) sku: string,
    @Arg('quantity', () => DecimalScalar, { description: 'Quantity wanted.' }) quantity: string,
    @Arg('channel', { description: 'Channel code.' }) channel: string,
    @Ctx() ctx: Context,
  ) {
    return promiseDate(ctx, sku, quantity, channel).catch(rethrowAsGraphQL);
  }

  @Query(() => ReservationConnection, {
    description: 'Reservations, newest first, paginated: e.g. the active ones of a channel, or those holding a SKU.',
  })
  reservations(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ReservationFilterInput, { nullable: true, description: 'Narrow the list.' })
    filter: ReservationFilterInput | undefined,
    @Ctx() ctx: Context,
  ) {
    return listReservations(ctx, filter, page);
  }

  @Query(() => Reservation, {
    nullable: true,
    description: 'One reservation by id; a STOREFRONT or PARTNER caller reaches only its own (others read null).',
  })
  reservation(@Arg('id', () => ID, { description: 'Reservation id.' }) id: string, @Ctx() ctx: Context) {
    return findReservation(ctx, id);
  }

  @FieldResolver(() => ReservationState, { description: 'The state as of now: ACTIVE past its expiry reads EXPIRED.' })
  effectiveState(@Root() reservation: Reservation) {
    return isExpired(reservation) ? ReservationState.EXPIRED : reservation.state;
  }

  @FieldResolver(() => [ReservationLine], { description: 'What is held where.' })
  lines(@Root() reservation: Reservation, @Ctx() ctx: Context) {
    return ctx.loaders.reservationLinesByReservationId.load(reservation.id);
  }

  @FieldResolver(() => [ReservationKit], {
    description: 'The kits it holds, per warehouse (their component lines are in `lines`); empty without kits.',
  })
  async kits(@Root() reservation: Reservation, @Ctx() ctx: Context) {
    return kitsOf(await ctx.loaders.reservationLinesByReservationId.load(reservation.id));
  }

  @FieldResolver(() => Channel, { nullable: true, description: 'The channel it was made for.' })
  channel(@Root() reservation: Reservation, @Ctx() ctx: Context) {
    return reservation.channel ? ctx.loaders.channelById.load(reservation.channel.id) : null;
  }

  @Mutation(() => ReservationCreatePayload, {
    description: 'Hold stock for an order or a cart; never more than is available.',
  })
  reservationCreate(
    @Arg('input', () => ReservationCreateInput, { description: 'See ReservationCreateInput.' })
    input: ReservationCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(
      ctx,
      { input },
      (tx) => createReservation(tx, input),
      { operation: 'reservationCreate', idempotencyKey: input.idempotencyKey, result: { reservation: Reservation } },
      (sc, audit) => createReservationAtOnce(sc, input, audit),
    );
  }

  @Mutation(() => ReservationReleasePayload, { description: 'Give the held stock back.' })
  reservationRelease(
    @Arg('input', () => ReservationReleaseInput, { description: 'See ReservationReleaseInput.' })
    input: ReservationReleaseInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({
      reservation: await releaseReservation(tx, input.reservationId),
    }));
  }

  @Mutation(() => ReservationExtendPayload, { description: 'Move the expiry of an active reservation.' })
  reservationExtend(
    @Arg('input', () => ReservationExtendInput, { description: 'See ReservationExtendInput.' })
    input: ReservationExtendInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ reservation: await extendReservation(tx, input) }));
  }

  @Mutation(() => ReservationFulfilPayload, {
    description: 'Deliver reserved stock: consumes exactly what the reservation holds.',
  })
  reservationFulfil(
    @Arg('input', () => ReservationFulfilInput, { description: 'See ReservationFulfilInput.' })
    input: ReservationFulfilInput,
    @Ctx() ctx: Context,
  ) {
    const payload = runMutation<ReservationFulfilPayload>(ctx, { input }, (tx) => fulfilReservation(tx, input), {
      operation: 'reservationFulfil',
      idempotencyKey: input.idempotencyKey,
      result: { reservation: Reservation },
    });
    // A refused (or replayed) fulfilment made no delivery in this request.
    return payload.then((p) => ({ ...p, deliveries: p.deliveries ?? [] }));
  }
}

@Resolver(() => ReservationLine)
export class ReservationLineResolver {
  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: ReservationLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse holding it.' })
  warehouse(@Root() line: ReservationLine, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(line.warehouse.id);
  }

  @FieldResolver(() => Product, {
    nullable: true,
    description: 'The kit this component line holds stock for; null when the product was reserved on its own.',
  })
  kit(@Root() line: ReservationLine, @Ctx() ctx: Context) {
    return line.kit ? ctx.loaders.productById.load(line.kit.id) : null;
  }
}

@Resolver(() => ReservationKit)
export class ReservationKitResolver {
  @FieldResolver(() => Product, { description: 'The kit product.' })
  kit(@Root() kit: ReservationKit, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(kit.kitId);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse its components are held in.' })
  warehouse(@Root() kit: ReservationKit, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(kit.warehouseId);
  }
}

/** The kits of a reservation's lines: per kit and warehouse, the whole kits its component lines hold (all agree). */
function kitsOf(lines: ReservationLine[]): ReservationKit[] {
  const kits = new Map<string, ReservationKit>();
  for (const line of lines) {
    if (!line.kit || line.kitQuantity == null) continue;
    const key = `${line.kit.id}|${line.warehouse.id}`;
    if (!kits.has(key)) {
      kits.set(
        key,
        Object.assign(new ReservationKit(), {
          kitId: line.kit.id,
          warehouseId: line.warehouse.id,
          quantity: decToString(line.kitQuantity),
        }),
      );
    }
  }
  return [...kits.values()];
}

@Resolver(() => Channel)
export class ChannelResolver {
  @Query(() => [Channel], { description: 'Sales channels of your company.' })
  channels(@Ctx() ctx: Context) {
    return listChannels(ctx);
  }

  @FieldResolver(() => [ChannelWarehouse], { description: 'Warehouses it sells from, in priority order.' })
  warehouses(@Root() channel: Channel, @Ctx() ctx: Context) {
    return ctx.loaders.channelWarehousesByChannelId.load(channel.id);
  }

  @FieldResolver(() => [ChannelBuffer], {
    description:
      'Its buffers per product or category, in place of the flat `buffer` (most specific wins: product, then category, then parent categories, then `buffer`).',
  })
  buffers(@Root() channel: Channel, @Ctx() ctx: Context) {
    return ctx.loaders.channelBuffersByChannelId.load(channel.id);
  }

  @Mutation(() => ChannelCreatePayload, { description: 'Create a sales channel with its warehouse priorities.' })
  channelCreate(
    @Arg('input', () => ChannelCreateInput, { description: 'See ChannelCreateInput.' }) input: ChannelCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ channel: await createChannel(tx, input) }));
  }

  @Mutation(() => ChannelUpdatePayload, {
    description: 'Rename a sales channel, change its buffer, or replace its warehouses and their priorities.',
  })
  channelUpdate(
    @Arg('input', () => ChannelUpdateInput, { description: 'See ChannelUpdateInput.' }) input: ChannelUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ channel: await updateChannel(tx, input) }));
  }

  @Mutation(() => ChannelBufferSetPayload, {
    description:
      'Set the buffer a channel keeps back for one product, or for the products of a category and its subcategories, in place of its flat buffer.',
  })
  channelBufferSet(
    @Arg('input', () => ChannelBufferSetInput, { description: 'See ChannelBufferSetInput.' })
    input: ChannelBufferSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ channelBuffer: await setChannelBuffer(tx, input) }));
  }

  @Mutation(() => ChannelBufferRemovePayload, {
    description: "Remove a channel's buffer for a product or category: the next more general one applies again.",
  })
  channelBufferRemove(
    @Arg('input', () => ChannelBufferRemoveInput, { description: 'See ChannelBufferRemoveInput.' })
    input: ChannelBufferRemoveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ channel: await removeChannelBuffer(tx, input) }));
  }
}

@Resolver(() => ChannelBuffer)
export class ChannelBufferResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product it applies to (null for a category).' })
  product(@Root() buffer: ChannelBuffer, @Ctx() ctx: Context) {
    return buffer.product ? ctx.loaders.productById.load(buffer.product.id) : null;
  }

  @FieldResolver(() => ProductCategory, {
    nullable: true,
    description: 'The category it applies to, with its subcategories (null for a product).',
  })
  category(@Root() buffer: ChannelBuffer, @Ctx() ctx: Context) {
    return buffer.category ? ctx.loaders.productCategoryById.load(buffer.category.id) : null;
  }
}

@Resolver(() => ChannelWarehouse)
export class ChannelWarehouseResolver {
  @FieldResolver(() => Warehouse, { description: 'The warehouse.' })
  warehouse(@Root() cw: ChannelWarehouse, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(cw.warehouse.id);
  }
}
