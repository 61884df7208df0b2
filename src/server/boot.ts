import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ensureDevelopmentKey } from '../modules/access/development-key';
import type { AppConfig } from '../config/env';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded-postgres';
import { initOrm, migrate } from '../db/orm';
import { migratorOf } from '../db/migrator';
import { ReadReplicas } from '../db/replicas';
import { buildStocklineSchema } from '../graphql/schema';
import { findDefaultCompany } from '../modules/company/company.service';
import { setUpCompany } from '../seed/company-setup';
import { DemoSeeder } from '../seed/demo.seeder';
import { createStocklineServer, type StocklineServer } from './app';
import type { Logger } from '../observability/logger';
import { startSweeper } from './sweeper';

/** Makes sure a company exists: the demo data set on an empty database, or a bare company when demo data is off. */
export async function ensureCompany(orm: MikroORM, seedDemo: boolean, logger?: Logger): Promise<string> {
  const em = orm.em.fork();
  const existing = await findDefaultCompany(em);
  if (existing) return existing.id;
  if (seedDemo) {
    await em.transactional((tx) => new DemoSeeder().run(tx));
    logger?.info('empty database: demo data loaded');
  } else {
    await em.transactional((tx) =>
      setUpCompany(tx, { code: 'DEFAULT', name: 'Default company' }).then(() => undefined),
    );
    logger?.info('empty database: default company created');
  }
  const created = await findDefaultCompany(orm.em.fork());
  if (!created) throw new Error('no company after setup');
  return created.id;
}

/** The start refused: the database is behind the code's migrations and DB_AUTO_MIGRATE is off. */
export class DatabaseBehindError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `the database is behind its migrations (${pending.length} pending: ${pending.join(', ')}); ` +
        'run `npm run db:migrate` or start with DB_AUTO_MIGRATE=true',
    );
    this.name = 'DatabaseBehindError';
  }
}

/**
 * Brings the database to the code's migrations (DB_AUTO_MIGRATE, the default: `npm start` needs
 * no set-up), or refuses to start on a database behind them: serving it would fail requests
 * with missing tables and columns.
 */
export async function migrateOrRefuse(orm: MikroORM, autoMigrate: boolean, logger?: Logger): Promise<void> {
  if (autoMigrate) {
    const applied = await migrate(orm);
    if (applied.length > 0) logger?.info({ migrations: applied }, 'migrations applied');
    return;
  }
  const pending = (await migratorOf(orm).getPendingMigrations()).map((m) => m.name);
  if (pending.length > 0) throw new DatabaseBehindError(pending);
}

export interface RunningApp {
  port: number;
  orm: MikroORM;
  server: StocklineServer;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** config -> database (embedded unless DATABASE_URL) -> migrations -> demo data -> schema -> HTTP + WebSocket. */
export async function startApp(config: AppConfig, logger: Logger): Promise<RunningApp> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.info({ dataDir: config.embeddedPg.dataDir, port: config.embeddedPg.port }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedPg.dataDir,
      port: config.embeddedPg.port,
      log: (line) => logger.debug({ component: 'embedded-postgres' }, line),
    });
    databaseUrl = embedded.url;
  }
  let orm: MikroORM | undefined;
  let replicas: ReadReplicas | undefined;
  try {
    orm = await initOrm(databaseUrl, config.dbPoolMax, config.lockTimeoutMs, logger);
    await migrateOrRefuse(orm, config.autoMigrate, logger);
    const companyId = await ensureCompany(orm, config.seedDemo, logger);
    if (config.auth.developmentKey) {
      const file = path.join(path.dirname(config.embeddedPg.dataDir), 'dev-admin-key');
      const key = await ensureDevelopmentKey(orm, companyId, file);
      logger.info({ key }, `development ADMIN key (send "Authorization: Bearer ${key}"); kept in ${file}`);
    }
    const schema = await buildStocklineSchema();
    if (config.replicas.urls.length > 0) {
      replicas = await ReadReplicas.start(orm, {
        ...config.replicas,
        poolMax: config.dbPoolMax,
        lockTimeoutMs: config.lockTimeoutMs,
        logger,
      });
    }
    const server = await createStocklineServer({ orm, schema, config, logger, companyId, replicas });
    const port = await server.listen(config.port, config.host);
    const sweeper = startSweeper(orm, logger, config.sweepIntervalMs, () => server.stockEvents.committed());
    const ormRef = orm;
    const replicasRef = replicas;
    return {
      port,
      orm,
      server,
      databaseUrl,
      stop: async () => {
        await sweeper.stop();
        await server.close();
        logger.debug('HTTP and WebSocket server closed');
        await replicasRef?.close();
        await ormRef.close(true);
        logger.debug('database pool closed');
        if (embedded) {
          await embedded.stop();
          logger.debug('embedded PostgreSQL stopped');
        }
      },
    };
  } catch (error) {
    await replicas?.close();
    await orm?.close(true);
    if (embedded) await embedded.stop();
    throw error;
  }
}
