import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Client, QueryResult } from 'pg';
import { isConnectionFailure } from './faults';

/**
 * A statement PostgreSQL prepares once per connection (SQL PREPARE) and then runs from its cached
 * plan. The storefront's statements are CTEs over inlined SQL functions: planning them cost more
 * than running them (about 0.7 ms each, measured with pg_stat_statements.track_planning).
 */
export interface PreparedStatement {
  /** Unique per statement text within the process (statements live as long as their connection). */
  name: string;
  /** The statement with $1, $2, ... parameters. */
  text: string;
}

interface PooledClient {
  acquireConnection(): Promise<Client>;
  releaseConnection(connection: Client): Promise<unknown>;
}

const preparedOn = new WeakMap<Client, Set<string>>();

/**
 * Runs `sql` on one connection (the em's transaction's, or one from the pool) after preparing
 * there the statements it EXECUTEs. `sql` takes no bind parameters and may hold several
 * statements: outside a transaction they run as one implicit transaction, in one round trip.
 * It bypasses knex's query builder, so knex's `query` event does not see it.
 */
export async function queryWithPrepared(
  em: EntityManager,
  statements: PreparedStatement[],
  sql: string,
): Promise<QueryResult[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const pool = knex.client as unknown as PooledClient;
  const connection = await pool.acquireConnection().catch(markNotSent);
  try {
    if (!usable(connection)) markNotSent(dispose(connection, new Error('Connection terminated: not queryable')));
    let prepared = preparedOn.get(connection);
    if (!prepared) preparedOn.set(connection, (prepared = new Set()));
    for (const statement of statements) {
      if (prepared.has(statement.name)) continue;
      // Its own round trip, once per connection: a PREPARE is not undone when a later statement fails.
      await connection.query(`prepare ${statement.name} as ${statement.text}`).catch(markNotSent);
      prepared.add(statement.name);
    }
    const results = (await connection.query(sql).catch((error: unknown) => {
      throw isConnectionFailure(error) ? dispose(connection, error) : error;
    })) as unknown as QueryResult | QueryResult[];
    return Array.isArray(results) ? results : [results];
  } finally {
    await pool.releaseConnection(connection);
  }
}

/**
 * pg's client knows at once that its socket failed (`_queryable`, `_ending`); knex learns it from
 * the client's 'end' event, a tick later, and may hand out a dead connection meanwhile. Sending a
 * group on one would fail it after the fact; it is refused before anything is sent instead.
 */
function usable(connection: Client): boolean {
  const state = connection as unknown as { _queryable?: boolean; _ending?: boolean; __knex__disposed?: unknown };
  return state._queryable !== false && !state._ending && !state.__knex__disposed;
}

/** Makes knex's pool drop the connection (its validation refuses disposed ones); returns the error. */
function dispose(connection: Client, error: unknown): unknown {
  (connection as unknown as { __knex__disposed?: unknown }).__knex__disposed ??= error;
  return error;
}

const notSent = new WeakSet<object>();

function markNotSent(error: unknown): never {
  if (typeof error === 'object' && error !== null) notSent.add(error);
  throw error;
}

/** The error came before queryWithPrepared sent its `sql` (no connection, or a PREPARE failed): none of it ran. */
export function sentNothing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notSent.has(error);
}

/** `execute name(arguments)`: the arguments are SQL literals (see sql.ts). */
export function executeSql(statement: PreparedStatement, args: string[]): string {
  return `execute ${statement.name}(${args.join(', ')})`;
}
