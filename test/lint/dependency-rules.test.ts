import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The import rules of .dependency-cruiser.cjs and .dependency-cruiser.folders.cjs (run by `npm run
 * lint`) on small fixture trees: each rule must fail on the shape it forbids, and pass on the allowed one.
 */
const ROOT = path.resolve(__dirname, '../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const FOLDERS = path.join(ROOT, '.dependency-cruiser.folders.cjs');
const RUNNER = path.join(__dirname, 'cruise-fixtures.mjs');

type Tree = Record<string, string>;
interface Result {
  status: number | null;
  output: string;
}

// Every fixture is cruised in one child process (cruise-fixtures.mjs, dependency-cruiser's API):
// a CLI process per fixture cost a Node start and a full load each, most of this file's time.
const queued: { files: Tree; config: string }[] = [];
let results: Result[] = [];

/** Queues a tree for the run in beforeAll; the returned function gives its result in a test. */
function cruise(files: Tree, config = CONFIG): () => Result {
  const index = queued.push({ files, config }) - 1;
  return () => results[index];
}

function runQueued(): Result[] {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-deps-'));
  try {
    const runs = queued.map(({ files, config }, index) => {
      const dir = path.join(base, String(index));
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true } }),
      );
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      return { dir, config };
    });
    const run = spawnSync(process.execPath, [RUNNER], { cwd: ROOT, input: JSON.stringify(runs), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`cruise-fixtures.mjs failed: ${run.stderr}`);
    return (JSON.parse(run.stdout) as { exitCode: number; output: string }[]).map((r) => ({
      status: r.exitCode,
      output: r.output,
    }));
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

beforeAll(() => {
  results = runQueued();
});

describe('the import rules', () => {
  const followsRules = cruise({
    'src/domain/errors.ts': 'export class DomainError extends Error {}\n',
    'src/modules/catalog/product.ts':
      "import { DomainError } from '../../domain/errors';\nexport const p = DomainError;\n",
    'src/modules/inventory/stock.ts': "import { p } from '../catalog/product';\nexport const s = p;\n",
    'src/modules/accounting/books.ts': "import { s } from '../inventory/stock';\nexport const b = s;\n",
    'src/modules/inventory/a.entity.ts': "import type { B } from './b.entity';\nexport class A { b?: B; }\n",
    'src/modules/inventory/b.entity.ts': "import { A } from './a.entity';\nexport class B { a = new A(); }\n",
  });
  it('pass a tree that follows them', () => {
    const result = followsRules();
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  const fileCycle = cruise({
    'src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  });
  it('fail on a cycle between files', () => {
    const result = fileCycle();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-cycle');
  });

  const typeOnlyCycle = cruise({
    'src/graphql/context.ts': "import type { Hub } from '../pubsub/hub';\nexport interface Context { hub: Hub }\n",
    'src/pubsub/hub.ts': "import type { Context } from '../graphql/context';\nexport interface Hub { c: Context }\n",
  });
  it('fail on a cycle made of type-only imports (outside entity pairs)', () => {
    const result = typeOnlyCycle();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-cycle');
  });

  const entityRuntimeCycle = cruise({
    'src/modules/inventory/a.entity.ts': "import { B } from './b.entity';\nexport class A { b = B; }\n",
    'src/modules/inventory/b.entity.ts': "import { A } from './a.entity';\nexport class B { a = A; }\n",
  });
  it('fail on two entities importing each other at run time', () => {
    const result = entityRuntimeCycle();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-runtime-cycle-between-entities');
  });

  const importsModuleAbove = cruise({
    'src/modules/accounting/valuation.ts': 'export const value = 1;\n',
    'src/modules/inventory/ledger.ts': "import { value } from '../accounting/valuation';\nexport const post = value;\n",
  });
  it('fail when a module imports one built on it', () => {
    const result = importsModuleAbove();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('inventory-imports-no-module-above-it');
  });

  const domainImportsApi = cruise({
    'src/graphql/scalars.ts': 'export const Decimal = 1;\n',
    'src/domain/errors.ts': "import { Decimal } from '../graphql/scalars';\nexport const e = Decimal;\n",
  });
  it('fail when src/domain imports the API layer', () => {
    const result = domainImportsApi();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('domain-not-api');
  });

  describe('between folders', () => {
    // No file imports itself here: only the folders go round (graphql -> auth -> graphql).
    const folderCycle = {
      'src/auth/enforce.ts': "import { Context } from '../graphql/context';\nexport const guard = (c: Context) => c;\n",
      'src/graphql/context.ts': 'export interface Context { id: string }\n',
      'src/graphql/schema-parts.ts': "import { guard } from '../auth/enforce';\nexport const parts = [guard];\n",
    };

    const foldersOneWay = cruise(
      {
        'src/domain/errors.ts': 'export class DomainError extends Error {}\n',
        'src/graphql/errors.ts': "import { DomainError } from '../domain/errors';\nexport const E = DomainError;\n",
        'src/modules/catalog/product.ts': "import { E } from '../../graphql/errors';\nexport const p = E;\n",
        'src/modules/inventory/stock.ts': "import { p } from '../catalog/product';\nexport const s = p;\n",
      },
      FOLDERS,
    );
    it('pass folders that depend one way', () => {
      const result = foldersOneWay();
      expect(result.output).toContain('no dependency violations found');
      expect(result.status).toBe(0);
    });

    const folderCycleByFileRules = cruise(folderCycle);
    const folderCycleByFolderRules = cruise(folderCycle, FOLDERS);
    it('fail on a cycle between top-level folders that no single file closes', () => {
      expect(folderCycleByFileRules().status).toBe(0); // the file rules alone do not see it
      const result = folderCycleByFolderRules();
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('no-folder-cycle');
    });

    const moduleCycle = cruise(
      {
        'src/modules/inventory/stock.ts': "import { p } from '../catalog/product';\nexport const s = p;\n",
        'src/modules/catalog/product.ts': 'export const p = 1;\n',
        'src/modules/catalog/listing.ts': "import { s } from '../inventory/stock';\nexport const l = s;\n",
      },
      FOLDERS,
    );
    it('fail on a cycle between two modules', () => {
      const result = moduleCycle();
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('no-folder-cycle');
    });

    const compositionRoots = cruise(
      {
        'src/graphql/context.ts': 'export interface Context { id: string }\n',
        'src/modules/catalog/product.resolver.ts':
          "import type { Context } from '../../graphql/context';\nexport const r = (c: Context) => c;\n",
        'src/graphql/schema.ts': "import { r } from '../modules/catalog/product.resolver';\nexport const s = [r];\n",
      },
      FOLDERS,
    );
    it('leave out the composition roots, which wire every module together', () => {
      const result = compositionRoots();
      expect(result.output).toContain('no dependency violations found');
      expect(result.status).toBe(0);
    });
  });
});
