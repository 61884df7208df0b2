import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/**
 * GraphQL Code Generator as a frontend team sets it up (docs/clients.md): the client preset,
 * the schema read from the running server's URL by introspection over HTTP, with the key in a
 * header. It failed with QUERY_TOO_COSTLY when introspection was priced like data.
 */
describe("GraphQL Code Generator's client preset against the server's URL", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  it('generates typed documents without error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-codegen-'));
    fs.writeFileSync(
      path.join(dir, 'storefront.graphql'),
      `query Availability($skus: [String!]!, $channel: String) {
         availability(skus: $skus, channel: $channel) { id sku available warehouses { id warehouseCode available } }
       }
       subscription AvailabilityChanged($skus: [String!]!, $channel: String) {
         availabilityChanged(skus: $skus, channel: $channel) { id sku available }
       }`,
    );
    const config = path.join(dir, 'codegen.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        schema: [{ [`${app.url}/graphql`]: { headers: { Authorization: `Bearer ${app.adminKey}` } } }],
        documents: [path.join(dir, '*.graphql')],
        generates: {
          [path.join(dir, 'gql') + '/']: { preset: 'client', config: { scalars: { Decimal: 'string' } } },
        },
      }),
    );
    const bin = path.join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js');
    await run(process.execPath, [bin, '--config', config], { cwd: ROOT, env: { ...process.env, CI: 'true' } });
    const generated = fs.readFileSync(path.join(dir, 'gql', 'graphql.ts'), 'utf8');
    expect(generated).toMatch(/export type AvailabilityQuery = /);
    expect(generated).toMatch(/export type AvailabilityChangedSubscription = /);
    expect(generated).toMatch(/availabilityChanged: \{[^}]*id: string/);
    expect(fs.existsSync(path.join(dir, 'gql', 'gql.ts'))).toBe(true);
  });
});
