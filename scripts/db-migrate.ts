import 'reflect-metadata';
import { loadConfig } from '../src/config/env';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { initOrm, migrate } from '../src/db/orm';

/** Applies pending migrations to DATABASE_URL (or the embedded PostgreSQL under .data/) and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.embeddedPg);
  const orm = await initOrm(config.databaseUrl ?? embedded!.url);
  try {
    const applied = await migrate(orm);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migration.');
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
