import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ChangeSetType, type EventSubscriber, type FilterQuery, type FlushEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { Company } from '../company/company.entity';
import type { AuditLogFilter } from './access.inputs';
import { type AuditChange, AuditLog } from './audit-log.entity';

/** Records kept in detail per entry; past this, only their ids and the count are kept. */
const MAX_DETAILED_CHANGES = 200;
/** Bookkeeping rows that say nothing about the business change. */
const IGNORED_ENTITIES = new Set(['AuditLog', 'IdempotencyKey']);

export interface Collector {
  changes: AuditChange[];
  byKey: Map<string, AuditChange>;
  ids: Set<string>;
}

const current = new AsyncLocalStorage<Collector>();

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
function record(collector: Collector, next: AuditChange): void {
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
function resultIds(result: unknown): string[] {
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
 * request, with which arguments (a JSON-safe copy). Made by auditEntryValues alone, and written
 * by one of the two forms below, which are the only writers of audit_log (as stock-ledger.service.ts
 * is of quants): writeAuditEntry for work done through the ORM (its changes collected from the
 * flushes), auditEntriesSql inside a statement written by hand (the storefront's reservations).
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

/** Appends the audit entry of a successful mutation, in its transaction (so it commits or rolls back with it). */
export async function writeAuditEntry(
  em: EntityManager,
  entry: AuditEntryValues,
  collector: Collector,
  result: unknown,
): Promise<void> {
  for (const id of resultIds(result)) collector.ids.add(id);
  await em.insert(AuditLog, {
    id: randomUUID(),
    company: em.getReference(Company, entry.companyId),
    at: new Date(),
    actor: entry.actor,
    actorKind: entry.actorKind,
    operation: entry.operation,
    requestId: entry.requestId,
    recordIds: [...collector.ids],
    changes: collector.changes,
    input: entry.input,
  });
}

/**
 * The audit entries of a mutation done in hand-written SQL (the storefront's reservations,
 * committed in groups), as a data-modifying CTE named `audit`: one entry per row of `source`,
 * which has AuditEntryValues' columns in snake case (`input` as JSON text, see auditInputText)
 * and the `record_id` the entry is about. Rows whose actor is null get none (their caller writes
 * its own). The entries commit with the work or not at all; rows written with SQL are not seen
 * by the ORM, so only their ids are kept.
 */
export function auditEntriesSql(source: string): string {
  return `audit as (
            insert into audit_log (id, company_id, actor, actor_kind, operation, request_id, record_ids, changes, input)
            select gen_random_uuid(), s.company_id, s.actor, s.actor_kind, s.operation, s.request_id,
                   array[s.record_id::text], '[]'::jsonb, s.input::jsonb
              from ${source} s
             where s.actor is not null)`;
}

/** An entry's `input` as the JSON text auditEntriesSql's source carries. */
export function auditInputText(entry: AuditEntryValues): string {
  return JSON.stringify(entry.input);
}

/** The company's entries matching a filter (`auditLog`). */
export function auditWhere(ctx: Context, filter: AuditLogFilter | undefined): FilterQuery<AuditLog> {
  const where: FilterQuery<AuditLog> = { company: ctx.companyId };
  if (filter?.actor) where.actor = filter.actor;
  if (filter?.operation) where.operation = filter.operation;
  if (filter?.recordId) where.recordIds = { $contains: [filter.recordId] };
  if (filter?.from || filter?.to) {
    where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return where;
}
