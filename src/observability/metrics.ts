import type { Request, Response } from 'express';
import client from 'prom-client';

/**
 * Prometheus metrics (prom-client: the standard Node client). One registry per process; the
 * functions below are what other modules call, so none of them imports prom-client.
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'stockline_' });

const operationDuration = new client.Histogram({
  name: 'stockline_graphql_operation_duration_seconds',
  help: 'Duration of GraphQL operations over HTTP, by operation name and type.',
  labelNames: ['operation', 'type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const graphqlErrors = new client.Counter({
  name: 'stockline_graphql_errors_total',
  help: 'GraphQL errors (extensions.code) and mutation userErrors (code), by code and kind.',
  labelNames: ['code', 'kind'] as const,
  registers: [registry],
});

const openSubscriptions = new client.Gauge({
  name: 'stockline_subscriptions_open',
  help: 'GraphQL subscriptions currently open on this instance.',
  registers: [registry],
});

const outboxLag = new client.Gauge({
  name: 'stockline_outbox_lag_seconds',
  help: 'Age of the oldest stock event this instance has still to publish to its subscribers (0 when caught up).',
  registers: [registry],
});

const outboxPublishLag = new client.Histogram({
  name: 'stockline_outbox_publish_lag_seconds',
  help: 'Seconds from the commit of a stock event (committedAt) to its publication to local subscriptions.',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const slowConsumers = new client.Counter({
  name: 'stockline_subscriptions_closed_slow_total',
  help: 'WebSocket connections closed because a subscription queue overflowed (close code 4413).',
  registers: [registry],
});

const sharedStateBackend = new client.Gauge({
  name: 'stockline_shared_state_backend',
  help: 'What carries state shared between instances (rate limits, key revocations, event wake-ups): 1 for the backend in use (redis, postgres), 0 for the other.',
  labelNames: ['backend'] as const,
  registers: [registry],
});

const databaseReads = new client.Counter({
  name: 'stockline_database_reads_total',
  help: "GraphQL queries over HTTP by where they read: replica, or primary (no replica configured, none caught up to the caller's x-stockline-lsn, or all past DATABASE_REPLICA_MAX_LAG_MS).",
  labelNames: ['target'] as const,
  registers: [registry],
});

const replicaLag = new client.Gauge({
  name: 'stockline_database_replica_lag_bytes',
  help: 'WAL bytes each read replica had still to replay at its last check (-1: unreachable).',
  labelNames: ['replica'] as const,
  registers: [registry],
});

/** The part of a tarn pool (knex's) the gauges read. */
export interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}
const pools = new Set<() => PoolLike | undefined>();

new client.Gauge({
  name: 'stockline_db_pool_connections',
  help: 'Database pool connections by state (used, free, pending = callers waiting for one, max).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    let used = 0,
      free = 0,
      pending = 0,
      max = 0;
    for (const read of pools) {
      const pool = read();
      if (!pool) continue;
      used += pool.numUsed();
      free += pool.numFree();
      pending += pool.numPendingAcquires();
      max += pool.max;
    }
    this.set({ state: 'used' }, used);
    this.set({ state: 'free' }, free);
    this.set({ state: 'pending' }, pending);
    this.set({ state: 'max' }, max);
  },
});

/** Reads the pool on each scrape (knex creates it lazily); returns a function that stops reading it. */
export function trackDatabasePool(read: () => PoolLike | undefined): () => void {
  pools.add(read);
  return () => pools.delete(read);
}

// Operation names come from clients: cap how many distinct label values they can create.
const MAX_OPERATION_NAMES = 500;
const seenOperations = new Set<string>();
function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(name) || seenOperations.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperations.add(name);
  return name;
}

export function recordOperation(name: string | null | undefined, type: string, seconds: number): void {
  operationDuration.observe({ operation: operationLabel(name), type }, seconds);
}

export function recordGraphQLError(code: string): void {
  graphqlErrors.inc({ code, kind: 'error' });
}

export function recordUserError(code: string): void {
  graphqlErrors.inc({ code, kind: 'userError' });
}

/** For the subscriptions server: call when a subscription starts and when it ends (any way). */
export function subscriptionOpened(): void {
  openSubscriptions.inc();
}
export function subscriptionClosed(): void {
  openSubscriptions.dec();
}
export function setOpenSubscriptions(count: number): void {
  openSubscriptions.set(count);
}

/** For the outbox publisher: the age in seconds of the oldest unpublished event (0 when none). */
export function setOutboxLag(seconds: number): void {
  outboxLag.set(seconds);
}

/** For the outbox publisher: one event published, `seconds` after its commit. */
export function recordOutboxPublished(seconds: number): void {
  outboxPublishLag.observe(Math.max(0, seconds));
}

/** A connection closed because it could not keep up. */
export function recordSlowConsumer(): void {
  slowConsumers.inc();
}

/** REDIS_URL reachable (redis) or not set / unreachable at start (postgres: LISTEN/NOTIFY, limits per instance). */
export function setSharedStateBackend(backend: 'redis' | 'postgres'): void {
  sharedStateBackend.set({ backend: 'redis' }, backend === 'redis' ? 1 : 0);
  sharedStateBackend.set({ backend: 'postgres' }, backend === 'postgres' ? 1 : 0);
}

export function recordDatabaseRead(target: 'replica' | 'primary'): void {
  databaseReads.inc({ target });
}

export function setReplicaLag(replica: string, bytes: number): void {
  replicaLag.set({ replica }, bytes);
}

export async function metricsHandler(_req: Request, res: Response): Promise<void> {
  res.type(registry.contentType).send(await registry.metrics());
}
