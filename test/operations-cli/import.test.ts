import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { StockLevelsDocument, TrialBalanceDocument } from '../generated/graphql';
import { native } from '../helpers/native';
import { startTestApp, type TestApp } from '../helpers/test-app';
import type * as CatalogImport from '../../src/operations/catalog-import';
const { importCatalog, ImportRejected } = native<typeof CatalogImport>('src/operations/catalog-import');

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

const HEADER = 'sku,name,uom,category,barcode,tracking,requires_inspection,warehouse,quantity,lot,unit_cost';

async function rejected(app: TestApp, csv: string): Promise<CatalogImport.ImportRejected> {
  try {
    await importCatalog(app.orm, app.companyId, csv);
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('the import was accepted');
}

describe('CSV import of products and opening stock', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  });
  afterAll(() => app.close());

  const counts = async () => {
    const [row] = await app.sql<{ products: string; moves: string; quants: string; transfers: string }>(
      `select (select count(*) from product) as products, (select count(*) from stock_move) as moves,
              (select count(*) from quant) as quants, (select count(*) from transfer) as transfers`,
    );
    return row;
  };

  it('imports products and their opening stock as receipts, which stockLevels then shows', async () => {
    const before = await counts();
    const books = async () => {
      const { trialBalance } = await app.ok(TrialBalanceDocument, {});
      const of = (role: string) => Number(trialBalance.lines.find((l) => l.account.role === role)?.balance ?? 0);
      return { inventory: of('INVENTORY'), grni: of('GRNI'), opening: of('OPENING_BALANCE') };
    };
    const booksBefore = await books();
    const csv = [
      HEADER,
      'IMP-001,Imported widget,Unit,,4000000000001,,,PAR,120,,2.50',
      'IMP-001,,,,,,,LYO,30.5,,',
      'IMP-002,Imported coffee,kg,,,LOT,false,PAR,12.25,L-1,',
      'IMP-002,,,,,,,PAR,7.75,L-2,',
      'IMP-003,Imported drill,Unit,,,SERIAL,,LYO,1,SN-1,',
      'IMP-003,,,,,,,LYO,1,SN-2,',
      'IMP-004,Catalogue only,Dozen,,,,,,,,',
      // Existing product: stock only.
      'BEV-COLA-033,,,,,,,PAR,10,,',
    ].join('\n');
    const progress: number[] = [];
    const report = await importCatalog(app.orm, app.companyId, csv, {
      receiptSize: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(report).toMatchObject({ products: 4, stockRows: 7 });
    // PAR: 4 rows in receipts of 2; LYO: 3 rows.
    expect(report.receipts).toBe(4);
    expect(progress[progress.length - 1]).toBe(11);

    const levels = await app.ok(StockLevelsDocument, {
      skus: ['IMP-001', 'IMP-002', 'IMP-003', 'IMP-004'],
    });
    const figure = (sku: string, wh: string) =>
      levels.stockLevels.find((l) => l.product.sku === sku && l.warehouse.code === wh)?.onHand;
    expect(figure('IMP-001', 'PAR')).toBe('120');
    expect(figure('IMP-001', 'LYO')).toBe('30.5');
    expect(figure('IMP-002', 'PAR')).toBe('20');
    expect(figure('IMP-003', 'LYO')).toBe('2');
    expect(figure('IMP-004', 'PAR')).toBe('0');
    const [moves] = await app.sql<{ n: string; costed: string }>(
      `select count(*) as n, count(*) filter (where m.unit_cost = 2.5) as costed
         from stock_move m join product p on p.id = m.product_id
        where p.sku like 'IMP-%' and m.state = 'DONE' and m.reference_document_uri = 'import'`,
    );
    expect(moves).toEqual({ n: '6', costed: '1' });
    // Opening stock is nobody's invoice to come: Dr Inventory, Cr Opening balance equity; GR/IR untouched.
    const booksAfter = await books();
    expect(booksAfter.grni).toBe(booksBefore.grni);
    expect(booksAfter.inventory - booksBefore.inventory).toBeGreaterThanOrEqual(300);
    expect(booksAfter.opening - booksBefore.opening).toBeCloseTo(-(booksAfter.inventory - booksBefore.inventory), 6);
    const after = await counts();
    expect(Number(after.products) - Number(before.products)).toBe(4);
    expect(Number(after.transfers) - Number(before.transfers)).toBe(4);
  });

  it('checks every row: a bad file imports nothing and each error names its line and column', async () => {
    const before = await counts();
    const csv = [
      HEADER,
      'BAD-001,Good row,Unit,,,,,PAR,5,,',
      'BAD-002,Bad quantity,Unit,,,,,PAR,-3,,',
      'BAD-003,Unknown unit,Parsec,,,,,PAR,1,,',
      'BAD-004,Unknown warehouse,Unit,,,,,NOWHERE,1,,',
      'BAD-005,Lot product without lot,Unit,,,LOT,,PAR,1,,',
      'BAD-001,Another name,,,,,,PAR,1,,',
      'BEV-COLA-033,Renamed cola,,,,,,PAR,1,,',
      'bad sku,Spaces,Unit,,,,,,,,',
      'BAD-006,Serial,Unit,,,SERIAL,,PAR,2,S-1,',
    ].join('\n');
    const error = await rejected(app, csv);
    const lines = error.errors.map((e) => `${e.line}:${e.column}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '3:quantity',
        '4:uom',
        '5:warehouse',
        '6:lot',
        '7:name',
        '8:name',
        '9:sku',
        '10:quantity',
      ]),
    );
    expect(lines.some((l) => l.startsWith('2:'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('rolls back everything when the ledger refuses a row the check let through', async () => {
    // A serial already in stock: the ledger's own rule, reported on its line.
    await importCatalog(app.orm, app.companyId, `${HEADER}\nSER-1,Serial thing,Unit,,,SERIAL,,PAR,1,X-1,`);
    const before = await counts();
    const error = await rejected(
      app,
      [HEADER, 'LATE-1,Fine product,Unit,,,,,PAR,5,,', 'SER-1,,,,,,,LYO,1,X-1,'].join('\n'),
    );
    expect(error.errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect(error.errors[0].message).toMatch(/X-1/);
    expect(await counts()).toEqual(before);
  });

  it('npm run import: exit code 1 and the line on stderr for a bad file, a summary for a good one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-import-'));
    const bad = path.join(dir, 'bad.csv');
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(bad, [HEADER, 'CLI-1,Fine,Unit,,,,,PAR,1,,', 'CLI-2,Broken,Unit,,,,,PAR,abc,,'].join('\n'));
    fs.writeFileSync(good, [HEADER, 'CLI-1,Fine,Unit,,,,,PAR,1,,', 'CLI-2,Also fine,Unit,,,,,LYO,2,,'].join('\n'));
    const env = { ...process.env, DATABASE_URL: app.databaseUrl, NODE_ENV: 'test' };
    const script = path.join(ROOT, 'dist', 'scripts', 'import.js');
    const failed = await run('node', [script, bad], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain(`${bad}:3 (quantity)`);
    expect((failed as { stderr: string }).stderr).toContain('nothing was imported');
    const [none] = await app.sql<{ n: string }>(`select count(*) as n from product where sku like 'CLI-%'`);
    expect(none.n).toBe('0');
    const ok = await run('node', [script, good], { env });
    expect(ok.stdout).toMatch(/2 new product\(s\), 2 stock row\(s\) received in 2 receipt\(s\)/);
    const levels = await app.ok(StockLevelsDocument, { skus: ['CLI-2'], warehouseCodes: ['LYO'] });
    expect(levels.stockLevels.map((l) => [l.warehouse.code, l.onHand])).toEqual([['LYO', '2']]);
  });
});

describe('npm run import into a migrated empty database', () => {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const databases: string[] = [];
  afterAll(async () => {
    for (const name of databases) await admin(`drop database if exists "${name}" with (force)`);
  });

  /** A database as `npm run db:migrate` leaves it: every table, no company. */
  async function migratedEmpty(): Promise<string> {
    const name = `sl_test_import_${process.pid}_${databases.length}_${Date.now()}`;
    await admin(`create database "${name}"`);
    databases.push(name);
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    await run('node', [path.join(ROOT, 'dist', 'scripts', 'db-migrate.js')], {
      env: { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: 'test' },
    });
    return url.toString();
  }
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };

  it('creates a bare company and says so; the demo company only with --demo', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-import-empty-'));
    const file = path.join(dir, 'catalog.csv');
    fs.writeFileSync(file, [HEADER, 'NEW-1,New product,Unit,,,,,,,,'].join('\n'));
    const script = path.join(ROOT, 'dist', 'scripts', 'import.js');

    const bare = await migratedEmpty();
    const plain = await run('node', [script, file], { env: { ...process.env, DATABASE_URL: bare, NODE_ENV: 'test' } });
    expect(plain.stderr).toMatch(/Empty database: created a bare company \(no demo data; --demo/);
    expect(await query(bare, 'select sku from product order by sku')).toEqual([{ sku: 'NEW-1' }]);

    const demo = await migratedEmpty();
    const withDemo = await run('node', [script, file, '--demo'], {
      env: { ...process.env, DATABASE_URL: demo, NODE_ENV: 'test' },
    });
    expect(withDemo.stderr).toMatch(/loaded the demo company/);
    const skus = (await query(demo, 'select sku from product')).map((r) => r.sku);
    expect(skus).toEqual(expect.arrayContaining(['NEW-1', 'BEV-COLA-033']));
  }, 240_000); // four script runs (two migrations, the demo seed): slow on a loaded machine
});
