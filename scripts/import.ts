import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { migrate } from '../src/db/orm';
import { importCatalog, ImportRejected, IMPORT_COLUMNS } from '../src/operations/catalog-import';
import { ensureCompany } from '../src/server/boot';
import { runScript, ScriptError, withDatabase } from './database';

const USAGE = `Usage: npm run import -- <file.csv> [--receipt-size N]
Columns (header row, any order; only sku is required): ${IMPORT_COLUMNS.join(', ')}`;

/** Products and opening stock from CSV: all rows or none. Progress on stderr, summary on stdout. */
runScript(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const sizeAt = args.indexOf('--receipt-size');
  const receiptSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : undefined;
  if (!file || (receiptSize !== undefined && !(receiptSize >= 1))) throw new ScriptError(USAGE);
  if (!fs.existsSync(file)) throw new ScriptError(`No such file: ${file}`);
  const text = fs.readFileSync(file, 'utf8');

  await withDatabase(async (orm, config) => {
    await migrate(orm);
    const companyId = await ensureCompany(orm, config.seedDemo);
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
