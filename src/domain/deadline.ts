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
