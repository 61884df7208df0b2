import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { startTestApp, type TestApp } from '../helpers/test-app';

const ROOT = path.join(__dirname, '..', '..');

/** The code block that follows `<!-- tested: name -->` in a docs page. */
function testedBlock(page: string, name: string): string {
  const text = fs.readFileSync(path.join(ROOT, 'docs', page), 'utf8');
  const at = text.indexOf(`<!-- tested: ${name} -->`);
  if (at < 0) throw new Error(`docs/${page} has no block marked ${name}`);
  const block = /```\w*\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block) throw new Error(`no code block after the ${name} marker`);
  return block[1];
}

/**
 * The graphql-ws snippet of docs/clients.md, run as written on this Node (20): only the URL is
 * the test server's. The README's version had no webSocketImpl and threw "WebSocket
 * implementation missing" on Node 20.
 */
describe('the graphql-ws snippet of docs/clients.md', () => {
  let app: TestApp;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
  });
  afterAll(async () => {
    child?.kill();
    await app.close();
  });

  it('runs on Node 20 and prints the pushed figures', async () => {
    const source = testedBlock('clients.md', 'graphql-ws-node20');
    expect(source).toContain("url: 'ws://localhost:4000/graphql'");
    const code = ts.transpileModule(source.replace('ws://localhost:4000/graphql', app.wsUrl), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    // Run from the project so that `graphql-ws` and `ws` resolve as they would in an app.
    child = spawn(process.execPath, ['-e', code], {
      cwd: ROOT,
      env: { ...process.env, STOCKLINE_API_KEY: app.adminKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    // graphql-ws acknowledges the connection, not the subscription: change stock until it prints.
    for (let attempt = 0; attempt < 20 && !/BEV-COLA-033: \d+ available/.test(output); attempt++) {
      expect(child.exitCode).toBeNull();
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({
          query: `mutation { reservationCreate(input: { reference: "snippet-${attempt}", channel: "web", lines: [{ sku: "BEV-COLA-033", quantity: "1" }] }) { userErrors { code } } }`,
        });
      expect(res.body.data.reservationCreate.userErrors).toEqual([]);
      const deadline = Date.now() + 1_000;
      while (!/available/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    expect(output).toMatch(/BEV-COLA-033: \d+ available/);
    expect(output).not.toMatch(/Error|missing/i);
  });
});
