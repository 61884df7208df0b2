import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

/** The README's accounting examples run against the demo data as written (those without "..." ids). */
function accountingExamples(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Accounting'), readme.indexOf('### Idempotent mutations'));
  const block = section.slice(
    section.indexOf('```graphql') + '```graphql'.length,
    section.indexOf('```\n', section.indexOf('```graphql') + 10),
  );
  const operations = block.split(/\n(?=\{|mutation \{)/).map((op) => op.replace(/^#.*$/gm, '').trim());
  return operations.filter((op) => op && !op.includes('"..."'));
}

it('the README accounting examples work against the demo data', async () => {
  const examples = accountingExamples();
  expect(examples.length).toBeGreaterThanOrEqual(6);
  for (const query of examples) {
    const body = await app.gql(parse(query) as never);
    expect({ query, errors: body.errors }).toEqual({ query, errors: undefined });
    const payload = Object.values(body.data as Record<string, { userErrors?: unknown[] }>)[0];
    if (payload && 'userErrors' in payload)
      expect({ query, userErrors: payload.userErrors }).toEqual({ query, userErrors: [] });
  }
});
