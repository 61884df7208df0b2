import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { enforcePermissions } from '../auth/enforce';
import { enforceFieldPermissions } from '../auth/field-permissions';
import { resolvers, subscriptionEventResolvers } from '../modules';
import { guardInputs } from './input-guard';
import { DateTimeScalar } from './scalars';

export async function buildStocklineSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Inputs are validated by runMutation so that violations come back as userErrors.
    validate: false,
    emitSchemaFile: false,
    // Subscriptions stream the stock_event outbox with their own `subscribe` (src/modules/subscriptions);
    // type-graphql still asks for a topic pub/sub, which nothing may use.
    pubSub: {
      publish: () => {
        throw new Error('topic pub/sub is not used: subscriptions read the stock_event outbox');
      },
      subscribe: () => {
        throw new Error('topic pub/sub is not used: subscriptions read the stock_event outbox');
      },
    },
  });
  // type-graphql leaves the root types undescribed; the contract documents everything.
  const query = schema.getQueryType();
  if (query) query.description = 'Reads: catalog, warehouses and stock of your company.';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Writes: each runs in one transaction and answers a payload with `userErrors`.';
  const subscription = schema.getSubscriptionType();
  if (subscription) {
    subscription.description =
      'Live stock over graphql-ws on /graphql: only committed changes, in commit order, resumable with afterSequence.';
  }
  // Each event of a subscription is resolved synchronously (type-graphql's resolvers with arguments
  // answer promises), so it can be executed and written from the fan-out (pubsub/shared-execution.ts).
  const subscriptionFields = subscription?.getFields() ?? {};
  for (const [name, resolve] of Object.entries(subscriptionEventResolvers)) {
    const field = subscriptionFields[name];
    if (!field) throw new Error(`subscriptionEventResolvers names ${name}, which is not a Subscription field`);
    field.resolve = (root, args) => resolve(root as never, args as never);
  }
  // Every root operation is checked against src/auth/permissions.ts before its resolver runs,
  // every other field of a type against the roles that may read it (field-permissions.ts),
  // then every field's arguments against the input rules of input-guard.ts.
  return enforcePermissions(enforceFieldPermissions(guardInputs(schema)));
}

/** The reviewed contract: sorted so that moving code around does not change the file. */
export function printStocklineSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
