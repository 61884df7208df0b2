import path from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { entities } from '../modules';
import { AuditSubscriber } from '../graphql/audit-trail';

/** Compiled (dist/) or run from sources (tests): migrations follow the same flavour. */
const runningTs = __filename.endsWith('.ts');
export const MIGRATIONS_SOURCE_DIR = path.resolve(__dirname, runningTs ? '../../migrations' : '../../../migrations');

export function ormConfig(options: {
  clientUrl: string;
  poolMax?: number;
  debug?: boolean;
  lockTimeoutMs?: number;
  /** Where the database driver's own warnings go (JSON log lines, not bare text on stdout). */
  log?: DriverLog;
}): Options {
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const log = options.log ?? silentDriverLog;
  return defineConfig({
    clientUrl: options.clientUrl,
    entities: [...entities, IdempotencyKey],
    discovery: { warnWhenNoEntities: true },
    subscribers: [new AuditSubscriber()],
    // knex prints its warnings (such as "Connection Error: ..." for a connection PostgreSQL
    // ended) with console.log unless given a logger.
    driverOptions: {
      log: {
        warn: (message: unknown) => log('warn', message),
        error: (message: unknown) => log('error', message),
        deprecate: (method: unknown, alternative: unknown) =>
          log('warn', `${String(method)} is deprecated, use ${String(alternative)}`),
        debug: () => {},
      },
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      // Lock waits are bounded: a request that cannot get its row locks in time fails with a
      // retryable BUSY error instead of hanging behind a stuck transaction. Generic plans apply
      // only to named prepared statements (src/db/prepared.ts: knex's are unnamed), whose plans
      // do not depend on their values: planning them at every call was most of their cost.
      afterCreate: (connection: PooledConnection, done: (error: Error | null, connection: unknown) => void) => {
        // A FATAL error ends the session, but pg's client and knex only learn it when the socket
        // closes, a moment later: meanwhile the pool could hand the dead connection to the next
        // request, whose statement would then fail after it was sent. Knex's pool refuses a
        // connection marked disposed.
        connection.connection?.on('errorMessage', (message: { severity?: string; message?: string }) => {
          if (message.severity === 'FATAL' || message.severity === 'PANIC') {
            connection.__knex__disposed ??= `${message.severity}: ${message.message}`;
          }
        });
        connection.query(
          `set lock_timeout = ${Math.floor(lockTimeoutMs)}; set plan_cache_mode = force_generic_plan`,
          (error) => done(error, connection),
        );
      },
    },
    // Refuse to lazy-load outside a request's fork: every read goes through a forked EntityManager.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: options.debug ?? false,
    // No Migrator extension nor migration list here: src/db/migrator.ts loads them when a process
    // migrates. Most never do (test files clone a migrated template) and the migrations package
    // (umzug, @rushstack) was about a third of their module loading.
    migrations: {
      path: path.resolve(__dirname, '../../migrations'),
      pathTs: MIGRATIONS_SOURCE_DIR,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      // Drift is checked against the migrated database itself, not a snapshot file.
      snapshot: false,
      silent: true,
    },
  });
}

/** A pg client as knex pools it. */
interface PooledConnection {
  query: (sql: string, cb: (error: Error | null) => void) => void;
  /** pg's protocol connection: it sees the server's messages before the client acts on them. */
  connection?: {
    on(event: 'errorMessage', listener: (message: { severity?: string; message?: string }) => void): void;
  };
  __knex__disposed?: unknown;
}

/** The driver's warnings and errors, one message each. */
export type DriverLog = (level: 'warn' | 'error', message: unknown) => void;

const silentDriverLog: DriverLog = () => {};
