// Builds the template databases (test/setup/template-databases.ts) in a process of its own, then
// exits. MikroORM and type-graphql keep their metadata in globals: built inside jest's process,
// it would be found already set by a test file that jest runs in band (a single file), and break
// its ORM. TypeScript is transpiled on require, as ts-jest does for the tests (isolated modules).
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true };
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
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
