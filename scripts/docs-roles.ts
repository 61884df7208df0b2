import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { ROLE_TABLE_PAGE, withRoleTable } from '../src/auth/role-table';
import { buildStocklineSchema } from '../src/graphql/schema';

/** Writes the role table of docs/internal-frontends.md from src/auth/permissions.ts (a test fails when they differ). */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, __filename.endsWith('.ts') ? '..' : '../..');
  const file = path.join(root, ROLE_TABLE_PAGE);
  const page = fs.readFileSync(file, 'utf8');
  const next = withRoleTable(page, await buildStocklineSchema());
  if (next !== page) fs.writeFileSync(file, next);
  console.log(
    next === page ? `${ROLE_TABLE_PAGE}: role table up to date.` : `${ROLE_TABLE_PAGE}: role table rewritten.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
