import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import type { Context } from '../../graphql/context';
import { withAvailabilityId } from '../reservations/availability-ids';
import { ownReservationEvents } from './own-reservations';
import { SkuAvailability } from '../reservations/reservation.types';
import {
  availabilityChanged,
  reservationChanged,
  type StockLevelChangedArgs,
  stockLevelChanged,
  stockMoved,
} from './subscription.service';
import {
  ReservationEvent,
  ReservationSubscriptionFilter,
  StockLevelEvent,
  StockMoveEvent,
  StockMoveSubscriptionFilter,
} from './subscription.types';

type Data<A> = { args: A; context: Context };

/** The event a subscription stream yielded; absent when a subscription document was sent over HTTP. */
function delivered<T>(event: T | undefined): T {
  if (event === undefined) {
    throw new GraphQLError('Subscriptions run over graphql-ws (WebSocket) on /graphql, not over HTTP', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return event;
}
/**
 * What each field hands out for one event of its stream, synchronously: schema.ts installs these
 * as the fields' `resolve`. type-graphql's own resolver for a method with `@Arg` parameters awaits
 * their validation (its validateArg is an async function, even with `validate: false`), which
 * made every event's execution a promise: no event could then be written straight from the
 * fan-out (src/pubsub/shared-execution.ts). The arguments only filter, and were checked when the
 * subscription started; the class's methods below declare them and do the same.
 */
export const stockSubscriptionEvents = {
  stockLevelChanged: (event: StockLevelEvent | undefined) => delivered(event),
  availabilityChanged: (entry: SkuAvailability | undefined, args: { channel?: string | null }) =>
    withAvailabilityId(delivered(entry), args.channel),
  stockMoved: (event: StockMoveEvent | undefined) => delivered(event),
  reservationChanged: (event: ReservationEvent | undefined) => delivered(event),
};

const AFTER_SEQUENCE =
  'Resume: first every stored matching event with a greater sequence (kept at least 24 hours), then live ones, without gaps or duplicates. Give the last sequence you received; one older than the stored events is refused with RESUME_POINT_EXPIRED.';

/**
 * Live stock over graphql-ws (docs/internal-frontends.md: Subscriptions). Each field streams rows of the stock_event
 * outbox through this instance's hub (src/pubsub); the permission guard wraps `subscribe`.
 */
@Resolver()
export class StockSubscriptionResolver {
  @Subscription(() => StockLevelEvent, {
    description:
      'One event per product x warehouse whose figures a commit changed (moves, reservations, purchase lines, safety stock), with the figures as of that commit. Filters: SKUs or product ids, and warehouse codes or a channel (its warehouses); none means every pair of your company.',
    subscribe: ({ args, context }: Data<StockLevelChangedArgs>) => stockLevelChanged(context, args),
  })
  stockLevelChanged(
    @Root() event: StockLevelEvent,
    @Arg('skus', () => [String], { nullable: true, description: 'Only these SKUs.' }) _skus?: string[],
    @Arg('productIds', () => [ID], { nullable: true, description: 'Only these products.' }) _productIds?: string[],
    @Arg('warehouseCodes', () => [String], { nullable: true, description: 'Only these warehouses.' })
    _warehouseCodes?: string[],
    @Arg('channel', () => String, { nullable: true, description: "Only this channel's warehouses." })
    _channel?: string,
    @Arg('afterSequence', () => GraphQLSafeInt, { nullable: true, description: AFTER_SEQUENCE })
    _afterSequence?: number,
  ): StockLevelEvent {
    return stockSubscriptionEvents.stockLevelChanged(event);
  }

  @Subscription(() => SkuAvailability, {
    description:
      'The storefront form: the availability query entry of a SKU, pushed when its sellable quantity on the channel (its warehouses, less its buffer) changes.',
    subscribe: ({ args, context }: Data<{ skus: string[]; channel?: string | null }>) =>
      availabilityChanged(context, args.skus, args.channel),
  })
  availabilityChanged(
    @Root() entry: SkuAvailability,
    @Arg('skus', () => [String], { description: 'SKUs to watch (at most 250).' }) _skus: string[],
    @Arg('channel', () => String, {
      nullable: true,
      description: 'Channel code: its warehouses and buffer apply; without it, every warehouse and no buffer.',
    })
    channel?: string,
  ): SkuAvailability {
    return stockSubscriptionEvents.availabilityChanged(entry, { channel });
  }

  @Subscription(() => StockMoveEvent, {
    description:
      'Stock moves of your company as commits create or change them (state, quantity, dates), for operational screens.',
    subscribe: ({
      args,
      context,
    }: Data<{ filter?: StockMoveSubscriptionFilter | null; afterSequence?: number | null }>) =>
      stockMoved(context, args.filter, args.afterSequence),
  })
  stockMoved(
    @Root() event: StockMoveEvent,
    @Arg('filter', () => StockMoveSubscriptionFilter, { nullable: true, description: 'Which moves; none: all.' })
    _filter?: StockMoveSubscriptionFilter,
    @Arg('afterSequence', () => GraphQLSafeInt, { nullable: true, description: AFTER_SEQUENCE })
    _afterSequence?: number,
  ): StockMoveEvent {
    return stockSubscriptionEvents.stockMoved(event);
  }

  @Subscription(() => ReservationEvent, {
    description:
      'Reservations of your company as commits make, extend, release, fulfil or expire them; a STOREFRONT or PARTNER caller sees only its own.',
    subscribe: ({
      args,
      context,
    }: Data<{ filter?: ReservationSubscriptionFilter | null; afterSequence?: number | null }>) =>
      reservationChanged(context, args.filter, args.afterSequence).then((stream) =>
        ownReservationEvents(context, stream),
      ),
  })
  reservationChanged(
    @Root() event: ReservationEvent,
    @Arg('filter', () => ReservationSubscriptionFilter, {
      nullable: true,
      description: 'Which reservations; none: all.',
    })
    _filter?: ReservationSubscriptionFilter,
    @Arg('afterSequence', () => GraphQLSafeInt, { nullable: true, description: AFTER_SEQUENCE })
    _afterSequence?: number,
  ): ReservationEvent {
    return stockSubscriptionEvents.reservationChanged(event);
  }
}
