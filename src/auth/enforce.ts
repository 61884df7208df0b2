import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { forbidden } from './errors';
import { isAllowed, type RootKind } from './permissions';
import type { Principal } from './principal';

/** What the guards read of a request's context (src/graphql/context.ts), named here so auth does not import graphql. */
export interface GuardedContext {
  auth: Principal;
  /** The root mutation running, for the audit log. */
  operation?: string;
}

/** The root operations of a schema, per kind: what the permission table must cover. */
export function rootOperations(schema: GraphQLSchema): { kind: RootKind; field: string }[] {
  const roots: [RootKind, GraphQLObjectType | null | undefined][] = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => Object.keys(type?.getFields() ?? {}).map((field) => ({ kind, field })));
}

function guard(kind: RootKind, field: string, inner: GraphQLFieldResolver<unknown, GuardedContext>) {
  return (source: unknown, args: Record<string, unknown>, ctx: GuardedContext, info: Parameters<typeof inner>[3]) => {
    if (!isAllowed(kind, field, ctx.auth.roles)) {
      throw forbidden(`Your roles (${ctx.auth.roles.join(', ') || 'none'}) may not run ${field}`);
    }
    // Mutations run one after another, so the context can name the one running, for the audit log.
    if (kind === 'Mutation') ctx.operation = field;
    return inner(source, args, ctx, info);
  };
}

/**
 * Wraps every root resolver (and subscription source) with the permission check of
 * permissions.ts, so no resolver can forget it; a field missing from the table is denied to all.
 */
export function enforcePermissions(schema: GraphQLSchema): GraphQLSchema {
  for (const { kind, field } of rootOperations(schema)) {
    const type = {
      Query: schema.getQueryType(),
      Mutation: schema.getMutationType(),
      Subscription: schema.getSubscriptionType(),
    }[kind]!;
    const definition = type.getFields()[field];
    if (kind === 'Subscription' && definition.subscribe) {
      definition.subscribe = guard(kind, field, definition.subscribe as never);
    } else {
      definition.resolve = guard(kind, field, (definition.resolve ?? defaultFieldResolver) as never);
    }
  }
  return schema;
}
