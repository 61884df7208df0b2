import fs from 'node:fs';
import { dropTemplateDatabases } from './template-databases';

export default async function globalTeardown(): Promise<void> {
  const templates = globalThis.__STOCKLINE_TEMPLATES__;
  if (templates) await dropTemplateDatabases(templates.adminUrl, templates.names);
  const embedded = globalThis.__STOCKLINE_EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
