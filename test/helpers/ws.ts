import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './test-app';

/**
 * A real graphql-ws client for the test server that sends a credential in `connection_init`
 * (`{ Authorization: "Bearer <key>" }`): the default company's ADMIN key unless another
 * credential (or null for none) is given. Dispose it at the end of the test.
 */
export function wsClient(app: TestApp, credential: string | null = app.adminKey): Client {
  return createClient({
    url: app.wsUrl,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: credential ? { Authorization: `Bearer ${credential}` } : {},
  });
}

/** Runs one operation (query, mutation or the first event of a subscription) over WebSocket. */
export function wsRequest<T = unknown>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          settled = true;
          resolve(value as never);
          unsubscribe();
        },
        error: (error) => {
          if (!settled) reject(error);
        },
        complete: () => undefined,
      },
    );
  });
}
