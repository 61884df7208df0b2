import * as access from './access';
import * as accounting from './accounting';
import * as catalog from './catalog';
import * as company from './company';
import * as currency from './currency';
import * as inventory from './inventory';
import * as purchasing from './purchasing';
import * as reservations from './reservations';
import * as subscriptions from './subscriptions';
// Registers every module's per-request DataLoaders (ctx.loaders).
import './loaders';
import * as webhooks from './webhooks';

/** Every domain module; the ORM config and the schema read only this list. */
const modules = [
  company,
  currency,
  catalog,
  inventory,
  reservations,
  purchasing,
  access,
  accounting,
  subscriptions,
  webhooks,
];

export const entities = modules.flatMap((m) => [...m.entities]);
/**
 * Per Subscription field: what it hands out for one event of its stream, synchronously (schema.ts
 * installs these as the fields' resolvers; see stockSubscriptionEvents).
 */
export const subscriptionEventResolvers: Record<string, (root: never, args: never) => unknown> = {
  ...subscriptions.subscriptionEvents,
  ...purchasing.subscriptionEvents,
};
export const resolvers = modules.flatMap((m) => [...m.resolvers]) as unknown as [Function, ...Function[]];
