import { parse } from 'graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** stockLevels is not paged; past MAX_STOCK_LEVEL_ROWS pairs it refuses the query, naming what to narrow. */
let app: TestApp;
const skus = Array.from({ length: 2501 }, (_, i) => `LIM-${i + 1}`);
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  // 2,501 products at once, copied from a demo product in SQL: through the API this would take minutes.
  await app.sql(
    `insert into product
     select (jsonb_populate_record(null::product, to_jsonb(p) || jsonb_build_object(
               'id', gen_random_uuid(), 'sku', 'LIM-' || g, 'name', 'Limit ' || g, 'barcode', null))).*
       from product p cross join generate_series(1, 2501) g
      where p.sku = 'BULK-SUGAR'`,
  );
});
afterAll(() => app.close());

const query = parse(
  'query($skus: [String!], $codes: [String!]) { stockLevels(skus: $skus, warehouseCodes: $codes) { onHand } }',
);

it('answers BAD_USER_INPUT naming skus past 5,000 product x warehouse pairs, and a narrower query works', async () => {
  // 2,501 SKUs x the 2 demo warehouses = 5,002 pairs.
  const tooMany = await app.gql(query as never, { skus });
  expect(tooMany.data).toBeNull();
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['skus'] });
  expect(tooMany.errors?.[0].message).toContain('more than 5000 product x warehouse pairs');
  const narrowed = await app.gql(query as never, { skus, codes: ['PAR'] });
  expect(narrowed.errors).toBeUndefined();
  expect((narrowed.data as { stockLevels: unknown[] }).stockLevels).toHaveLength(2501);
});
