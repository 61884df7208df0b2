import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TMPFS_MAGIC = 0x01021994;
const MEMORY = '/dev/shm';
const PREFIX = 'stockline-';
/** No test run lasts this long: an older directory of ours was left by a run stopped before its clean-up. */
const ABANDONED_AFTER_MS = 2 * 60 * 60_000;

/**
 * Where tests keep PostgreSQL clusters and other scratch files: a memory file system when the
 * machine has one with room. A test run clones and drops a database per file and starts a few
 * clusters of its own; on this machine's disk (ext4 mounted with `discard`) the kernel's work on
 * those files took ~0.4 s of CPU per clone and drop, against ~0.08 s on tmpfs (bench/RESULTS.md,
 * session 22).
 */
function scratchRoot(): string {
  try {
    const stats = fs.statfsSync(MEMORY);
    fs.accessSync(MEMORY, fs.constants.W_OK);
    if (stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= 2 * 1024 ** 3) return MEMORY;
  } catch {
    // No /dev/shm (macOS, some containers): the disk.
  }
  return os.tmpdir();
}

/** In memory, what a stopped run left stays until removed: the next run removes it. */
function removeAbandoned(root: string): void {
  if (root !== MEMORY) return;
  for (const name of fs.readdirSync(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(root, name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > ABANDONED_AFTER_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

/**
 * A new scratch directory (`stockline-<name>-XXXXXX`), readable by PostgreSQL's own user (it runs
 * as one when the tests run as root). The caller removes it.
 */
export function scratchDir(name: string): string {
  const root = scratchRoot();
  removeAbandoned(root);
  const dir = fs.mkdtempSync(path.join(root, `${PREFIX}${name}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}
