import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The sandbox in a real browser (Debian's chromium driven by playwright-core): the page loads
 * with no network but the API's own origin, runs a query and a subscription and shows the results.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const hasChromium = fs.existsSync(CHROMIUM);
const hasSubscriptions = /^type Subscription\b/m.test(
  fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'),
);

if (!hasChromium) {
  console.warn(`SKIPPED sandbox browser test: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it).`);
}
if (hasChromium && !hasSubscriptions) {
  console.warn('SKIPPED sandbox subscription test: the schema has no Subscription type yet.');
}

/** The text of GraphiQL's result pane (CodeMirror 5 keeps the editor on its element). */
function responseText(page: Page): Promise<string> {
  // A string so the test's TypeScript (no DOM library) does not type the browser side.
  return page.evaluate(`document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''`);
}

async function waitForResponse(page: Page, test: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await responseText(page);
    if (test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`result pane never matched; last text: ${text}`);
}

(hasChromium ? describe : describe.skip)('GraphQL sandbox in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    // The page sends no key: let anonymous callers act as a storefront, as development does by default.
    app = await startTestApp({ seed: true, env: { ANONYMOUS_ROLES: 'STOREFRONT' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const origin = new URL(app.url).host;
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.host !== origin && url.protocol !== 'data:') foreignRequests.push(req.url());
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves the page to a browser and JSON answers to clients on the same /graphql', async () => {
    const html = await request(app.url).get('/graphql').set('accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('/sandbox/graphiql.min.js');
    expect(html.text).not.toMatch(/https?:\/\//);
    const json = await request(app.url)
      .get('/graphql?query=%7B__typename%7D')
      .set('accept', 'application/json')
      .set('apollo-require-preflight', 'true');
    expect(json.body.data).toEqual({ __typename: 'Query' });
    const asset = await request(app.url).get('/sandbox/graphiql.min.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('opens with no error, docs listing the root fields and autocompletion offering availability', async () => {
    // A page of its own: GraphiQL keeps the edited tabs in localStorage, the other tests start afresh.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${app.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    // The docs explorer lists the root fields: the schema's introspection succeeded.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click({ timeout: 20_000 });
    for (const field of ['availability', 'stockLevels', 'products']) {
      await docs.getByText(field, { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    // Nothing went wrong on the first screen: no "Error fetching schema", an empty result pane.
    expect(await page.locator('body').innerText()).not.toMatch(/Error fetching schema|QUERY_TOO_COSTLY|stacktrace/i);
    expect(await responseText(page)).toBe('');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-first-screen.png') });

    // Autocompletion from the schema: typing the start of a root field offers it.
    await page.locator('.graphiql-query-editor .CodeMirror').first().click();
    await page.evaluate(
      `(() => { const cm = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;
        cm.setValue('{\\n  \\n}'); cm.setCursor({ line: 1, ch: 2 }); cm.focus(); })()`,
    );
    await page.keyboard.type('avai');
    const hint = page.locator('.CodeMirror-hint', { hasText: 'availability' });
    await hint.first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.CodeMirror-hint').allInnerTexts()).toContain('availability');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-autocompletion.png') });
    await page.close();
  });

  it('runs the prefilled availability query and shows the result', async () => {
    await page.goto(`${app.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.join(' ')).toMatch(/Availability/);
    expect(tabs.join(' ')).toMatch(/ReservationCreate/);
    await page.locator('.graphiql-execute-button').click();
    const text = await waitForResponse(page, (t) => t.includes('"availability"'));
    const body = JSON.parse(text) as { data: { availability: { sku: string; available: string }[] } };
    expect(body.data.availability.map((a) => a.sku)).toEqual(['BEV-COLA-033', 'HW-SCREW-M4']);
    // Schema docs are there, from introspection.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-query.png') });
    expect(foreignRequests).toEqual([]);
  });

  (hasSubscriptions ? it : it.skip)('runs the prefilled subscription over graphql-ws and shows events', async () => {
    await page.goto(`${app.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    await page.locator('.graphiql-tab').last().click();
    await page.locator('.graphiql-execute-button').click();
    // Give the socket time to subscribe, then change the stock the example watches.
    await page.waitForTimeout(1000);
    const reserve = await request(app.url).post('/graphql').set('authorization', `Bearer ${app.adminKey}`).send({
      query: `mutation { reservationCreate(input: { reference: "sandbox-test", channel: "web", lines: [{ sku: "BEV-COLA-033", quantity: "3" }] }) { userErrors { code } } }`,
    });
    expect(reserve.body.data.reservationCreate.userErrors).toEqual([]);
    const text = await waitForResponse(page, (t) => t.includes('"data"'));
    expect(text).toContain('BEV-COLA-033');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-subscription.png') });
    expect(foreignRequests).toEqual([]);
  });
});
