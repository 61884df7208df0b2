import fs from 'node:fs';
import path from 'node:path';

/**
 * One writer for journal entries, as for quants: every posting (stock, bills, landed costs,
 * reversals, manual entries, payments) goes through src/modules/accounting/journal-writer.ts,
 * the one place that numbers entries and guards the system journals. A second writer would
 * bypass both.
 */
const SRC = path.join(__dirname, '..', '..', 'src');
const WRITER = path.join('modules', 'accounting', 'journal-writer.ts');
const WRITES = [
  /insert\s+into\s+"?journal_(entry|line)"?\b/i,
  /update\s+"?journal_(entry|line)"?\s+set\b/i,
  /delete\s+from\s+"?journal_(entry|line)"?\b/i,
  /\.create\(\s*Journal(Entry|Line)\b/,
  /journal_sequence/i,
];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return files(full);
    return d.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the journal writer', () => {
  it('is the only file that writes journal entries, their lines or their numbers', () => {
    const writers = files(SRC)
      .filter((file) => WRITES.some((re) => re.test(fs.readFileSync(file, 'utf8'))))
      .map((file) => path.relative(SRC, file));
    expect(writers).toEqual([WRITER]);
  });
});
