import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run dev`: the TypeScript compiler in build-watch mode (incremental: a change recompiles
 * what it affects, in a second or two) and the server under `node --watch`, which restarts it
 * when a compiled file it loaded changes. Both are the tools' own watch modes, so nothing here
 * needs an install script (tsx and nodemon bring esbuild or chokidar binaries). node --watch
 * waits for the old server to finish its shutdown (embedded PostgreSQL included) before it
 * starts the new one, and leaves a server that crashed at start waiting for the next change.
 * Ctrl-C (or SIGTERM) stops both.
 */
const root = path.join(__dirname, '..', '..');
const children: ChildProcess[] = [];
let stopping = false;

async function stop(exitCode: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (stopping) return;
  stopping = true;
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

// The first build is done (npm run dev runs `tsc -b` first), so the server starts on fresh code.
run('tsc --watch', [
  require.resolve('typescript/bin/tsc'),
  '-b',
  'tsconfig.build.json',
  '--watch',
  '--preserveWatchOutput',
]);
run('node --watch', ['--watch', path.join('dist', 'src', 'main.js')], {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'development',
});
process.on('SIGINT', () => void stop(0, 'SIGINT'));
process.on('SIGTERM', () => void stop(0));
