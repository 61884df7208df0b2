import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Decimal from 'decimal.js';
import { createStocklineClient, type StocklineClient } from '../../examples/client';
import { runPartner } from '../../examples/partner';
import { runStorefront } from '../../examples/storefront';
import { startTestApp, type TestApp } from '../helpers/test-app';

const run = promisify(execFile);

/**
 * The sample output the README shows after `$ npm run example:<name>`, with what changes from
 * run to run (document names, timestamps) replaced by placeholders.
 */
function readmeSample(name: string): string[] {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`$ npm run example:${name}\n`);
  if (start < 0) throw new Error(`README shows no output of example:${name}`);
  const block = readme.slice(start, readme.indexOf('```', start)).trim().split('\n').slice(1);
  return block.map(normalized);
}
const normalized = (line: string) =>
  line
    .replace(/\b[A-Z]+\/PO\/\d{8}-[0-9A-F]+\b/g, '<order>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');

/** The examples against the API with the demo data, as `npm start` serves it. */
describe('examples', () => {
  let app: TestApp;
  let client: StocklineClient;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    client = createStocklineClient({ url: `${app.url}/graphql`, apiKey: app.adminKey });
  });
  afterAll(async () => {
    await client.close();
    await app.close();
  });

  it('storefront: availability, an idempotent reservation that lowers it, and its release, each pushed over WebSocket', async () => {
    const lines: string[] = [];
    const result = await runStorefront(client, { log: (l) => lines.push(l) });
    // What the README shows is what the example prints on the demo data.
    expect(lines.map(normalized)).toEqual(readmeSample('storefront'));
    expect(new Decimal(result.before).minus(result.during).toFixed()).toBe('2');
    expect(result.after).toBe(result.before);
    expect(lines).toContain('retried with the same idempotency key: same reservation true');
    // availabilityChanged pushed the figures the queries then read: down by 2, back on release.
    expect(result.pushed).toEqual({ reserved: result.during, released: result.after });
    const [row] = await app.sql<{ state: string; n: string }>(
      `select state, (select count(*) from reservation where reference = r.reference) as n from reservation r where id = $1`,
      [result.reservationId],
    );
    expect(row).toEqual({ state: 'RELEASED', n: '1' });
  });

  it('partner: a purchase order becomes incoming when confirmed and on hand when received', async () => {
    const lines: string[] = [];
    const result = await runPartner(client, { log: (l) => lines.push(l) });
    expect(result.state).toBe('RECEIVED');
    // What the README shows is what the example prints on the demo data (a first run).
    expect(lines.map(normalized)).toEqual(readmeSample('partner'));
    const plus = (a: string, b: string) => new Decimal(a).plus(b).toFixed();
    expect(result.confirmed.incoming).toBe(plus(result.before.incoming, '48'));
    expect(result.after.onHand).toBe(plus(result.before.onHand, '48'));
    expect(result.after.incoming).toBe(result.before.incoming);
    // A second run reuses the supplier it created.
    await runPartner(client, { log: () => undefined });
    const [suppliers] = await app.sql<{ n: string }>(
      `select count(*) as n from partner where code = 'EXAMPLE-SUPPLIER'`,
    );
    expect(suppliers.n).toBe('1');
  });

  it('the compiled scripts run as documented (npm run example:storefront)', async () => {
    const env = { ...process.env, STOCKLINE_URL: `${app.url}/graphql`, STOCKLINE_API_KEY: app.adminKey };
    const root = path.join(__dirname, '..', '..');
    const { stdout } = await run('node', [path.join(root, 'dist/examples/storefront.js')], { env });
    expect(stdout).toMatch(/\npushed over WebSocket: BEV-COLA-033 on web: \d+ available \(PAR \d+, LYO \d+\)\n/);
    expect(stdout).toMatch(/BEV-COLA-033 on web: \d+ available again/);
    const partner = await run('node', [path.join(root, 'dist/examples/partner.js')], { env });
    expect(partner.stdout).toMatch(/: RECEIVED/);
  });

  it('npm run example:partner without STOCKLINE_API_KEY uses the development key, or says what it needs', async () => {
    const { STOCKLINE_API_KEY: _none, ...inherited } = process.env;
    const env = { ...inherited, STOCKLINE_URL: `${app.url}/graphql` };
    const script = path.join(__dirname, '..', '..', 'dist/examples/partner.js');
    // Where `npm start` in development keeps its ADMIN key, relative to where it runs.
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'stockline-partner-'));
    const keyless = await run('node', [script], { env, cwd }).catch((e: { code: number; stderr: string }) => e);
    expect((keyless as { code: number }).code).toBe(1);
    expect((keyless as { stderr: string }).stderr).toMatch(/needs an API key with the BUYER \(or ADMIN\) role/);
    mkdirSync(path.join(cwd, '.data'));
    writeFileSync(path.join(cwd, '.data', 'dev-admin-key'), `${app.adminKey}\n`);
    const partner = await run('node', [script], { env, cwd });
    expect(partner.stdout).toMatch(/: RECEIVED/);
  });
});
