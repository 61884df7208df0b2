import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const script = (name: string) => path.join(ROOT, 'dist', 'scripts', `${name}.js`);

describe('npm run db:seed and db:reset', () => {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL!;
  const database = `sl_test_dbscripts_${process.env.JEST_WORKER_ID ?? '0'}_${Date.now()}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const env = { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: 'development' };

  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  const products = async () => {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from product').finally(() => client.end());
    return rows[0].n as number;
  };
  beforeAll(() => admin(`create database "${database}"`));
  afterAll(() => admin(`drop database if exists "${database}" with (force)`));

  it('seeds an empty database once, and resets only when asked with --yes, never in production', async () => {
    expect((await run('node', [script('db-seed')], { env })).stdout).toContain('Demo data loaded.');
    expect(await products()).toBe(20);
    expect((await run('node', [script('db-seed')], { env })).stdout).toContain('nothing seeded');

    const refused = await run('node', [script('db-reset')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('--yes') });
    const production = await run('node', [script('db-reset'), '--yes'], {
      env: { ...env, NODE_ENV: 'production' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(production).toMatchObject({ code: 1, stderr: expect.stringContaining('production') });
    expect(await products()).toBe(20);

    expect((await run('node', [script('db-reset'), '--yes', '--empty'], { env })).stdout).toContain('a bare company');
    expect(await products()).toBe(0);
  });
});
