/**
 * How many random cases a property-based or fuzz test draws. CI (`CI=true`, set by .ci/run)
 * draws the test's full count; elsewhere (a developer's `npm test`) a quarter of it, at least two:
 * these few files took a sixth of the suite's time, and a local run still explores (the seed is
 * new each run where the test does not fix it) while CI keeps the full search. `override` (the
 * test's environment variable, e.g. PROPERTY_RUNS or FUZZ_RUNS) sets the count anywhere.
 */
export function randomRuns(full: number, override: string | undefined): number {
  if (override) return Number(override);
  return process.env.CI ? full : Math.max(2, Math.ceil(full / 4));
}
