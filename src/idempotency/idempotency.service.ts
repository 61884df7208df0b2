import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, UserErrorCode } from '../domain/errors';

/** How long a key is remembered (at least the 24 hours partners rely on). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

export interface IdempotencyOptions {
  operation: string;
  idempotencyKey?: string | null;
  /** Payload fields holding entities, and their classes, to store by id and load again on replay. */
  result: Record<string, new (...args: never[]) => object>;
  /** Payload fields stored as they are (plain JSON values, not entities) and answered again on replay. */
  values?: string[];
}

/** Canonical JSON (sorted keys) of the input without its key: the same request always hashes the same. */
export function requestHash(input: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .filter((k) => k !== 'idempotencyKey' && (value as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

/**
 * Claims the key inside the mutation's transaction. The insert waits while another
 * transaction holds the same key, then either this request owns it (returns null: do the
 * work), or the earlier one committed and its result is returned for replay. A failed
 * request rolls its claim back with everything else, so it stores nothing.
 */
export async function claimKey(
  em: EntityManager,
  scope: { companyId: string; actor: string },
  options: IdempotencyOptions & { idempotencyKey: string },
  hash: string,
): Promise<Record<string, unknown> | null> {
  let inserted: unknown[];
  try {
    inserted = await em.execute(
      `insert into idempotency_key (id, created_at, updated_at, company_id, actor, key, operation, request_hash)
       values (?, now(), now(), ?, ?, ?, ?, ?)
       on conflict (company_id, actor, key) do nothing returning id`,
      [randomUUID(), scope.companyId, scope.actor, options.idempotencyKey, options.operation, hash],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new DomainError(
        UserErrorCode.IDEMPOTENCY_KEY_IN_USE,
        ['input', 'idempotencyKey'],
        'input.idempotencyKey: a request with this key is still running; retry shortly',
      );
    }
    throw error;
  }
  if (inserted.length === 1) return null;
  const [previous] = await em.execute<
    { operation: string; request_hash: string; result: Record<string, unknown> | null }[]
  >('select operation, request_hash, result from idempotency_key where company_id = ? and actor = ? and key = ?', [
    scope.companyId,
    scope.actor,
    options.idempotencyKey,
  ]);
  if (previous.operation !== options.operation || previous.request_hash !== hash) {
    throw new DomainError(
      UserErrorCode.IDEMPOTENCY_KEY_REUSED,
      ['input', 'idempotencyKey'],
      `input.idempotencyKey was already used for a different ${previous.operation} request`,
    );
  }
  return previous.result ?? {};
}

export async function recordResult(
  em: EntityManager,
  scope: { companyId: string; actor: string },
  key: string,
  payload: Record<string, unknown>,
  options: IdempotencyOptions,
): Promise<void> {
  const result: Record<string, unknown> = {};
  for (const field of Object.keys(options.result)) {
    result[field] = (payload[field] as { id?: string } | null)?.id ?? null;
  }
  for (const field of options.values ?? []) result[field] = payload[field] ?? null;
  if (Array.isArray(payload.userErrors) && payload.userErrors.length) result.userErrors = payload.userErrors;
  await em.execute(
    'update idempotency_key set result = ?, updated_at = now() where company_id = ? and actor = ? and key = ?',
    [JSON.stringify(result), scope.companyId, scope.actor, key],
  );
}

/** Loads the objects of an earlier result again by id. */
export async function replay(em: EntityManager, stored: Record<string, unknown>, options: IdempotencyOptions) {
  const payload: Record<string, unknown> = { userErrors: stored.userErrors ?? [] };
  for (const [field, entity] of Object.entries(options.result)) {
    const id = stored[field];
    payload[field] = typeof id === 'string' ? await em.findOne(entity as never, { id } as never) : null;
  }
  for (const field of options.values ?? []) payload[field] = stored[field] ?? null;
  return payload;
}

export async function forgetOldKeys(em: EntityManager): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    `delete from idempotency_key where created_at < now() - interval '${IDEMPOTENCY_RETENTION_HOURS} hours' returning id`,
  );
  return rows.length;
}
