import { print } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import { ProductArchiveDocument, ProductDocument } from '../generated/graphql';
import { lockWaiters } from '../helpers/faults';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A versioned record (a product) changed by another transaction between a request's read and its
 * write: the request rolls back and answers the retryable BUSY, never INTERNAL_SERVER_ERROR (the
 * fuzz test's concurrent productArchive calls found the ORM's optimistic lock error unmapped).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ lockTimeoutMs: 20_000 });
});
afterAll(() => app.close());

it('requests that lose an edit race to a newer version answer BUSY, change nothing, and succeed on retry', async () => {
  const { id } = await stockHelpers(app).product('RACED');
  // Another writer holds the product's row and will bump its version.
  const writer = new Client({ connectionString: app.databaseUrl });
  await writer.connect();
  await writer.query('begin');
  await writer.query('update product set version = version + 1 where id = $1', [id]);
  const archive = () =>
    request(app.url)
      .post('/graphql')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send({ query: print(ProductArchiveDocument), variables: { id } })
      // supertest sends on then(): start each request now.
      .then((res) => res);
  // Each reads the current version, then waits on the writer's row lock to write it.
  const pending = Array.from({ length: 4 }, archive);
  await lockWaiters(app, 4);
  await writer.query('commit');
  await writer.end();
  const answers = await Promise.all(pending);
  for (const res of answers) {
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BUSY', retryable: true });
  }
  const product = (await app.ok(ProductDocument, { id })).product!;
  expect(product.active).toBe(true);
  const retried = await archive();
  expect(retried.body.data.productArchive).toMatchObject({ userErrors: [], product: { active: false } });
});
