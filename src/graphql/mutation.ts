import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { cancelOnExpiry, DeadlineExceededError, isQueryCanceled } from '../db/faults';
import { dataExceptionMessage } from '../db/sql';
import { type ValidationError, validate } from 'class-validator';
import {
  claimKey,
  type IdempotencyOptions,
  recordResult,
  replay,
  requestHash,
} from '../idempotency/idempotency.service';
import { type AuditEntryValues, auditEntryValues, auditWriter, collectChanges } from './audit-trail';
import type { Context } from './context';
import { DomainError, DomainErrors, toUserErrors, type UserError, UserErrorCode } from './errors';
import { FaultCode, faultError } from './fault-errors';

const uniqueConstraints = new Map<string, { field: string[]; message: string }>();

/**
 * Maps a database unique constraint to the input field it protects, so that a race the
 * service's own check cannot see (two creates of one SKU at once) still answers `TAKEN`.
 */
export function registerUniqueConstraint(constraint: string, field: string[], message: string): void {
  uniqueConstraints.set(constraint, { field, message });
}

const ruleConstraints = new Map<string, (detail: string) => DomainError>();

/**
 * Maps a business rule the database enforces for every path (a trigger raising check_violation
 * with this constraint name and its subject in DETAIL) to the userError it answers.
 */
export function registerRuleConstraint(constraint: string, error: (detail: string) => DomainError): void {
  ruleConstraints.set(constraint, error);
}

function flattenValidation(errors: ValidationError[], path: string[]): DomainError[] {
  return errors.flatMap((error) => {
    const here = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map(
      (message) => new DomainError(UserErrorCode.INVALID, here, `${here.join('.')}: ${message}`),
    );
    return [...own, ...flattenValidation(error.children ?? [], here)];
  });
}

/** Validates every argument object with its class-validator rules; field paths start at the argument name. */
export async function validateArgs(args: Record<string, object | null | undefined>): Promise<DomainError[]> {
  const found: DomainError[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (value && typeof value === 'object') {
      found.push(...flattenValidation(await validate(value, { forbidUnknownValues: false }), [name]));
    }
  }
  return found;
}

/**
 * What the input breaks: the guard's findings (malformed ids, decimals, strings; input-guard.ts)
 * and the input classes' rules on the other fields, every field at once.
 */
async function inputErrors(ctx: Context, args: Record<string, object | null | undefined>): Promise<DomainError[]> {
  const guarded = ctx.inputProblems ?? [];
  ctx.inputProblems = undefined;
  if (guarded.length === 0) return validateArgs(args);
  const flagged = new Set(guarded.map((e) => e.field?.join('.')));
  try {
    const others = await validateArgs(args);
    return [...guarded, ...others.filter((e) => !flagged.has(e.field?.join('.')))];
  } catch {
    // A validator choking on a value the guard refused (a lone surrogate in an e-mail): the guard's findings suffice.
    return guarded;
  }
}

type Payload = { userErrors: UserError[] };

/** The pg connection a transaction runs on (knex's transaction client hands out only that one). */
async function transactionConnection(em: EntityManager): Promise<Client> {
  const trx = em.getTransactionContext<Knex.Transaction>()!;
  return (await (trx.client as unknown as { acquireConnection(): Promise<Client> }).acquireConnection()) as Client;
}

/**
 * A hot mutation's attempt to do all its work as one atomic round trip (one statement, or
 * several in one implicit transaction) outside runMutation's transaction; it answers null when
 * it cannot, and the mutation then runs the usual way. Only tried without an idempotency key
 * (claiming a key needs the transaction). What it throws is mapped like the work's errors. Its
 * round trip must carry the audit entry made of `audit` (see auditEntriesSql).
 */
export type AtOnceAttempt<P extends Payload> = (
  ctx: Context,
  audit: AuditEntryValues,
) => Promise<Omit<P, 'userErrors'> | null>;

/** A partial success (a PARTIAL reservation) carries its own userErrors. */
function withUserErrors<P extends Payload>(result: Omit<P, 'userErrors'>): P {
  const partial = (result as { userErrors?: UserError[] }).userErrors;
  return { ...result, userErrors: partial ?? [] } as unknown as P;
}

/**
 * The one path every mutation takes: validate the input, run the work in one transaction,
 * and turn expected business failures into `userErrors` after rolling everything back.
 */
