import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';

/**
 * `npm run dev` as a developer runs it: started, it builds (nothing to do: the build is
 * incremental) and serves; a source change is transpiled and the server restarts on it, while
 * the type checker reports the change's type error. It runs
 * in a copy of the project (sources, configuration and the current build, node_modules linked),
 * so that editing a source file cannot disturb the other tests that run the built server.
 */
const ROOT = path.join(__dirname, '..', '..');
const READY = /API ready at http:\/\/localhost:(\d+)\/graphql/g;
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database: jest globalSetup sets TEST_DATABASE_ADMIN_URL');
  return url;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('npm run dev', () => {
  const database = `sl_test_dev_${process.pid}_${Date.now()}`;
  let dir: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    await admin(`create database "${database}"`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-dev-'));
    for (const entry of ['src', 'migrations', 'scripts', 'bench', 'examples', 'dist']) {
      // Timestamps kept: `tsc -b` then finds the copied build up to date, as it is in the project.
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, preserveTimestamps: true });
    }
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) {
      fs.cpSync(path.join(ROOT, file), path.join(dir, file), { preserveTimestamps: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // TypeScript records the linked packages by their real path (ROOT/node_modules), so the
    // copied build info would name every declaration file the copy reads as a new file, and the
    // type checker would check all again (~25 s of CPU). Rewritten to where the copy finds them,
    // it is what a project's own build info is: `npm run dev` then starts its checker from it.
    const buildInfo = path.join(dir, 'dist', '.tsbuildinfo');
    const { mtime } = fs.statSync(buildInfo);
    const linked = path.relative(path.join(dir, 'dist'), path.join(ROOT, 'node_modules'));
    fs.writeFileSync(buildInfo, fs.readFileSync(buildInfo, 'utf8').replaceAll('"../node_modules/', `"${linked}/`));
    fs.utimesSync(buildInfo, mtime, mtime);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    await admin(`drop database if exists "${database}" with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function readyLines(count: number, timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ports = [...plain(output).matchAll(READY)].map((m) => m[1]);
      if (ports.length >= count) return ports;
      if (child?.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no ready line number ${count} in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('serves, then restarts on a source change, with readable logs', async () => {
    const url = new URL(adminUrl());
    url.pathname = `/${database}`;
    const { NODE_ENV: _test, ...env } = process.env;
    child = spawn('npm', ['run', 'dev'], {
      cwd: dir,
      // Its own process group, so that the test stops npm, tsc, node --watch and the server together.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        DATABASE_URL: url.toString(),
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        // What a terminal gets (the test's pipe is no terminal).
        LOG_FORMAT: 'pretty',
      },
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));

    const [first] = await readyLines(1, 150_000);
    expect((await request(`http://127.0.0.1:${first}`).get('/healthz')).status).toBe(200);
    // Development logs are lines for a person (level names, no JSON).
    expect(plain(output)).toMatch(/INFO.*API ready at/);
    expect(output).not.toMatch(/\{"level":/);

    // A change with a type error: the server restarts on it all the same (swc transpiles the file
    // alone), and the type checker beside it names the error. The file is one the server loads
    // below its entry (node --watch follows every loaded module) that one file imports: the checker
    // rechecks the two, where a change to a module most files import has it recheck nearly all
    // (~17 s of CPU) for the same proof.
    fs.appendFileSync(
      path.join(dir, 'src', 'server', 'sweeper.ts'),
      "\nexport const devTestTypeError: number = 'changed by the npm run dev test';\n",
    );
    const ports = await readyLines(2, 200_000);
    const second = ports[ports.length - 1];
    expect((await request(`http://127.0.0.1:${second}`).get('/healthz')).status).toBe(200);
    expect(fs.readFileSync(path.join(dir, 'dist', 'src', 'server', 'sweeper.js'), 'utf8')).toContain(
      'changed by the npm run dev test',
    );
    const typeError = /src\/server\/sweeper\.ts\(\d+,\d+\): error TS2322/;
    for (const deadline = Date.now() + 200_000; !typeError.test(plain(output));) {
      if (Date.now() > deadline) throw new Error(`the type checker did not report the error:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 420_000);
});
