import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type AppConfig } from '../src/config/env';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { initOrm } from '../src/db/orm';

/** Runs `work` against DATABASE_URL, or the embedded PostgreSQL under .data/ as `npm start` does, then closes it. */
export async function withDatabase<T>(work: (orm: MikroORM, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.embeddedPg);
  const orm = await initOrm(config.databaseUrl ?? embedded!.url, config.dbPoolMax, config.lockTimeoutMs);
  try {
    return await work(orm, config);
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

/** The entry point of a script: exit code 1 and the message (not a stack) for expected failures. */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error && error.name === 'ScriptError' ? error.message : error);
    process.exit(1);
  });
}

export class ScriptError extends Error {
  override name = 'ScriptError';
}
