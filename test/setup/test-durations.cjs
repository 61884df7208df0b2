// Where a test run's time goes, per file: `npx jest --json --outputFile=/tmp/jest.json` (any
// selection), then `node test/setup/test-durations.cjs /tmp/jest.json`. "Outside tests" is the
// file's wall time less its test bodies: loading the sources and its beforeAll/afterAll set-up.
// With --write, it also records each file's duration in test-times.json (sequencer.cjs).
const path = require('node:path');

const run = require(path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '/tmp/jest.json'));
const rows = run.testResults.map((file) => {
  const total = (file.endTime - file.startTime) / 1000;
  const bodies = file.assertionResults.reduce((sum, test) => sum + (test.duration ?? 0), 0) / 1000;
  return { file: path.relative(process.cwd(), file.name), total, outside: total - bodies };
});
rows.sort((a, b) => b.total - a.total);
for (const row of rows) {
  console.log(
    `${row.total.toFixed(1).padStart(7)} s ${row.outside.toFixed(1).padStart(7)} s outside tests  ${row.file}`,
  );
}
const sum = (key) => rows.reduce((total, row) => total + row[key], 0).toFixed(0);
console.log(
  `${rows.length} files: ${sum('total')} s in all, ${sum('outside')} s outside test bodies (worker time, not wall)`,
);
if (process.argv.includes('--write')) {
  const times = Object.fromEntries(
    rows.map((row) => [row.file, Math.round(row.total * 1000)]).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  require('node:fs').writeFileSync(path.join(__dirname, 'test-times.json'), `${JSON.stringify(times, null, 2)}\n`);
}
