import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/** One `select ... where id in (...)` per tick, whatever the number of parents asking. */
export function byIdLoader<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- id filter is valid for every entity with an `id` key
    const rows = (await em.find(entity, { id: { $in: [...ids] } } as any)) as T[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Children grouped by a foreign key, one query per tick. */
export function groupLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  foreignKey: string,
  keyOf: (row: T) => string,
  orderBy: Record<string, 'asc' | 'desc'>,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the foreign key is a valid path of the entity
    const rows = (await em.find(entity, { [foreignKey]: { $in: [...keys] } } as any, { orderBy } as any)) as T[];
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}
