import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What every log line and error response of one HTTP request carries. */
export interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** Takes the caller's x-request-id (trimmed to 100 characters) or assigns one, and echoes it. */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = (typeof given === 'string' ? given.slice(0, 100) : '') || randomUUID();
  res.setHeader('x-request-id', requestId);
  res.locals.requestId = requestId;
  next();
}

/**
 * Enters the request's scope for everything downstream. Mounted after the body parser: stream
 * callbacks would otherwise run outside the scope (AsyncLocalStorage follows the socket, not us).
 */
export function enterRequestScope(_req: Request, res: Response, next: NextFunction): void {
  storage.run({ requestId: res.locals.requestId as string }, next);
}
