import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

/**
 * A throwaway database on the server of DATABASE_URL, or on a temporary embedded PostgreSQL
 * when none is configured. Used by scripts and tests that must not touch real data.
 */
export async function withScratchDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `stockline-scratch-${process.pid}`),
      port: 55000 + (process.pid % 1000),
      database: 'postgres',
    });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const database = `${name}_${process.pid}_${Date.now()}`;
  const url = new URL(adminUrl);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  try {
    url.pathname = `/${database}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
    if (stopEmbedded) await stopEmbedded();
  }
}
