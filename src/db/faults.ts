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

/** The connection to PostgreSQL failed or was lost (pg's and the socket's errors, as thrown or as MikroORM wraps them). */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity, message } = error as { code?: unknown; severity?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_CODES.has(code))) return true;
  // A FATAL error ends the session, whatever its code.
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|timeout expired|Connection ended)/.test(message)
  );
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

/** The request's deadline passed before its work was sent: nothing was changed. */
export class DeadlineExceededError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the request took longer than ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * A request's time budget, shared by the HTTP timeout and the writes the request starts. When it
 * expires, work not yet sent is dropped (and never sent), and a transaction still open rolls back
 * instead of committing; the timeout may answer at once only while nothing that may commit is
 * under way, and otherwise waits for that work's own (truthful) outcome.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private writing = 0;
  private mayHaveCommitted = false;

  constructor(readonly timeoutMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Throws DeadlineExceededError once expired: nothing may be sent any more. */
  check(): void {
    if (this.expired) throw new DeadlineExceededError(this.timeoutMs);
  }

  /**
   * Work that may commit is under way until the returned function is called, told whether it may
   * have committed (then the answer must come from the work, never from the timeout).
   */
  writes(): (mayHaveCommitted: boolean) => void {
    this.writing++;
    let done = false;
    return (mayHaveCommitted) => {
      if (!done) this.writing--;
      done = true;
      if (mayHaveCommitted) this.mayHaveCommitted = true;
    };
  }

  /** Expires the deadline; true when the timeout may answer now: nothing under way may commit, nothing did. */
  expire(): boolean {
    this.controller.abort();
    return this.writing === 0 && !this.mayHaveCommitted;
  }
}
