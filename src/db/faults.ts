import { Client } from 'pg';
import type { Deadline } from '../domain/deadline';
/**
 * What a database failure says about the work it interrupted. A client must be able to trust an
 * answer: "nothing was changed" only when that is certain, "outcome unknown" otherwise.
 */

/** SQLSTATEs of a connection that is gone or refused: connection exceptions, shutdowns, no slots, no database. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-4]|53300|3D000)$/;
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const LOST_CONNECTION_MESSAGE =
  /(?:^| - )(?:Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout expired|Connection ended)[^\n]*$/;

/** The connection to PostgreSQL failed or was lost (pg's and the socket's errors, as thrown or as MikroORM wraps them). */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity, message } = error as { code?: unknown; severity?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_CODES.has(code))) return true;
  // A FATAL error ends the session, whatever its code.
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  // knex prefixes a failed query's message with its SQL ("<sql> - <pg's message>"): the message
  // is pg's own when it opens the text or follows that separator, and it ends the text.
  return typeof message === 'string' && LOST_CONNECTION_MESSAGE.test(message);
}

/** knex waited longer than the pool's acquire timeout for a connection: nothing was sent. */
export function isPoolTimeout(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'KnexTimeoutError';
}

/** The work may have committed: the connection failed after its commit was sent (or its group's). */
export class OutcomeUnknownError extends Error {
  constructor(override readonly cause: unknown) {
    super(`outcome unknown: ${(cause as { message?: string } | null)?.message ?? String(cause)}`);
    this.name = 'OutcomeUnknownError';
  }
}

// The request's time budget is the domain's (services receive it in their ServiceContext).
export { Deadline, DeadlineExceededError } from '../domain/deadline';

/** The statement was cancelled (57014): by the request's deadline when it expired. */
export function isQueryCanceled(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '57014';
}

interface Wire extends NodeJS.EventEmitter {
  connect(port: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
}

/**
 * Cancels the statement running on a connection, if any (PostgreSQL's cancel request, sent over a
 * connection of its own as pg's Client.cancel does: a full pool cannot hold it up; a connection
 * between statements ignores it). Resolves once PostgreSQL took the request and closed that
 * connection, so that the caller can keep its own until then: a late cancel must never reach
 * another request's statement.
 */
export function cancelStatement(connection: Client): Promise<void> {
  const target = connection as unknown as { host: string; port: number; processID: number; secretKey: number };
  const wire = (new Client({ host: target.host, port: target.port }) as unknown as { connection: Wire }).connection;
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    wire.once('end', done);
    wire.once('error', done);
    wire.once('connect', () => wire.cancel(target.processID, target.secretKey));
    if (target.host?.startsWith('/')) wire.connect(`${target.host}/.s.PGSQL.${target.port}`);
    else wire.connect(target.port, target.host);
  });
}

/**
 * While a transaction runs on `connection`, the deadline's expiry cancels its running statement
 * (a lock wait, say), so that it rolls back and answers TIMEOUT at once instead of when the wait
 * ends. The returned function stops that, after any cancel under way was delivered.
 */
export function cancelOnExpiry(deadline: Deadline, connection: Client): () => Promise<void> {
  let cancelling: Promise<void> | undefined;
  const onAbort = () => {
    cancelling = cancelStatement(connection);
  };
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  return async () => {
    deadline.signal.removeEventListener('abort', onAbort);
    await cancelling;
  };
}
