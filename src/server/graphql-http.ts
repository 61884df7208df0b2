import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { Deadline, isConnectionFailure } from '../db/faults';
import type { Context } from '../graphql/context';
import { databaseUnavailableError } from '../graphql/fault-errors';
import { runInRequestScope } from '../observability/request-scope';
import type { Tracing } from '../observability/tracing-hooks';
import type { NodeMiddleware } from './hardening';
import type { Logger } from '../observability/logger';

function refuse(
  res: http.ServerResponse,
  status: number,
  message: string,
  code = 'BAD_REQUEST',
  retryable = false,
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: retryable ? { code, retryable } : { code } }] }));
}

const timedOutMessage = (ms: number) => `The request took longer than ${ms} ms; nothing was changed. Retry shortly.`;

/** Limits of the endpoint (src/config/env.ts, docs/operators.md: Limits). */
export interface HttpLimits {
  /** Body limit; big enough for a 250-SKU availability query, small enough to refuse floods. */
  bodyLimitBytes: number;
  /**
   * Past this, the request's deadline expires: nothing more is sent, an open transaction rolls
   * back, and it answers 503 TIMEOUT at once unless work that may have committed is under way, in
   * which case it answers that work's own outcome (src/db/faults.ts).
   */
  timeoutMs: number;
  /** CORS headers (src/server/hardening.ts); preflights are answered by Express. */
  cors: NodeMiddleware;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/**
 * /graphql on bare node:http, driving Apollo through `executeHTTPGraphQLRequest`: the storefront's
 * hottest requests skip Express's router, body-parser and response helpers, which cost more CPU
 * per request than executing a small operation. Same behaviour: JSON bodies up to 1 MB, a
 * request id echoed or assigned (and the request's log scope), Apollo's status codes and headers
 * (its CSRF prevention is off: see app.ts). GET requests stay on Express (sandbox, queries by URL).
 */
export function graphqlHttpHandler(
  apollo: ApolloServer<Context>,
  buildContext: (req: http.IncomingMessage, requestId: string, deadline?: Deadline) => Promise<Context>,
  logger: Logger,
  limits: HttpLimits,
  /** Set when tracing is on: each request then runs in its operation span. */
  tracing?: Tracing,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, deadline?: Deadline): Promise<void> => {
    const given = req.headers['x-request-id'];
    const requestId = (typeof given === 'string' && given.slice(0, 100)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    await new Promise<void>((resolve, reject) => limits.cors(req, res, (error) => (error ? reject(error) : resolve())));
    if (Number(req.headers['content-length'] ?? 0) > limits.bodyLimitBytes) {
      req.resume();
      return refuse(res, 413, 'The request body is larger than the server accepts', 'PAYLOAD_TOO_LARGE');
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, limits.bodyLimitBytes);
      if (text === null)
        return refuse(res, 413, 'The request body is larger than the server accepts', 'PAYLOAD_TOO_LARGE');
      if (/\bjson\b/i.test(headers.get('content-type') ?? '') && text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          return refuse(res, 400, 'Malformed JSON body');
        }
      } else body = text;
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const execute = () =>
      runInRequestScope({ requestId }, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: (req.method ?? 'POST').toUpperCase(),
            headers,
            search: query >= 0 ? url.slice(query) : '',
            body,
          },
          context: async () => {
            try {
              return await buildContext(req, requestId, deadline);
            } catch (error) {
              // Authentication reads the database: unreachable, it is a 503, not "context creation failed".
              if (isConnectionFailure(error)) {
                logger.error({ code: 'DATABASE_UNAVAILABLE', cause: (error as Error).message }, 'database unavailable');
                throw databaseUnavailableError();
              }
              throw error;
            }
          },
        }),
      );
    const response = await (tracing ? tracing.inOperation(requestId, execute) : execute());
    if (res.headersSent) return; // answered TIMEOUT meanwhile
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    let deadline: Deadline | undefined;
    if (limits.timeoutMs > 0) {
      const timeout = (deadline = new Deadline(limits.timeoutMs));
      const timer = setTimeout(() => {
        // Answering now is true only while nothing the request sent may commit; otherwise its
        // work (told to roll back, or already committing) answers with what really happened.
        if (timeout.expire()) refuse(res, 503, timedOutMessage(limits.timeoutMs), 'TIMEOUT', true);
      }, limits.timeoutMs);
      res.once('close', () => clearTimeout(timer));
      res.once('finish', () => clearTimeout(timer));
    }
    handle(req, res, deadline).catch((error: unknown) => {
      logger.error({ err: error }, 'GraphQL HTTP request failed');
      if (!res.headersSent) refuse(res, 500, 'Internal server error');
      else res.end();
    });
  };
}
