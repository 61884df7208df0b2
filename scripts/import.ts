import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { migrate } from '../src/db/orm';
import { importCatalog, ImportRejected, IMPORT_COLUMNS } from '../src/operations/catalog-import';
import { findDefaultCompany } from '../src/modules/company/company.service';
import { ensureCompany } from '../src/server/boot';
import { runScript, ScriptError, withDatabase } from './database';

const USAGE = `Usage: npm run import -- <file.csv> [--receipt-size N] [--demo]
Columns (header row, any order; only sku is required): ${IMPORT_COLUMNS.join(', ')}
Into a database without a company, it creates a bare company; --demo loads the demo company first.`;

/** Products and opening stock from CSV: all rows or none. Progress on stderr, summary on stdout. */
runScript(async () => {
  const args = process.argv.slice(2);
  const sizeAt = args.indexOf('--receipt-size');
  const receiptSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : undefined;
  const demo = args.includes('--demo');
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--receipt-size');
  if (!file || (receiptSize !== undefined && !(receiptSize >= 1))) throw new ScriptError(USAGE);
  if (!fs.existsSync(file)) throw new ScriptError(`No such file: ${file}`);
  const text = fs.readFileSync(file, 'utf8');

  await withDatabase(async (orm) => {
    await migrate(orm);
    // Never the demo company behind the user's back (SEED_DEMO is the server's default for a
    // first start, not a wish to mix demo products into an import): only with --demo.
    const empty = !(await findDefaultCompany(orm.em.fork()));
    const companyId = await ensureCompany(orm, demo);
    if (empty) {
      console.error(
        demo
          ? 'Empty database: loaded the demo company (--demo).'
          : 'Empty database: created a bare company (no demo data; --demo imports into the demo company).',
      );
    }
    const bar = new SingleBar({
      format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {phase} | {duration}s',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    });
    let started = false;
    try {
      const report = await importCatalog(orm, companyId, text, {
        receiptSize,
        reference: `import:${path.basename(file)}`,
        onProgress: (done, total, phase) => {
          if (!started) bar.start(total, 0, { phase });
          started = true;
          bar.update(done, { phase });
        },
      });
      bar.stop();
      console.log(
        `Imported ${file}: ${report.products} new product(s), ${report.stockRows} stock row(s) received in ` +
          `${report.receipts} receipt(s), in ${report.seconds.toFixed(1)} s.`,
      );
    } catch (error) {
      if (started) bar.stop();
      if (!(error instanceof ImportRejected)) throw error;
      const shown = error.errors.slice(0, 100);
      for (const e of shown) console.error(`${file}:${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
      if (error.errors.length > shown.length) console.error(`... and ${error.errors.length - shown.length} more`);
      throw new ScriptError(`${error.errors.length} error(s): nothing was imported.`);
    }
  });
});
