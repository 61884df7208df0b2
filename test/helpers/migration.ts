import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { withScratchDatabase } from '../../scripts/scratch-database';
import { migratorOf } from '../../src/db/migrator';
import { initOrm } from '../../src/db/orm';

type Connection = ReturnType<MikroORM['em']['getConnection']>;

/**
 * A migration's test: a scratch database on the run's server (embedded PostgreSQL when
 * DATABASE_URL is unset, not a second embedded one) migrated up to just before the migration
 * under test, so that `work` can lay down the data it finds, then migrate on with `up`.
 */
export async function beforeMigration(
  name: string,
  upTo: string,
  work: (conn: Connection, up: (to?: string) => Promise<unknown>) => Promise<void>,
): Promise<void> {
  process.env.DATABASE_URL ??= process.env.TEST_DATABASE_ADMIN_URL;
  await withScratchDatabase(name, async (url) => {
    const orm = await initOrm(url);
    try {
      const migrator = migratorOf(orm);
      await migrator.up({ to: upTo });
      await work(orm.em.getConnection(), (to) => migrator.up(to ? { to } : undefined));
    } finally {
      await orm.close(true);
    }
  });
}

/** Two companies, as a migration that gives each company accounts finds them: their ids. */
export async function plainAndTakenCompanies(conn: Connection): Promise<[plain: string, taken: string]> {
  const [plain, taken] = [randomUUID(), randomUUID()];
  await conn.execute(`insert into company (id, code, name) values (?, 'PLAIN', 'Plain'), (?, 'TAKEN', 'Taken')`, [
    plain,
    taken,
  ]);
  return [plain, taken];
}
