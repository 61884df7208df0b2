import { migrate } from '../src/db/orm';
import { ensureCompany } from '../src/server/boot';
import { runScript, ScriptError, withDatabase } from './database';

/**
 * Drops every table of the database, applies all migrations and loads the demo data
 * (`--empty`: a bare company instead). Asks for `--yes`, and refuses NODE_ENV=production.
 */
runScript(() =>
  withDatabase(async (orm, config) => {
    const args = process.argv.slice(2);
    if (config.nodeEnv === 'production') throw new ScriptError('db:reset refuses to run with NODE_ENV=production.');
    if (!args.includes('--yes')) {
      throw new ScriptError('db:reset deletes every row of the database: run it as `npm run db:reset -- --yes`.');
    }
    await orm.em.getConnection().execute('drop schema public cascade; create schema public;');
    const applied = await migrate(orm);
    await ensureCompany(orm, !args.includes('--empty'));
    console.log(
      `Database reset: ${applied.length} migration(s) applied, ${args.includes('--empty') ? 'a bare company' : 'demo data'} loaded.`,
    );
  }),
);
