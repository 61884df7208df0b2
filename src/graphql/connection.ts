import { Cursor, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ArgsType, type ClassType, Field, ID, Int, ObjectType } from 'type-graphql';
import { isUuid } from './problems';

/** Largest page a list returns; asking for more is refused rather than silently truncated. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Relay pagination state of a connection.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow the last edge.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede the first edge.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`,
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return the items after this opaque cursor.' })
  after?: string;
}

/**
 * Paging of the lists that predate connections (supplierPrices, reorderRules): the same `first`
 * as connections, and `after` is the id of the last item of the previous page, since a plain
 * list carries no cursors.
 */
@ArgsType()
export class ListPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`,
  })
  first?: number;

  @Field(() => ID, {
    nullable: true,
    description: 'Return the items after this one: the id of the last item of the previous page.',
  })
  after?: string;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string): ClassType<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this edge.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records (Relay connection).` })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter, across all pages.' })
    totalCount!: number;
  }
  return Connection;
}

function isCursorOf(value: string, keys: number): boolean {
  try {
    const decoded = Cursor.decode(value);
    return Array.isArray(decoded) && decoded.length === keys && decoded.every((v) => v !== undefined);
  } catch {
    return false;
  }
}

function pageSize(first: number | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  }
  return first;
}

/** Keyset pagination (stable under inserts, unlike offsets) through MikroORM's cursor API. */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: ClassType<T>,
  where: FilterQuery<T>,
  orderBy: Record<string, 'asc' | 'desc'>,
  args: PageArgs,
): Promise<ConnectionShape<T>> {
  const first = pageSize(args.first);
  const order = { ...orderBy, id: 'asc' };
  if (args.after != null && !isCursorOf(args.after, Object.keys(order).length)) {
    throw new GraphQLError('after is not a cursor of this list', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  const cursor = await em.findByCursor(entity, where, {
    first,
    after: args.after ?? undefined,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MikroORM's OrderDefinition is keyed by entity paths
    orderBy: order as any,
  });
  const items = cursor.items as T[];
  return {
    edges: items.map((node) => ({ cursor: cursor.from(node as never), node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: cursor.totalCount ?? 0,
  };
}

/**
 * One page of a plain list, in `orderBy` order (then id): keyset pagination like `paginate`,
 * starting after the item whose id is `args.after`, which must be in the list.
 */
export async function listPage<T extends { id: string }>(
  em: EntityManager,
  entity: ClassType<T>,
  where: FilterQuery<T>,
  orderBy: Record<string, unknown>,
  args: ListPageArgs,
  populate: string[] = [],
): Promise<T[]> {
  const first = pageSize(args.first);
  const order = { ...orderBy, id: 'asc' };
  let after: string | undefined;
  if (args.after != null) {
    const item = isUuid(args.after)
      ? await em.findOne(entity, { $and: [where, { id: args.after }] } as FilterQuery<T>, {
          populate: populate as never,
        })
      : null;
    if (!item) {
      throw new GraphQLError(`after: ${args.after} is not an item of this list`, {
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
      });
    }
    after = Cursor.for(em.getMetadata().get(entity.name), item as never, order as never);
  }
  const cursor = await em.findByCursor(entity, where, {
    first,
    after,
    includeCount: false,
    populate: populate as never,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MikroORM's OrderDefinition is keyed by entity paths
    orderBy: order as any,
  });
  return cursor.items as T[];
}

/**
 * A query builder's SQL as the value of `$in` in a find filter: MikroORM sends it as a
 * sub-query (one round trip, no id list in Node), but its filter types only know arrays.
 */
export function asSubquery(query: unknown): string[] {
  return query as string[];
}
