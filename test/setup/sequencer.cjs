// jest runs the longest test files first, by their durations in its cache, so that no long file
// starts last and runs alone at the end of the run. A fresh clone (CI, a new contributor) has no
// cache, and jest falls back to file size: the files that start processes are small and slow, and
// started last (a cold run took 182.6 s against 175 s warm). The durations recorded in
// test-times.json stand in for the cache where it has none; refresh them with
// `npx jest --json --outputFile=/tmp/jest.json && node test/setup/test-durations.cjs /tmp/jest.json --write`.
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const recorded = require('./test-times.json');

const root = path.resolve(__dirname, '..', '..');

module.exports = class RecordedTimesSequencer extends Sequencer {
  time(test) {
    return super.time(test) ?? recorded[path.relative(root, test.path)];
  }
};
