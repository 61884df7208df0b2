import { Client as UrqlClient, cacheExchange, fetchExchange, gql } from '@urql/core';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { createClient as createGraphqlHttpClient, NetworkError } from 'graphql-http';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Clients nobody on the team wrote, with their defaults: what GraphiQL, GraphQL Code Generator
 * and graphql-inspector send first (the full introspection query), urql's default client
 * (queries over GET) and graphql-http's client (the GraphQL-over-HTTP spec's own).
 */
describe('standard clients with their default settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The sandbox and local tools run without a key in development: anonymous is a storefront.
    app = await startTestApp({ seed: true, env: { ANONYMOUS_ROLES: 'STOREFRONT' } });
  });
  afterAll(() => app.close());

  const post = (body: object) => request(app.url).post('/graphql').set('content-type', 'application/json').send(body);

  describe('introspection', () => {
    it("answers the full introspection query (GraphiQL's, codegen's, graphql-inspector's), without a key", async () => {
      const query = getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      });
      const res = await post({ query, operationName: 'IntrospectionQuery' });
      expect(res.body.errors).toBeUndefined();
      expect(res.status).toBe(200);
      const schema = buildClientSchema(res.body.data as IntrospectionQuery);
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining(['availability', 'stockLevels', 'products']),
      );
      // It costs a fixed price, well under the limit (it cost 49,427 before).
      expect(res.body.extensions.cost.requested).toBeLessThanOrEqual(1_000);
    });

    it('still refuses introspection nested past the standard query, and aliases of it add up', async () => {
      const nested = await post({
        query: '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }',
      });
      expect(nested.status).toBe(400);
      expect(nested.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(nested.body.errors[0].message).toMatch(/introspection/i);
      const aliases = Array.from({ length: 25 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ');
      const costly = await post({ query: `{ ${aliases} }` });
      expect(costly.status).toBe(400);
      expect(costly.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 25_000 });
    });

    it('answers refusals without a stack trace (outside production too)', async () => {
      const aliases = Array.from({ length: 25 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ');
      for (const body of [
        { query: `{ ${aliases} }` },
        { query: '{ nope }' },
        { query: '{ products(first: 1000) { totalCount } }' },
      ]) {
        const res = await post(body);
        expect(res.body.errors.length).toBeGreaterThan(0);
        expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:\d+|at Object\./);
      }
    });
  });

  describe('GET queries (no ambient credentials, so no CSRF header is required)', () => {
    it('answers a plain GET query without any custom header', async () => {
      const res = await request(app.url)
        .get('/graphql')
        .query({ query: '{ availability(skus: ["BEV-COLA-033"], channel: "web") { sku available } }' })
        .set('accept', 'application/graphql-response+json, application/json');
      expect(res.status).toBe(200);
      expect(res.body.data.availability[0].sku).toBe('BEV-COLA-033');
    });

    it('still refuses a mutation over GET and a non-JSON POST (what a cross-site form could send)', async () => {
      const mutation = await request(app.url)
        .get('/graphql')
        .query({
          query:
            'mutation { productArchive(input: { id: "00000000-0000-0000-0000-000000000000" }) { userErrors { code } } }',
        })
        .set('accept', 'application/json');
      expect(mutation.status).toBe(405);
      const form = await request(app.url)
        .post('/graphql')
        .set('content-type', 'text/plain')
        .send('{"query":"{ viewer { kind } }"}');
      expect(form.status).toBe(400);
      expect(form.body.data).toBeUndefined();
    });

    it("urql's default client (cacheExchange + fetchExchange) sends its queries over GET and gets answers", async () => {
      const methods: string[] = [];
      const client = new UrqlClient({
        url: `${app.url}/graphql`,
        exchanges: [cacheExchange, fetchExchange],
        fetchOptions: () => ({ headers: { authorization: `Bearer ${app.adminKey}` } }),
        fetch: (input, init) => {
          methods.push(init?.method ?? 'GET');
          return fetch(input, init);
        },
      });
      const result = await client
        .query(
          gql`
            query UrqlStock($skus: [String!]!) {
              stockLevels(skus: $skus, warehouseCodes: ["PAR"]) {
                id
                onHand
                warehouse {
                  code
                }
              }
            }
          `,
          { skus: ['BEV-COLA-033'] },
        )
        .toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data.stockLevels).toEqual([
        expect.objectContaining({ onHand: expect.any(String), warehouse: expect.objectContaining({ code: 'PAR' }) }),
      ]);
      expect(methods).toEqual(['GET']);
      // Mutations go over POST, as urql sends them.
      const mutation = await client
        .mutation(
          gql`
            mutation UrqlChannel($input: ChannelCreateInput!) {
              channelCreate(input: $input) {
                channel {
                  code
                }
                userErrors {
                  code
                }
              }
            }
          `,
          { input: { code: 'urql', name: 'urql', warehouseCodes: ['PAR'] } },
        )
        .toPromise();
      expect(mutation.error).toBeUndefined();
      expect(mutation.data.channelCreate).toMatchObject({ channel: { code: 'urql' }, userErrors: [] });
      expect(methods).toEqual(['GET', 'POST']);
    });

    it("graphql-http's client (GraphQL over HTTP, over fetch) runs queries and reports errors", async () => {
      const client = createGraphqlHttpClient({
        url: `${app.url}/graphql`,
        headers: { authorization: `Bearer ${app.adminKey}` },
      });
      const run = <T>(query: string, variables?: Record<string, unknown>) =>
        new Promise<{ data?: T; errors?: readonly { message: string }[] }>((resolve, reject) => {
          let result: { data?: T; errors?: readonly { message: string }[] } = {};
          client.subscribe<T>(
            { query, variables },
            { next: (value) => (result = value as typeof result), error: reject, complete: () => resolve(result) },
          );
        });
      const ok = await run<{ availability: { sku: string; available: string }[] }>(
        'query Avail($skus: [String!]!) { availability(skus: $skus, channel: "web") { id sku available } }',
        { skus: ['BEV-COLA-033'] },
      );
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.availability[0]).toMatchObject({ sku: 'BEV-COLA-033', available: expect.any(String) });
      // An invalid document is a request error (400 with application/graphql-response+json), which
      // this client reports as a NetworkError carrying the response.
      const invalid = await run('{ nope }').catch((error: unknown) => error as NetworkError);
      expect(invalid).toBeInstanceOf(NetworkError);
      expect((invalid as NetworkError).response?.status).toBe(400);
      client.dispose();
    });
  });
});
