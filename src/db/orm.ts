import { MikroORM } from '@mikro-orm/postgresql';
import { type DriverLog, ormConfig } from '../config/mikro-orm.config';
import type { Logger } from '../observability/logger';
import { registerLockTimeout } from './lock-timeout';
import { migratorOf } from './migrator';

export async function initOrm(
  clientUrl: string,
  poolMax?: number,
  lockTimeoutMs?: number,
  /** Receives the database driver's warnings as JSON lines (without it they are dropped). */
  logger?: Logger,
): Promise<MikroORM> {
  const log: DriverLog | undefined = logger
    ? (level, message) => logger[level]({ component: 'database-driver' }, String(message))
    : undefined;
  const orm = await MikroORM.init(ormConfig({ clientUrl, poolMax, lockTimeoutMs, log }));
  if (lockTimeoutMs !== undefined) registerLockTimeout(orm.config, lockTimeoutMs);
  return orm;
}
/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await migratorOf(orm).up();
  return applied.map((m) => m.name);
}

/** Readiness: the database answers and no migration is pending. */
export async function databaseReady(orm: MikroORM): Promise<{ database: boolean; migrations: boolean }> {
  try {
    await orm.em.getConnection().execute('select 1');
  } catch {
    return { database: false, migrations: false };
  }
  try {
    const pending = await migratorOf(orm).getPendingMigrations();
    return { database: true, migrations: pending.length === 0 };
  } catch {
    return { database: true, migrations: false };
  }
}
