import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
} from 'graphql';
import { type GuardedContext, rootOperations } from './enforce';
import { forbidden } from './errors';
import { rolesAllowed, type RootKind } from './permissions';
import { ALL_ROLES, type Role } from './roles';

/**
 * Fields that name a record and may be read by anyone who reaches it through an operation they
 * may run (a reservation line's warehouse code, a purchase order's supplier code, the receipts of
 * a supplier's own order); every other field of these types needs a role that may read the type.
 */
export const IDENTIFYING_FIELDS: Record<string, readonly string[]> = {
  Warehouse: ['id', 'code', 'name'],
  Partner: ['id', 'code', 'name'],
  Transfer: ['id', 'name', 'type', 'state'],
  Location: ['id', 'name', 'fullName'],
  // The caller's own company (viewer.company): every caller reads it; only companyUpdate, which
  // also hands it out, is restricted, and enforce.ts checks that at the root.
  Company: ['id', 'code', 'name', 'currency', 'timeZone', 'createdAt', 'updatedAt'],
};

/** The type a root field hands out: its own, a connection's node, or the records of a mutation payload. */
function typesHandedOut(field: GraphQLField<unknown, unknown>): GraphQLNamedType[] {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return [];
  const fields = type.getFields();
  if (fields.edges) {
    const node = getNamedType(fields.edges.type);
    return isObjectType(node) ? [getNamedType(node.getFields().node.type)] : [];
  }
  if (fields.userErrors) return Object.values(fields).map((f) => getNamedType(f.type));
  return [type];
}

/**
 * Who may read each object type, derived from the permission table: the roles of the root
 * operations that hand it out (a query returning it or a connection of it, a mutation payload
 * carrying it, a subscription streaming it). Warehouse is handed out by `warehouses` and
 * `warehouse`, so only staff read its fields, whatever the path (`reservation.lines.warehouse`,
 * `purchaseOrder.warehouse`). Types no root operation hands out (an address, an order line) are
 * parts of their parent and readable with it.
 */
export function typeReaders(schema: GraphQLSchema): Map<string, Set<Role>> {
  const readers = new Map<string, Set<Role>>();
  const roots: Record<RootKind, ReturnType<GraphQLSchema['getQueryType']>> = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  };
  for (const { kind, field } of rootOperations(schema)) {
    const definition = roots[kind]!.getFields()[field];
    for (const type of typesHandedOut(definition)) {
      if (!isObjectType(type) || type.name === 'UserError') continue;
      const set = readers.get(type.name) ?? new Set<Role>();
      for (const role of rolesAllowed(kind, field) ?? []) set.add(role);
      readers.set(type.name, set);
    }
  }
  return readers;
}

/** Whether roles may read a field of a type on any path (root operations are checked by enforce.ts). */
export function mayReadField(
  readers: Map<string, Set<Role>>,
  type: string,
  field: string,
  roles: readonly Role[],
): boolean {
  const allowed = readers.get(type);
  if (!allowed || IDENTIFYING_FIELDS[type]?.includes(field)) return true;
  return roles.some((role) => allowed.has(role));
}

/**
 * Wraps the fields of every type some role may not read, so that no nested path reads more than
 * the root operations allow. Types every role reads are left alone (no cost on hot paths).
 */
export function enforceFieldPermissions(schema: GraphQLSchema): GraphQLSchema {
  const readers = typeReaders(schema);
  for (const [name, allowed] of readers) {
    if (ALL_ROLES.every((role) => allowed.has(role))) continue;
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (IDENTIFYING_FIELDS[name]?.includes(field.name)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: GuardedContext, info) => {
        if (!mayReadField(readers, name, field.name, ctx.auth.roles)) {
          throw forbidden(`Your roles (${ctx.auth.roles.join(', ') || 'none'}) may not read ${name}.${field.name}`);
        }
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
