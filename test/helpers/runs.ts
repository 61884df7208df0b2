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

/**
 * The seed of a property-based test: `override` (PROPERTY_SEED) anywhere; in CI a fixed one, so
 * that CI's verdict is the code's and not the draw's (as the fuzz test's); elsewhere none, and
 * fast-check draws one per run and prints it with any failure, for PROPERTY_SEED to replay.
 */
export function propertySeed(override: string | undefined, fixed = 20261207): number | undefined {
  if (override) return Number(override);
  return process.env.CI ? fixed : undefined;
}
