// Builds the template databases (test/setup/template-databases.ts) in a process of its own, then
// exits. MikroORM and type-graphql keep their metadata in globals: built inside jest's process,
// it would be found already set by a test file that jest runs in band (a single file), and break
// its ORM. TypeScript is transpiled on require by swc with the tests' options (swc-options.cjs):
// this process runs before any test file, so its start-up is on every run's critical path, and
// tsc's transpileModule took seconds of it.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
const swcOptions = require('../../scripts/swc-options.cjs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename, swcrc: false });
  module._compile(code, filename);
};

require('reflect-metadata');
const { createTemplateDatabases } = require('./template-databases.ts');

createTemplateDatabases(process.argv[2]).then(
  (names) => process.send(names, () => process.exit(0)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
