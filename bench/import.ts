import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { initOrm, migrate } from '../src/db/orm';
import { importCatalog } from '../src/operations/catalog-import';
import { ensureCompany } from '../src/server/boot';
import { withScratchDatabase } from '../scripts/scratch-database';

/**
 * The CSV import at scale: IMPORT_ROWS rows (default 100,000: half as many products, each with
 * stock in two warehouses, every tenth lot-tracked) into a scratch database with the demo data.
 * Writes its section of bench/RESULTS.md.
 */
const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
const REPO = (function repoRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  return repoRoot(path.dirname(dir));
})(__dirname);
const RESULTS = path.join(REPO, 'bench/RESULTS.md');
const SECTION_START = '<!-- import-bench:start -->';
const SECTION_END = '<!-- import-bench:end -->';

function csv(rows: number): string {
  const lines = ['sku,name,uom,tracking,warehouse,quantity,lot,unit_cost'];
  for (let i = 0; lines.length <= rows; i++) {
    const sku = `BULK-${String(i).padStart(7, '0')}`;
    const lot = i % 10 === 0;
    lines.push(`${sku},Bulk item ${i},Unit,${lot ? 'LOT' : ''},PAR,${(i % 500) + 1},${lot ? `L${i}` : ''},1.25`);
    if (lines.length <= rows) lines.push(`${sku},,,,LYO,${(i % 70) + 0.5},${lot ? `L${i}` : ''},`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  await withScratchDatabase('stockline_bench_import', async (url) => {
    const orm = await initOrm(url, 4);
    try {
      await migrate(orm);
      const companyId = await ensureCompany(orm, true);
      const text = csv(ROWS);
      const file = path.join(os.tmpdir(), `stockline-import-${process.pid}.csv`);
      fs.writeFileSync(file, text);
      const memoryBefore = process.memoryUsage().rss;
      let peak = memoryBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
      let lastLog = 0;
      const report = await importCatalog(orm, companyId, fs.readFileSync(file, 'utf8'), {
        onProgress: (done, total, phase) => {
          if (Date.now() - lastLog > 5000 || done === total) {
            lastLog = Date.now();
            console.error(`${phase}: ${done}/${total}`);
          }
        },
      });
      clearInterval(sampler);
      const db = new Client({ connectionString: url });
      await db.connect();
      const version = (await db.query('show server_version')).rows[0].server_version as string;
      const [{ moves, quants }] = (
        await db.query(
          `select (select count(*) from stock_move where reference_document_uri = 'import') as moves,
                  (select count(*) from quant q join product p on p.id = q.product_id where p.sku like 'BULK-%') as quants`,
        )
      ).rows;
      await db.end();
      fs.rmSync(file);
      const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${version}`;
      const section = [
        SECTION_START,
        '## CSV import of products and opening stock',
        '',
        `Command: \`npm run bench:import\` (IMPORT_ROWS=${ROWS}), ${new Date().toISOString()}`,
        `Machine: ${machine}. The import runs in the bench process against a scratch database (pool of 4).`,
        '',
        `- ${ROWS.toLocaleString('en')} rows (${(text.length / 2 ** 20).toFixed(1)} MiB; ${report.products.toLocaleString('en')} new products, ${report.stockRows.toLocaleString('en')} stock rows in ${report.receipts} receipts of up to 500 lines): ${report.seconds.toFixed(1)} s, ${Math.round(ROWS / report.seconds).toLocaleString('en')} rows/s`,
        `- written: ${Number(moves).toLocaleString('en')} done receipt moves, ${Number(quants).toLocaleString('en')} quants, one transaction`,
        `- peak resident memory of the importing process: ${Math.round(peak / 2 ** 20)} MiB`,
        '',
        SECTION_END,
        '',
      ].join('\n');
      const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
      const start = previous.indexOf(SECTION_START);
      const end = previous.indexOf(SECTION_END);
      fs.writeFileSync(
        RESULTS,
        start >= 0 && end > start
          ? previous.slice(0, start) + section + previous.slice(end + SECTION_END.length).replace(/^\n/, '')
          : `${previous.trimEnd()}\n\n${section}`,
      );
      console.log(section);
    } finally {
      await orm.close(true);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
