import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_SOURCE_DIR } from '../src/config/mikro-orm.config';
import { initOrm, migrate } from '../src/db/orm';
import { migratorOf } from '../src/db/migrator';
import { withScratchDatabase } from './scratch-database';

/** Writes migrations/index.ts listing every migration file in name (= time) order. */
export function writeMigrationsIndex(dir: string): void {
  const names = fs
    .readdirSync(dir)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const imports = names.map((name) => `import { ${name} } from './${name}';`).join('\n');
  const list = names.map((name) => `  { name: '${name}', class: ${name} },`).join('\n');
  fs.writeFileSync(
    path.join(dir, 'index.ts'),
    `import type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\n/** Applied in this order; \`npm run db:migration:create\` appends new ones. */\nexport const migrationsList: MigrationObject[] = [\n${list}\n];\n`,
  );
}

/** Diffs the entities against a scratch database migrated to head and writes the difference as a migration. */
async function main(): Promise<void> {
  await withScratchDatabase('stockline_migration', async (url) => {
    const orm = await initOrm(url);
    try {
      await migrate(orm);
      const initial = fs.readdirSync(MIGRATIONS_SOURCE_DIR).every((file) => !file.startsWith('Migration'));
      const result = await migratorOf(orm).createMigration(MIGRATIONS_SOURCE_DIR, false, initial);
      if (!result.fileName) {
        console.log('Entities and migrations agree: nothing to generate.');
        return;
      }
      writeMigrationsIndex(MIGRATIONS_SOURCE_DIR);
      console.log(`Wrote migrations/${result.fileName}`);
    } finally {
      await orm.close(true);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
