import { Client } from 'pg';
import { stopEmbedded } from './global-setup';

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

export default async function globalTeardown(): Promise<void> {
  const templates = globalThis.__STOCKLINE_TEMPLATES__;
  if (templates) {
    const { adminUrl, names, prefix } = templates;
    // The test files drop their databases without waiting (test/helpers/test-app.ts); what one
    // left (a worker that ended first, a file that failed) goes here. The drops run side by side:
    // each waits for a checkpoint, and concurrent ones share it.
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    let left: string[];
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [prefix],
      );
      left = rows.map((row) => row.datname);
    } finally {
      await admin.end();
    }
    await Promise.all([names.seeded, names.bare, names.migrated, ...left].map((name) => dropDatabase(adminUrl, name)));
  }
  await stopEmbedded();
}
