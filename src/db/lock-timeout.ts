import type { EntityManager } from '@mikro-orm/postgresql';

/** Per database (ORM configuration), the lock_timeout its connections run with. No imports: services read it. */
const lockTimeouts = new WeakMap<object, number>();

export function registerLockTimeout(config: object, ms: number): void {
  lockTimeouts.set(config, ms);
}

/** The lock_timeout of the database an EntityManager works on (LOCK_TIMEOUT_MS, 5 s by default). */
export function lockTimeoutOf(em: EntityManager): number {
  return lockTimeouts.get(em.config) ?? 5000;
}
