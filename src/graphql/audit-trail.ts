/**
 * The audit trail as runMutation sees it: the changes a mutation's flushes made (collected by an
 * ORM subscriber) and the values its entry records. Writing the entry is the access module's
 * (it owns audit_log): it registers its writer here, so that this layer, which the modules build
 * on, imports none of them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from './context';

/** Records kept in detail per entry; past this, only their ids and the count are kept. */
const MAX_DETAILED_CHANGES = 200;
/** Bookkeeping rows that say nothing about the business change. */
const IGNORED_ENTITIES = new Set(['AuditLog', 'IdempotencyKey']);

export interface Collector {
  changes: RecordedChange[];
  byKey: Map<string, RecordedChange>;
  ids: Set<string>;
}

const current = new AsyncLocalStorage<Collector>();

/** One record a mutation created, changed or deleted (the access module's AuditChange, as data). */
export interface RecordedChange {
  entity: string;
  id: string;
  change: 'CREATE' | 'UPDATE' | 'DELETE';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** JSON-safe copy; in ORM data (`relations`), a related entity is recorded by its id. */
function plain(value: unknown, relations: boolean, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (depth > 5) return null;
  if (Array.isArray(value)) return value.map((v) => plain(v, relations, depth + 1));
  const fields = value as Record<string, unknown>;
  if (relations && typeof fields.id === 'string' && depth > 0) return fields.id;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, plain(v, relations, depth + 1)]));
}

/** Several flushes of one mutation may change the same row: one change per row, first before, last after. */
function record(collector: Collector, next: RecordedChange): void {
  const key = `${next.entity}:${next.id}`;
  const seen = collector.byKey.get(key);
  if (!seen) {
    if (collector.changes.length >= MAX_DETAILED_CHANGES) return;
    collector.changes.push(next);
    collector.byKey.set(key, next);
    return;
  }
  if (next.change === 'DELETE') {
    if (seen.change !== 'CREATE') seen.change = 'DELETE';
    seen.after = null;
    return;
  }
  seen.after = { ...(seen.after ?? {}), ...(next.after ?? {}) };
  if (seen.change === 'UPDATE' && next.before) seen.before = { ...next.before, ...(seen.before ?? {}) };
}

/**
 * Sees every flush of the ORM; inside a mutation (runMutation opens a collector) it records
 * which rows were created, changed or deleted, with the changed fields before and after.
 * Rows written with raw SQL (quants, by the stock ledger) are not seen: their moves are.
 */
export class AuditSubscriber implements EventSubscriber {
  async afterFlush(args: FlushEventArgs): Promise<void> {
    const collector = current.getStore();
    if (!collector) return;
    for (const cs of args.uow.getChangeSets()) {
      if (IGNORED_ENTITIES.has(cs.name)) continue;
      const id = String(cs.getSerializedPrimaryKey() ?? '');
      if (!id) continue;
      collector.ids.add(id);
      const payload = plain(cs.payload, true) as Record<string, unknown>;
      if (cs.type === ChangeSetType.CREATE) {
        record(collector, { entity: cs.name, id, change: 'CREATE', before: null, after: payload });
      } else if (cs.type === ChangeSetType.UPDATE || cs.type === ChangeSetType.UPDATE_EARLY) {
        const original = (cs.originalEntity ?? {}) as Record<string, unknown>;
        const before = Object.fromEntries(Object.keys(payload).map((k) => [k, plain(original[k], true, 1)]));
        record(collector, { entity: cs.name, id, change: 'UPDATE', before, after: payload });
      } else {
        const before = plain(cs.originalEntity, true) as Record<string, unknown>;
        record(collector, { entity: cs.name, id, change: 'DELETE', before, after: null });
      }
    }
  }
}

/** Ids of the records a mutation payload returns (`{ product: {...} }`, `{ lines: [...] }`). */
export function resultIds(result: unknown): string[] {
  if (!result || typeof result !== 'object') return [];
  const ids: string[] = [];
  for (const value of Object.values(result as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids;
}

function emptyCollector(): Collector {
  return { changes: [], byKey: new Map(), ids: new Set() };
}

/** Runs `work` collecting every flushed change; used by runMutation around the mutation's work. */
export function collectChanges<T>(work: () => Promise<T>): Promise<{ result: T; collector: Collector }> {
  const collector = emptyCollector();
  return current.run(collector, async () => ({ result: await work(), collector }));
}

/**
 * What an audit entry records besides the records it is about: who, through which operation and
 * request, with which arguments (a JSON-safe copy). Made by auditEntryValues alone, and written by
 * the access module's two writers (src/modules/access/audit.service.ts).
 */
export interface AuditEntryValues {
  companyId: string;
  actor: string;
  actorKind: string;
  operation: string;
  requestId: string;
  /** The mutation's arguments, JSON-safe. */
  input: Record<string, unknown>;
}

export function auditEntryValues(ctx: Context, input: Record<string, unknown>): AuditEntryValues {
  return {
    companyId: ctx.companyId,
    actor: ctx.actor,
    actorKind: ctx.auth.kind,
    operation: ctx.operation ?? 'unknown',
    requestId: ctx.requestId,
    input: plain(input, false) as Record<string, unknown>,
  };
}

/** Appends a successful mutation's entry in its transaction; the access module's writeAuditEntry. */
export type AuditWriter = (
  em: EntityManager,
  entry: AuditEntryValues,
  collector: Collector,
  result: unknown,
) => Promise<void>;

let writer: AuditWriter | undefined;

/** The access module registers its writer when src/modules/index.ts loads it. */
export function registerAuditWriter(write: AuditWriter): void {
  writer = write;
}

/** Every mutation leaves an entry: without a registered writer, none may run. */
export function auditWriter(): AuditWriter {
  if (!writer) throw new Error('No audit writer registered: src/modules/index.ts imports the access module');
  return writer;
}
