import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs one statement with real bind parameters (`?` placeholders; arrays travel as one
 * PostgreSQL array) on the request's connection, inside its transaction when there is one.
 * Unlike `em.execute`, which inlines values into the SQL text, PostgreSQL can keep the plan
 * shape, and no value is ever formatted into SQL.
 */
export async function queryRows<T>(em: EntityManager, sql: string, params: readonly Knex.RawBinding[] = []): Promise<T[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const result = (await knex.raw(sql, params)) as { rows: T[] };
  return result.rows;
}
