import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, validate } from 'graphql';
import request from 'supertest';
import { buildStocklineSchema } from '../../src/graphql/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Every ```graphql block of README.md and docs/*.md, run against the demo data (issue 19):
 * each operation is named (so a multi-operation block pastes into the sandbox as it is and the
 * sandbox offers each one), and each runs without a GraphQL error or a userError.
 *
 * A ```json block right after a graphql block gives the variables, per operation name. A string
 * value "$Op.path.to.value" is taken from the answer of the earlier operation Op of the same
 * page (ids chained from one example to the next; in a list, `name=Dozen` picks an item). `"$expect": "CODE"` marks an example that
 * documents an error: it must answer that code (a userError or extensions.code), and nothing
 * else. Subscriptions are validated against the schema, not run (they need a WebSocket).
 */
const ROOT = path.join(__dirname, '..', '..');
const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Example {
  page: string;
  line: number;
  document: DocumentNode;
  source: string;
  spec: Record<string, Record<string, unknown>>;
}

/** The graphql blocks of a page, each with the json block that follows it (if any). */
export function examplesOf(page: string, text: string): Example[] {
  const out: Example[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```\s*$/gm;
  const blocks: { lang: string; body: string; start: number; end: number }[] = [];
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    blocks.push({ lang: m[1], body: m[2], start: m.index, end: m.index + m[0].length });
  }
  blocks.forEach((block, i) => {
    if (block.lang !== 'graphql') return;
    const next = blocks[i + 1];
    const spec =
      next && next.lang === 'json' && text.slice(block.end, next.start).trim() === ''
        ? (JSON.parse(next.body) as Example['spec'])
        : {};
    out.push({
      page,
      line: text.slice(0, block.start).split('\n').length,
      document: parse(block.body),
      source: block.body,
      spec,
    });
  });
  return out;
}

/** Follows a path; in a list, a step `field=value` picks the item whose field has that value. */
function at(value: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => {
    if (v == null) return undefined;
    const [field, wanted] = k.split('=');
    if (Array.isArray(v) && wanted !== undefined) return v.find((item) => String(item?.[field]) === wanted);
    return (v as Record<string, unknown>)[k];
  }, value);
}

/** Replaces "$Op.path" strings by what Op answered. */
function resolve(value: unknown, answers: Map<string, unknown>, where: string): unknown {
  if (typeof value === 'string' && /^\$[A-Za-z]\w*\./.test(value)) {
    const [op, ...keys] = value.slice(1).split('.');
    if (!answers.has(op)) throw new Error(`${where}: ${value} names ${op}, which has not run before`);
    const found = at(answers.get(op), keys);
    if (found === undefined || found === null) throw new Error(`${where}: ${value} is ${String(found)}`);
    return found;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, answers, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, answers, where)]));
  }
  return value;
}

/** The error codes an answer carries: GraphQL errors' extensions.code, then userErrors' codes. */
function codesOf(body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }) {
  const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
  for (const payload of Object.values(body.data ?? {})) {
    const userErrors = (payload as { userErrors?: { code: string }[] } | null)?.userErrors;
    if (Array.isArray(userErrors)) codes.push(...userErrors.map((e) => e.code));
  }
  return codes;
}

const pages = PAGES.map((page) => ({ page, examples: examplesOf(page, readFileSync(path.join(ROOT, page), 'utf8')) }));

it('the docs have GraphQL examples on every page that shows the API', () => {
  const counts = Object.fromEntries(pages.map((p) => [p.page, p.examples.length]));
  for (const page of ['README.md', 'docs/storefronts.md', 'docs/partners.md', 'docs/internal-frontends.md']) {
    expect([page, counts[page] > 0]).toEqual([page, true]);
  }
});

it('every operation of every example is named and valid against the schema', async () => {
  const schema = await buildStocklineSchema();
  const problems: string[] = [];
  for (const { examples } of pages) {
    for (const example of examples) {
      const where = `${example.page}:${example.line}`;
      for (const def of example.document.definitions) {
        if (def.kind === Kind.OPERATION_DEFINITION && !def.name) problems.push(`${where}: an operation has no name`);
      }
      for (const error of validate(schema, example.document)) problems.push(`${where}: ${error.message}`);
      const names = operations(example).map((o) => o.name!.value);
      for (const name of Object.keys(example.spec)) {
        if (!names.includes(name)) problems.push(`${where}: variables for ${name}, which the block does not define`);
      }
    }
  }
  expect(problems).toEqual([]);
});

function operations(example: Example): OperationDefinitionNode[] {
  return example.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && !!d.name,
  );
}

describe.each(pages.filter((p) => p.examples.length > 0))('$page', ({ page, examples }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  }, 120_000);
  afterAll(() => app?.close());

  it('runs every operation against the demo data', async () => {
    const answers = new Map<string, unknown>();
    const failures: string[] = [];
    let ran = 0;
    for (const example of examples) {
      for (const operation of operations(example)) {
        if (operation.operation === 'subscription') continue;
        const name = operation.name!.value;
        const where = `${page}:${example.line} ${name}`;
        const { $expect: expected, ...raw } = example.spec[name] ?? {};
        const variables = resolve(raw, answers, where) as Record<string, unknown>;
        const res = await request(app.url)
          .post('/graphql')
          .set('authorization', `Bearer ${app.adminKey}`)
          .send({ query: example.source, operationName: name, variables });
        const body = res.body as {
          data?: Record<string, unknown> | null;
          errors?: { message: string; extensions?: { code?: string } }[];
        };
        answers.set(name, body.data);
        ran++;
        const codes = codesOf(body);
        if (expected) {
          if (!codes.includes(expected as string))
            failures.push(`${where}: expected ${String(expected)}, got ${JSON.stringify(codes)}`);
        } else if (codes.length) {
          failures.push(`${where}: ${JSON.stringify(body.errors?.map((e) => e.message) ?? body.data)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThan(0);
  }, 120_000);
});
