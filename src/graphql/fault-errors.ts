import { OptimisticLockError } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { DeadlineExceededError, isConnectionFailure, isPoolTimeout, OutcomeUnknownError } from '../db/faults';
import { isLockContention } from '../db/sql';

/**
 * The GraphQL errors of faults, each telling the client what happened to its request: nothing
 * was changed (BUSY, TIMEOUT, DATABASE_UNAVAILABLE: retry), or the outcome is unknown
 * (OUTCOME_UNKNOWN: retry with the same idempotency key). All carry `retryable: true`.
 */
export const FaultCode = {
  BUSY: 'BUSY',
  TIMEOUT: 'TIMEOUT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
} as const;

/** HTTP 503 for the faults that mean the service could not do the work (Apollo reads `extensions.http`). */
const unavailable = { status: 503 };

export function busyError(): GraphQLError {
  return new GraphQLError('The records this operation needs are busy; nothing was changed. Retry shortly.', {
    extensions: { code: FaultCode.BUSY, retryable: true },
  });
}

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The request took longer than ${timeoutMs} ms; nothing was changed. Retry shortly.`, {
    extensions: { code: FaultCode.TIMEOUT, retryable: true, http: unavailable },
  });
}

export function databaseUnavailableError(): GraphQLError {
  return new GraphQLError('The database is unavailable; nothing was changed. Retry shortly.', {
    extensions: { code: FaultCode.DATABASE_UNAVAILABLE, retryable: true, http: unavailable },
  });
}

export function outcomeUnknownError(): GraphQLError {
  return new GraphQLError(
    'The connection to the database was lost while the change was being committed: it may or may not have been ' +
      'applied. Retry with the same idempotencyKey to get its result without applying it twice.',
    { extensions: { code: FaultCode.OUTCOME_UNKNOWN, retryable: true } },
  );
}

/**
 * The fault error of a failure, or null when it is not a fault. `mayHaveCommitted`: the failure
 * came after the work's commit was sent (a connection failure then leaves the outcome unknown).
 */
export function faultError(error: unknown, mayHaveCommitted = false): GraphQLError | null {
  if (error instanceof GraphQLError) return null;
  if (error instanceof OutcomeUnknownError) return outcomeUnknownError();
  if (error instanceof DeadlineExceededError) return timeoutError(error.timeoutMs);
  if (isLockContention(error) || isPoolTimeout(error)) return busyError();
  // Another request changed the record between this one's read and its write (a versioned
  // entity): this one rolled back, and a retry reads the new version.
  if (error instanceof OptimisticLockError) return busyError();
  if (isConnectionFailure(error)) return mayHaveCommitted ? outcomeUnknownError() : databaseUnavailableError();
  return null;
}
