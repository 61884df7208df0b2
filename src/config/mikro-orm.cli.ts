import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from '../../migrations';
import { ormConfig } from './mikro-orm.config';

/** Used by the MikroORM CLI (`npx mikro-orm --config dist/src/config/mikro-orm.cli.js ...`) against the built code. */
const config = ormConfig({ clientUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stockline' });
export default { ...config, extensions: [Migrator], migrations: { ...config.migrations, migrationsList } };
