import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { ExecutionArgs } from 'graphql';

/** What tracing reads of a GraphQL request's context (src/graphql/context.ts has it, and more). */
export interface TracedContext {
  requestId: string;
  companyId: string;
}

/**
 * What the server asks of tracing. This module imports no OpenTelemetry package: until main.ts
 * starts tracing (only when configured, src/observability/tracing.ts), `activeTracing()` is
 * undefined and each call site skips it, so tracing costs nothing when it is off.
 */
export interface Tracing {
  /** Runs one GraphQL HTTP request inside its operation span, a child of the HTTP request's span. */
  inOperation<T>(requestId: string, work: () => Promise<T>): Promise<T>;
  /** Names the operation span after the operation and adds the caller's company. */
  plugin: ApolloServerPlugin<TracedContext>;
  /**
   * graphql-ws's `execute` or `subscribe`, each call in an operation span (a new trace: a
   * WebSocket has no HTTP request span). A subscription's span covers its start, not its events.
   */
  traceWebSocket<R>(run: (args: ExecutionArgs) => R): (args: ExecutionArgs) => Promise<Awaited<R>>;
  /** Marks the operation span as failed with this code (formatError sees every error of a response). */
  recordErrorCode(code: string): void;
  /** The trace and span ids a log line carries, inside a traced request. */
  logFields(): { traceId: string; spanId: string } | undefined;
  /** Exports the spans still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

export function activeTracing(): Tracing | undefined {
  return active;
}

export function setActiveTracing(tracing: Tracing | undefined): void {
  active = tracing;
}

/** Express (GET /graphql): the operation span lasts until the response is sent or abandoned. */
export function traceOperation(req: Request, res: Response, next: NextFunction): void {
  if (!active) return next();
  void active.inOperation(
    res.locals.requestId as string,
    () =>
      new Promise<void>((resolve) => {
        res.once('close', resolve);
        next();
      }),
  );
}
