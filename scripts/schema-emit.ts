import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildStocklineSchema, printStocklineSchema } from '../src/graphql/schema';

/** Writes schema/schema.graphql from the code; `--check` fails instead when the file differs. */
async function main(): Promise<void> {
  const file = path.resolve(
    __dirname,
    process.argv[1]?.includes('dist') ? '../../schema/schema.graphql' : '../schema/schema.graphql',
  );
  const printed = printStocklineSchema(await buildStocklineSchema());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== printed) {
      console.error('schema/schema.graphql is out of date: run `npm run schema:emit` and commit it.');
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date.');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printed);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
