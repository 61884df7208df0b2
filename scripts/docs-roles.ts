import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { withRoleTable } from '../src/auth/role-table';
import { buildStocklineSchema } from '../src/graphql/schema';

/** Writes the README's role table from src/auth/permissions.ts (a test fails when they differ). */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, __filename.endsWith('.ts') ? '../README.md' : '../../README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const next = withRoleTable(readme, await buildStocklineSchema());
  if (next !== readme) fs.writeFileSync(file, next);
  console.log(next === readme ? 'README role table is up to date.' : 'README role table rewritten.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
