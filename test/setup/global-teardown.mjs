import fs from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.__STOCKLINE_EMBEDDED_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
