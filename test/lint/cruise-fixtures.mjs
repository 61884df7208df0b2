// Cruises fixture trees with dependency-cruiser's API in one process (its CLI cost a Node start and
// a full load per fixture). Reads [{ dir, config }] as JSON on stdin; writes [{ exitCode, output }].
// A child of the test, not the test itself: dependency-cruiser is ESM only, jest runs CommonJS.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const runs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const { dir, config } of runs) {
  // Paths in the rule sets (tsconfig.json, src) are relative to the tree, as under the CLI.
  process.chdir(dir);
  const options = { ...(await extractDepcruiseOptions(config)), outputType: 'err' };
  const tsConfig = extractTSConfig(options.ruleSet?.options?.tsConfig?.fileName ?? 'tsconfig.json');
  const { output, exitCode } = await cruise(['src'], options, {}, { tsConfig });
  results.push({ exitCode, output: String(output) });
}
process.stdout.write(JSON.stringify(results));
