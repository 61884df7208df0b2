import fs from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const templates = globalThis.__STOCKLINE_TEMPLATES__;
  if (templates) {
    const admin = new Client({ connectionString: templates.adminUrl });
    await admin.connect();
    try {
      for (const name of [templates.names.seeded, templates.names.bare]) {
        await admin.query(`drop database if exists "${name}" with (force)`);
      }
    } finally {
      await admin.end();
    }
  }
  const embedded = globalThis.__STOCKLINE_EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
