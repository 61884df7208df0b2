import { DeadlockException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { isUuid } from '../domain/ids';

/**
 * Runs one statement with real bind parameters (`?` placeholders; arrays travel as one
 * PostgreSQL array) on the request's connection, inside its transaction when there is one.
 * Unlike `em.execute`, which inlines values into the SQL text, PostgreSQL can keep the plan
 * shape, and no value is ever formatted into SQL.
 */
export async function queryRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly Knex.RawBinding[] = [],
): Promise<T[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const result = (await knex.raw(sql, params)) as { rows: T[] };
  return result.rows;
}

/**
 * `queryRows` as a named prepared statement: PostgreSQL parses and plans it once per connection,
 * then reuses the plan. For a hot read whose planning costs more than running it (a few CTEs
 * and an inlined function take ~2 ms to plan, ~1 ms to run). The text behind one name must never
 * vary (only its bind parameters may); needs a session per client, so no pooler in transaction mode.
 */
export async function queryPrepared<T>(
  em: EntityManager,
  name: string,
  sql: string,
  params: readonly Knex.RawBinding[] = [],
): Promise<T[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const result = (await knex.raw(sql, params).options({ name })) as { rows: T[] };
  return result.rows;
}

/** A lock wait that hit lock_timeout (55P03) or a deadlock victim (40P01): safe to retry, nothing was written. */
export function isLockContention(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return error instanceof DeadlockException || code === '55P03' || code === '40P01';
}

/**
 * PostgreSQL refused a value itself (SQLSTATE class 22, data exception): a number out of its
 * column's range, a text longer than its column, a malformed literal. Inputs are checked before
 * (src/graphql/input-guard.ts, the inputs' validation); this is the net for derived values such
 * as a quantity converted into a larger unit. The answer names what was wrong, never the SQL.
 */
export function dataExceptionMessage(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return null;
  if (code === '22003') return 'a number is larger than its field can store (numeric overflow); nothing was changed';
  if (code === '22001') return 'a text is longer than its field can store; nothing was changed';
  return 'a value is not valid for its field; nothing was changed';
}

// Literals for the simple query protocol (arguments of EXECUTE, see prepared.ts), where no bind parameter exists.

/** A uuid literal; refuses anything that is not a uuid, so nothing can end the literal. */
export function uuidLiteral(value: string): string {
  if (!isUuid(value)) throw new Error(`not a uuid: ${value}`);
  return `'${value}'::uuid`;
}

/** A numeric literal from a decimal (digits, a sign and a point only). */
export function numericLiteral(value: { toFixed(): string }): string {
  return `${value.toFixed()}::numeric`;
}

/** Free text travels base64-encoded: nothing in it can end the literal or look like a placeholder. */
export function textLiteral(value: string | null): string {
  return value == null
    ? 'null::text'
    : `convert_from(decode('${Buffer.from(value, 'utf8').toString('base64')}', 'base64'), 'UTF8')`;
}

/** A uuid[] literal; every element is checked as by uuidLiteral, null elements stay null. */
export function uuidArrayLiteral(values: (string | null)[]): string {
  return `array[${values.map((v) => (v == null ? 'null' : uuidLiteral(v))).join(', ')}]::uuid[]`;
}

/** A text[] literal; each element as by textLiteral, null elements stay null. */
export function textArrayLiteral(values: (string | null)[]): string {
  return `array[${values.map(textLiteral).join(', ')}]::text[]`;
}

/** An int[] literal (PostgreSQL's 32-bit int). */
export function intArrayLiteral(values: number[]): string {
  for (const v of values)
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new Error(`not an int: ${v}`);
  return `array[${values.join(', ')}]::int[]`;
}

/** A numeric[] literal; null elements stay null. */
export function numericArrayLiteral(values: ({ toFixed(): string } | null)[]): string {
  return `array[${values.map((v) => (v == null ? 'null' : numericLiteral(v))).join(', ')}]::numeric[]`;
}

/** A timestamptz literal (an ISO string: digits, dashes, colons, a point, T and Z only). */
export function timestampLiteral(value: Date | null): string {
  return value ? `'${value.toISOString()}'::timestamptz` : 'null::timestamptz';
}

/** A timestamptz[] literal; each element as by timestampLiteral. */
export function timestampArrayLiteral(values: (Date | null)[]): string {
  return `array[${values.map(timestampLiteral).join(', ')}]::timestamptz[]`;
}
