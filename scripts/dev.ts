import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';

/**
 * `npm run dev`: three things at once, after the type-checked first build.
 * - A saved TypeScript file is transpiled alone by swc, with the options the tests use
 *   (scripts/swc-options.cjs), into dist/: milliseconds, where tsc's watch mode took 16 s of a
 *   quiet machine to rebuild its program for a one-line change.
 * - The server runs under `node --watch`, which restarts it when a compiled file it loaded
 *   changes; it waits for the old server's shutdown (embedded PostgreSQL included) and leaves a
 *   server that crashed at start waiting for the next change.
 * - tsc checks the types in watch mode beside them and prints what it finds; a type error does
 *   not hold a restart back (`npm run build`, `npm test` and CI refuse it).
 * fs.watch, swc and tsc are already here: nothing that needs an install script (tsx and nodemon
 * bring esbuild or chokidar binaries). Ctrl-C (or SIGTERM) stops everything.
 */
const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist');
/** What tsconfig.build.json compiles, each to dist/<same path>. */
const SOURCES = ['src', 'migrations', 'scripts', 'bench', 'examples'];
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file shared with jest.config.js
const swcOptions = require(path.join(root, 'scripts', 'swc-options.cjs')) as Record<string, unknown>;

const children: ChildProcess[] = [];
const watchers: fs.FSWatcher[] = [];
let stopping = false;

async function stop(exitCode: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const watcher of watchers) watcher.close();
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill(signal);
        }),
    ),
  );
  process.exit(exitCode);
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`npm run dev: ${name} exited (${signal ?? code}), stopping`);
    void stop(code || 1);
  });
}

/** Where tsc puts the output of a source file (path relative to the project). */
function outputOf(source: string): string {
  return path.join(dist, source.replace(/\.ts$/, '.js'));
}

/** Transpiles one source into dist/, or removes its output when the source is gone. */
async function transpile(source: string): Promise<void> {
  const file = path.join(root, source);
  const output = outputOf(source);
  if (!fs.existsSync(file)) {
    fs.rmSync(output, { force: true });
    return;
  }
  try {
    const { code } = await transformFile(file, { ...swcOptions, swcrc: false });
    fs.mkdirSync(path.dirname(output), { recursive: true });
    // Unchanged output (a save without edits): no write, so node --watch does not restart.
    if (fs.existsSync(output) && fs.readFileSync(output, 'utf8') === code) return;
    fs.writeFileSync(output, code);
    console.log(`npm run dev: compiled ${source}`);
  } catch (error) {
    // A syntax error: the old output stays, and the next save tries again.
    console.error(`npm run dev: ${source} does not compile:\n${(error as Error).message}`);
  }
}

// Editors save in several steps (write, rename): the changes of a moment are taken together.
const pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;
function changed(source: string): void {
  pending.add(source);
  clearTimeout(timer);
  timer = setTimeout(() => {
    const batch = [...pending];
    pending.clear();
    void Promise.all(batch.map(transpile));
  }, 30);
}

for (const dir of SOURCES) {
  const watcher = fs.watch(path.join(root, dir), { recursive: true }, (_event, name) => {
    if (!name || !name.endsWith('.ts') || name.endsWith('.d.ts')) return;
    changed(path.join(dir, name.toString()));
  });
  watchers.push(watcher);
}

run('node --watch', ['--watch', path.join('dist', 'src', 'main.js')], {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'development',
});
// Its own build info, so that this never makes `tsc -b` think dist/ is up to date; started from
// a copy of the build's, which `npm run build` has just brought up to date with these sources:
// without it the first report took ~30 s of CPU (every file checked again), with it ~3 s.
const typecheckInfo = path.join(dist, '.typecheck.tsbuildinfo');
const buildInfo = path.join(dist, '.tsbuildinfo');
if (fs.existsSync(buildInfo)) fs.copyFileSync(buildInfo, typecheckInfo);
run('tsc --watch', [
  require.resolve('typescript/bin/tsc'),
  '-p',
  'tsconfig.build.json',
  '--noEmit',
  '--watch',
  '--preserveWatchOutput',
  '--tsBuildInfoFile',
  typecheckInfo,
]);
process.on('SIGINT', () => void stop(0, 'SIGINT'));
process.on('SIGTERM', () => void stop(0));
