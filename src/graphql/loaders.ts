import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/**
 * What every loader reads through: the request's EntityManager and the caller's company. Every
 * loader filters by the company too, so an id that slipped in from elsewhere can never load
 * another company's row (defence in depth: parents are already scoped).
 */
export interface LoaderScope {
  em: EntityManager;
  companyId: string;
}

/** One `select ... where id in (...)` per tick, whatever the number of parents asking. */
export function byIdLoader<T extends { id: string }>(
  { em, companyId }: LoaderScope,
  entity: EntityName<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- id and company filters are valid for every company-scoped entity
    const rows = (await em.find(entity, { id: { $in: [...ids] }, company: companyId } as any)) as T[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Children grouped by a foreign key, one query per tick. */
export function groupLoader<T extends object>(
  { em, companyId }: LoaderScope,
  entity: EntityName<T>,
  foreignKey: string,
  keyOf: (row: T) => string,
  orderBy: Record<string, 'asc' | 'desc'>,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const where = { [foreignKey]: { $in: [...keys] }, company: companyId };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the foreign key and orderBy are valid paths of the entity
    const rows = (await em.find(entity, where as any, { orderBy } as any)) as T[];
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}