export async function runMutation<P extends Payload>(
  ctx: Context,
  args: Record<string, object | null | undefined>,
  work: (tx: Context) => Promise<Omit<P, 'userErrors'>>,
  idempotency?: IdempotencyOptions,
  atOnce?: AtOnceAttempt<P>,
): Promise<P> {
  const invalid = await inputErrors(ctx, args);
  if (invalid.length > 0) return { userErrors: toUserErrors(new DomainErrors(invalid)) } as unknown as P;
  const { deadline } = ctx;
  // Past the request's deadline nothing more is sent; while the work may commit, the request
  // timeout waits for its outcome instead of answering (src/db/faults.ts).
  let mayHaveCommitted = false;
  let settled: ((mayHaveCommitted: boolean) => void) | undefined;
  try {
    deadline?.check();
    if (atOnce && !idempotency?.idempotencyKey) {
      // Its one round trip commits the work and its audit entry together.
      settled = deadline?.writes();
      const done = await atOnce(ctx, auditEntryValues(ctx, args));
      if (done) {
        mayHaveCommitted = true;
        ctx.stockEvents?.committed();
        return withUserErrors<P>(done);
      }
      settled?.(false);
    }
    const result = await ctx.em.transactional(async (em) => {
      // Waiting for a pooled connection wrote nothing: the timeout could answer meanwhile.
      deadline?.check();
      settled = deadline?.writes();
      const stopCancelling = deadline && cancelOnExpiry(deadline, await transactionConnection(em as EntityManager));
      try {
        // A copy that keeps the context's prototype (its lazy accessors), with the transaction's em.
        const tx: Context = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as Context, ctx, {
          em: em as EntityManager,
        });
        const { result: done, collector } = await collectChanges(async () => {
          const key = idempotency?.idempotencyKey;
          if (!idempotency || !key) return work(tx);
          const scope = { companyId: ctx.companyId, actor: ctx.actor };
          const stored = await claimKey(tx.em, scope, { ...idempotency, idempotencyKey: key }, requestHash(args));
          if (stored) return replay(tx.em, stored, idempotency) as unknown as Omit<P, 'userErrors'>;
          const fresh = await work(tx);
          await recordResult(tx.em, scope, key, fresh as Record<string, unknown>, idempotency);
          return fresh;
        });
        // Every mutation leaves an audit entry, in its own transaction: no change without a trace.
        await auditWriter()(tx.em, auditEntryValues(tx, args), collector, done);
        // Past the deadline the transaction rolls back: its request may already have answered TIMEOUT.
        deadline?.check();
        // What fails from here on (the flush, the COMMIT) may fail after PostgreSQL committed.
        mayHaveCommitted = true;
        return done;
      } finally {
        await stopCancelling?.();
      }
    });
    // Wakes the subscription hubs of every instance when they share Redis (NOTIFY needs nothing).
    ctx.stockEvents?.committed();
    return withUserErrors<P>(result);
  } catch (caught) {
    // A statement the deadline cancelled: its transaction rolled back.
    const error = deadline?.expired && isQueryCanceled(caught) ? new DeadlineExceededError(deadline.timeoutMs) : caught;
    const fault = faultError(error, mayHaveCommitted);
    // Whether the request timeout may still answer: only when everything certainly rolled back.
    if (fault) mayHaveCommitted = fault.extensions.code === FaultCode.OUTCOME_UNKNOWN;
    if (error instanceof DomainError || error instanceof DomainErrors) {
      mayHaveCommitted = false;
      return { userErrors: toUserErrors(error) } as unknown as P;
    }
    if (error instanceof UniqueConstraintViolationException) {
      const constraint = (error as unknown as { constraint?: string }).constraint;
      const known = constraint ? uniqueConstraints.get(constraint) : undefined;
      if (known) {
        mayHaveCommitted = false;
        return {
          userErrors: toUserErrors(new DomainError(UserErrorCode.TAKEN, known.field, known.message)),
        } as unknown as P;
      }
    }
    const rule = (error as { code?: string; constraint?: string; detail?: string } | null) ?? {};
    const ruleError = rule.code === '23514' && rule.constraint ? ruleConstraints.get(rule.constraint) : undefined;
    if (ruleError) {
      mayHaveCommitted = false;
      return { userErrors: toUserErrors(ruleError(rule.detail ?? '')) } as unknown as P;
    }
    // A value PostgreSQL refused (a quantity overflowing after conversion): nothing was written.
    const refused = dataExceptionMessage(error);
    if (refused) {
      mayHaveCommitted = false;
      return { userErrors: toUserErrors(new DomainError(UserErrorCode.INVALID, null, refused)) } as unknown as P;
    }
    if (fault) throw fault;
    throw error;
  } finally {
    settled?.(mayHaveCommitted);
  }
}
