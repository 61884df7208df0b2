import { randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { type AuditEntryValues, type Collector, registerAuditWriter, resultIds } from '../../graphql/audit-trail';
import { Company } from '../company/company.entity';
import type { AuditLogFilter } from './access.inputs';
import { AuditLog } from './audit-log.entity';

export type { AuditEntryValues } from '../../graphql/audit-trail';

/*
 * The only writers of audit_log (as stock-ledger.service.ts is of quants), both fed by
 * auditEntryValues (src/graphql/audit-trail.ts): writeAuditEntry for work done through the ORM
 * (its changes collected from the flushes), auditEntriesSql inside a statement written by hand
 * (the storefront's reservations).
 */

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

registerAuditWriter(writeAuditEntry);
