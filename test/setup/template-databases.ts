import { Client } from 'pg';
import { initOrm, migrate } from '../../src/db/orm';
import { ensureCompany } from '../../src/server/boot';

/**
 * Each test file gets its own database (files run in parallel). Migrating and seeding one took
 * most of a file's set-up, so the run does it once per variant, here, and the files clone it
 * (`create database ... template`, test/helpers/test-app.ts): a file-level copy of a few MB.
 */
export interface TemplateDatabases {
  seeded: string;
  bare: string;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function build(adminUrl: string, database: string, seed: boolean): Promise<void> {
  await admin(adminUrl, `create database "${database}"`);
  const orm = await initOrm(databaseUrl(adminUrl, database), 2);
  try {
    await migrate(orm);
    await ensureCompany(orm, seed);
  } finally {
    await orm.close(true);
  }
  // PostgreSQL refuses to clone a database while anyone is connected to it: from here on no one
  // can connect (autovacuum included), so a stray connection cannot fail another file's clone.
  await admin(adminUrl, `alter database "${database}" allow_connections false`);
}

export async function createTemplateDatabases(adminUrl: string): Promise<TemplateDatabases> {
  const run = `${process.pid}_${Date.now()}`;
  const names = { seeded: `sl_template_${run}_seeded`, bare: `sl_template_${run}_bare` };
  try {
    await build(adminUrl, names.bare, false);
    await build(adminUrl, names.seeded, true);
  } catch (error) {
    await dropTemplateDatabases(adminUrl, names);
    throw error;
  }
  return names;
}

export async function dropTemplateDatabases(adminUrl: string, names: TemplateDatabases): Promise<void> {
  for (const name of [names.seeded, names.bare]) {
    await admin(adminUrl, `drop database if exists "${name}" with (force)`).catch(() => undefined);
  }
}
