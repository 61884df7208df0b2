import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { transformSync } from '@swc/core';

/**
 * Jest gives every test file a module registry of its own, so every file loaded the whole server
 * again: about 2,300 modules, seconds of each file's set-up and most of the suite's time. The
 * server under test is loaded instead by Node's own `require`, once per jest worker process, and
 * the files that worker runs share it; each file still gets its own database, ORM and server
 * (test-app.ts). The sources are compiled on require by swc with the options jest uses
 * (swc-options.cjs): what runs is always the source, never a stale build.
 *
 * Objects cross between the two worlds as plain objects (an ORM, a server, a logger). A class
 * does not: the entity classes a test file imports through jest are not those the ORM it gets
 * knows, so a test that hands `app.orm` to a source function loads that function here too
 * (`native('src/...')`).
 */
const root = path.resolve(__dirname, '../..');
const nodeModules = `${path.sep}node_modules${path.sep}`;
const hooked = Symbol.for('stockline.test.nativeTypeScript');

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file shared with jest.config.js
const swcOptions = require('../../scripts/swc-options.cjs') as Record<string, unknown>;

type Extensions = Record<
  string,
  (module: { _compile(code: string, filename: string): void }, filename: string) => void
>;

// Jest hands test files a copy of `module` whose createRequire is its own; the static members it
// copies (the extension table, `_load`) are Node's.
const moduleClass = Module as unknown as {
  _extensions: Extensions;
  _load(request: string, parent: null, isMain: boolean): unknown;
} & Record<symbol, boolean>;

function installTypeScript(): void {
  if (moduleClass[hooked]) return;
  moduleClass[hooked] = true;
  const previous = moduleClass._extensions['.ts'];
  moduleClass._extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(root) || filename.includes(nodeModules)) {
      if (previous) return previous(module, filename);
      throw new Error(`no TypeScript loader for ${filename}`);
    }
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename, swcrc: false });
    module._compile(code, filename);
  };
}

installTypeScript();
// The decorators' metadata (MikroORM's and type-graphql's) lives on the process's own Reflect.
moduleClass._load(require.resolve('reflect-metadata'), null, false);

/** A module of this repository (`src/...`, relative to its root) as Node loads it, shared by the worker's files. */
export function native<T>(modulePath: string): T {
  return moduleClass._load(path.join(root, modulePath), null, false) as T;
}
