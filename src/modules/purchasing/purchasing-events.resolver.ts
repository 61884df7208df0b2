import { GraphQLError } from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { LiveStream } from '../../pubsub/live-stream';
import type { StoredEvent } from '../../pubsub/stock-event-hub';
import type { PurchasingEventData } from './purchasing-events';
import { PurchasingEvent, PurchasingSubscriptionFilter } from './purchasing-event.types';

type Data<A> = { args: A; context: Context };
type Args = { filter?: PurchasingSubscriptionFilter | null; afterSequence?: number | null };

function subscriptionError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** What the field hands out per event, synchronously (see stockSubscriptionEvents in subscription.resolver.ts). */
export const purchasingSubscriptionEvents = {
  purchasingChanged(event: PurchasingEvent | undefined): PurchasingEvent {
    if (event === undefined) {
      throw subscriptionError(
        'Subscriptions run over graphql-ws (WebSocket) on /graphql, not over HTTP',
        'BAD_REQUEST',
      );
    }
    return event;
  },
};

/** The event as the client gets it (stored dates are ISO strings). */
export function toPurchasingEvent(event: StoredEvent): PurchasingEvent {
  const p = event.payload as unknown as PurchasingEventData;
  return {
    sequence: event.sequence,
    committedAt: event.committedAt,
    ...(p as unknown as Omit<PurchasingEvent, 'sequence' | 'committedAt'>),
    vendorBill: p.vendorBill
      ? {
          ...(p.vendorBill as unknown as PurchasingEvent['vendorBill'] & object),
          billDate: new Date(p.vendorBill.billDate),
        }
      : null,
    lines: p.lines.map((l) => ({ ...l, expectedDate: l.expectedDate ? new Date(l.expectedDate) : null })),
  };
}

/**
 * purchasingChanged: the PURCHASING rows of the stock event stream (purchasing-events.ts) through
 * this instance's hub, replayed after `afterSequence` first, as the stock subscriptions do.
 */
export async function purchasingChanged(ctx: Context, args: Args): Promise<LiveStream<PurchasingEvent>> {
  const live = ctx.live;
  if (!live) throw subscriptionError('Subscriptions run over graphql-ws (WebSocket) on /graphql', 'BAD_REQUEST');
  const after = args.afterSequence;
  if (after != null) {
    if (!Number.isSafeInteger(after) || after < 0) {
      throw subscriptionError('afterSequence must be a whole number, 0 or more', 'BAD_USER_INPUT', {
        field: ['afterSequence'],
      });
    }
    const resumable = await live.hub.resumableFrom(ctx.companyId);
    if (after < resumable) {
      throw subscriptionError(
        `afterSequence ${after} is older than the stored events (kept from ${resumable + 1}): ` +
          're-read the orders with a query, then subscribe without afterSequence',
        'RESUME_POINT_EXPIRED',
        { field: ['afterSequence'], resumableFrom: resumable },
      );
    }
  }
  const set = (values: readonly string[] | null | undefined, normalize = (v: string) => v) =>
    values ? new Set(values.map(normalize)) : null;
  const { filter } = args;
  const events = set(filter?.events);
  const suppliers = set(filter?.supplierCodes, (c) => c.toUpperCase());
  const orderIds = set(filter?.purchaseOrderIds);
  const skus = set(filter?.skus);
  const codes = set(filter?.warehouseCodes, (c) => c.toUpperCase());
  return new LiveStream<PurchasingEvent>(live, {
    companyId: ctx.companyId,
    kinds: ['PURCHASING'],
    afterSequence: after,
    accept: (event) => {
      const p = event.payload as unknown as PurchasingEventData;
      if (events && !events.has(p.event)) return false;
      if (suppliers && !suppliers.has(p.supplierCode.toUpperCase())) return false;
      if (orderIds && !p.purchaseOrders.some((o) => orderIds.has(o.id))) return false;
      if (skus && !p.lines.some((l) => skus.has(l.sku))) return false;
      return !codes || p.purchaseOrders.some((o) => codes.has(o.warehouseCode));
    },
    map: toPurchasingEvent,
  });
}

@Resolver()
export class PurchasingEventResolver {
  @Subscription(() => PurchasingEvent, {
    description:
      "Purchasing events of your company as commits make them: orders confirmed, goods received, bills held, in the company's event stream (the sequence of the stock subscriptions, so a screen following both sees them in commit order).",
    subscribe: ({ args, context }: Data<Args>) => purchasingChanged(context, args),
  })
  purchasingChanged(
    @Root() event: PurchasingEvent | undefined,
    @Arg('filter', () => PurchasingSubscriptionFilter, { nullable: true, description: 'Which events; none: all.' })
    _filter?: PurchasingSubscriptionFilter,
    @Arg('afterSequence', () => GraphQLSafeInt, {
      nullable: true,
      description:
        'Resume: first every stored matching event with a greater sequence (kept at least 24 hours), then live ones, without gaps or duplicates. One older than the stored events is refused with RESUME_POINT_EXPIRED.',
    })
    _afterSequence?: number,
  ): PurchasingEvent {
    return purchasingSubscriptionEvents.purchasingChanged(event);
  }
}
