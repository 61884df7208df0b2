import type { Migrator } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The migrator, loaded on first use: the migrations package (umzug, @rushstack) and the migration
 * classes cost every process that loads the ORM, and most never migrate (test files clone a
 * migrated template database), so only the paths that migrate or check pending migrations pay.
 */
export function migratorOf(orm: MikroORM): Migrator {
  const registered = orm.config.getExtension<Migrator>('@mikro-orm/migrator');
  if (registered) return registered;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Migrator: MigratorClass } = require('@mikro-orm/migrations') as typeof import('@mikro-orm/migrations');
  const { migrationsList } = require('../../migrations') as typeof import('../../migrations/index.js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // An explicit list (kept by `npm run db:migration:create`) loads the same under jest and node.
  orm.config.get('migrations').migrationsList = migrationsList;
  MigratorClass.register(orm);
  return orm.config.getExtension<Migrator>('@mikro-orm/migrator')!;
}
