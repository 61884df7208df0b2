import fs from 'node:fs';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A minimal typed Stockline client: the documents generated from examples/operations carry
 * their result and variable types, so `request` needs no casts. Any GraphQL client that takes
 * TypedDocumentNode (urql, Apollo Client, graphql-request) works the same way.
 */
export interface StocklineClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` (and as a connection parameter on WebSockets). */
  apiKey?: string;
}

export class StocklineError extends Error {
  constructor(
    message: string,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[],
  ) {
    super(message);
    this.name = 'StocklineError';
  }
}

export interface StocklineClient {
  request<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R>;
  /** Calls `onEvent` for each event until the returned function is called. */
  subscribe<R, V>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    onEvent: (data: R) => void,
    onError?: (error: unknown) => void,
  ): () => void;
  /** Resolves once the WebSocket that `subscribe` opened is acknowledged by the server. */
  connected(): Promise<void>;
  close(): Promise<void>;
}

export function createStocklineClient(options: StocklineClientOptions): StocklineClient {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let ws: Client | undefined;
  let acknowledged: Promise<void> | undefined;
  const socket = () => {
    if (!ws) {
      const client = createClient({
        url: options.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      });
      acknowledged = new Promise((resolve) => client.on('connected', () => resolve()));
      ws = client;
    }
    return ws;
  };

  return {
    async request(document, variables) {
      const res = await fetch(options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: StocklineError['errors'] };
      if (body.errors?.length) {
        const first = body.errors[0];
        throw new StocklineError(
          `${first.message} (${String(first.extensions?.code)}, request ${String(first.extensions?.requestId)})`,
          body.errors,
        );
      }
      return body.data as never;
    },
    subscribe(document, variables, onEvent, onError) {
      return socket().subscribe(
        { query: print(document), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) onError?.(new StocklineError(result.errors[0].message, [...result.errors]));
            else if (result.data) onEvent(result.data as never);
          },
          error: (error) => onError?.(error),
          complete: () => undefined,
        },
      );
    },
    connected() {
      socket();
      return acknowledged!;
    },
    async close() {
      await ws?.dispose();
    },
  };
}

/**
 * The key the example scripts send: STOCKLINE_API_KEY, else, for a server on this machine, the
 * development ADMIN key that `npm start` keeps in .data/dev-admin-key (as the server finds it:
 * next to EMBEDDED_PG_DATA_DIR); undefined when there is neither.
 */
export function apiKeyFromEnv(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.STOCKLINE_API_KEY) return env.STOCKLINE_API_KEY;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname)) return undefined;
  const dataDir = path.resolve(env.EMBEDDED_PG_DATA_DIR || path.join('.data', 'pg'));
  try {
    return fs.readFileSync(path.join(path.dirname(dataDir), 'dev-admin-key'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Endpoint and key from the environment, as the example scripts take them. */
export function clientFromEnv(): StocklineClient {
  const url = process.env.STOCKLINE_URL ?? 'http://localhost:4000/graphql';
  return createStocklineClient({ url, apiKey: apiKeyFromEnv(url) });
}
