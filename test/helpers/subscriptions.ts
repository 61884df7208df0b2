import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type Client, createClient } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';

/** A graphql-ws client on any instance's ws URL, with a bearer credential in connection_init. */
export function wsClientAt(wsUrl: string, credential: string): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { Authorization: `Bearer ${credential}` },
  });
}

/** The events of one subscription as they arrive, with waits that fail with what was received. */
export interface Collected<T> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once at least `count` events arrived (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

export function collect<R, V>(client: Client, document: TypedDocumentNode<R, V>, variables: V): Collected<R> {
  let waiters: (() => boolean)[] = [];
  const collected: Collected<R> = {
    events: [],
    errors: [],
    completed: false,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (collected.events.length >= count) {
            clearTimeout(timer);
            resolve(collected.events.slice());
            return true;
          }
          if (collected.errors.length) {
            clearTimeout(timer);
            reject(new Error(`subscription failed: ${JSON.stringify(collected.errors)}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `waited ${timeoutMs} ms for ${count} events, got ${collected.events.length}: ${JSON.stringify(collected.events)}`,
              ),
            ),
          timeoutMs,
        );
        if (!check()) waiters.push(check);
      });
    },
    stop: () => undefined,
  };
  const wake = () => {
    waiters = waiters.filter((waiter) => !waiter());
  };
  collected.stop = client.subscribe<R>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.errors?.length) collected.errors.push(...value.errors);
        else collected.events.push(value.data as R);
        wake();
      },
      error: (error) => {
        collected.errors.push(error instanceof Error ? error.message : error);
        wake();
      },
      complete: () => {
        collected.completed = true;
        wake();
      },
    },
  );
  return collected;
}

/** The last sequence in the outbox: subscribing after it makes a test independent of timing. */
export async function lastSequence(app: {
  sql<T>(text: string, params?: unknown[]): Promise<T[]>;
  companyId?: string;
}): Promise<number> {
  // Sequences are per company (Migration20261207040000CompanySequence); the test app's company by default.
  const [row] = await app.sql<{ last: string }>(
    app.companyId
      ? 'select coalesce((select last from stock_event_counter where company_id = $1), 0) as last'
      : 'select coalesce(max(company_sequence), 0) as last from stock_event',
    app.companyId ? [app.companyId] : [],
  );
  return Number(row.last);
}

/** Lets a just-sent subscribe message reach the server and register before changes are made. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
