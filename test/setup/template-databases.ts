import type { MikroORM } from '@mikro-orm/postgresql';
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
  /** The migrated database both are cloned from; dropped with them at the end of the run. */
  migrated: string;
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

/** Runs `work` on an ORM connected to `database`, then closes it. */
async function withOrm(adminUrl: string, database: string, work: (orm: MikroORM) => Promise<unknown>): Promise<void> {
  const orm = await initOrm(databaseUrl(adminUrl, database), 2);
  try {
    await work(orm);
  } finally {
    await orm.close(true);
  }
}

/**
 * Migrates one database, then clones it into the two templates and sets up their company (demo
 * data or a bare company) side by side: the migrations run once, and the two set-ups share the
 * two cores. This runs before any test file starts, so its time is added to every run.
 */
export async function createTemplateDatabases(adminUrl: string): Promise<TemplateDatabases> {
  const run = `${process.pid}_${Date.now()}`;
  const names = {
    seeded: `sl_template_${run}_seeded`,
    bare: `sl_template_${run}_bare`,
    migrated: `sl_template_${run}_migrated`,
  };
  const { migrated } = names;
  try {
    await admin(adminUrl, `create database "${migrated}"`);
    await withOrm(adminUrl, migrated, (orm) => migrate(orm));
    for (const name of [names.bare, names.seeded]) {
      await admin(adminUrl, `create database "${name}" template "${migrated}"`);
    }
    await Promise.all([
      withOrm(adminUrl, names.bare, (orm) => ensureCompany(orm, false)),
      withOrm(adminUrl, names.seeded, (orm) => ensureCompany(orm, true)),
    ]);
    // PostgreSQL refuses to clone a database while anyone is connected to it: from here on no one
    // can connect (autovacuum included), so a stray connection cannot fail another file's clone.
    for (const name of [names.bare, names.seeded]) {
      await admin(adminUrl, `alter database "${name}" allow_connections false`);
    }
  } catch (error) {
    await dropTemplateDatabases(adminUrl, names);
    throw error;
  }
  return names;
}

export async function dropTemplateDatabases(adminUrl: string, names: TemplateDatabases): Promise<void> {
  for (const name of [names.seeded, names.bare, names.migrated]) {
    await admin(adminUrl, `drop database if exists "${name}" with (force)`).catch(() => undefined);
  }
}
