import { ApolloClient, gql, HttpLink, InMemoryCache, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLObjectType, isObjectType } from 'graphql';
import type { Client } from 'graphql-ws';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { wsClient } from '../helpers/ws';

/**
 * Apollo Client as a storefront or a screen uses it: queries over HTTP into an InMemoryCache,
 * subscriptions over graphql-ws (GraphQLWsLink). A pushed figure carries the id of the figure the
 * query read, so the cache replaces it and the watched query shows the new value without a
 * refetch (before, SkuAvailability and StockLevel had no identity and the old figure stayed).
 */
describe('Apollo Client cache follows pushed updates', () => {
  let app: TestApp;
  let ws: Client;
  let client: ApolloClient;
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    ws = wsClient(app);
    client = new ApolloClient({
      cache: new InMemoryCache(),
      link: split(
        ({ query }) => {
          const definition = getMainDefinition(query);
          return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
        },
        new GraphQLWsLink(ws),
        new HttpLink({ uri: `${app.url}/graphql`, headers: { authorization: `Bearer ${app.adminKey}` } }),
      ),
    });
  });
  afterAll(async () => {
    client?.stop();
    await ws?.dispose();
    await app?.close();
  });

  async function until<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Reserves `quantity` until the subscription has delivered something (it acknowledges the connection only). */
  async function changeUntilPushed(sku: string, pushes: unknown[]): Promise<void> {
    for (let attempt = 0; attempt < 20 && pushes.length === 0; attempt++) {
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({
          query: `mutation($input: ReservationCreateInput!) { reservationCreate(input: $input) { userErrors { code message } } }`,
          variables: { input: { reference: `apollo-${attempt}`, channel: 'web', lines: [{ sku, quantity: '1' }] } },
        });
      expect(res.body.data.reservationCreate.userErrors).toEqual([]);
      const deadline = Date.now() + 1_000;
      while (pushes.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pushes.length).toBeGreaterThan(0);
  }

  const current = async (sku: string) => {
    const res = await request(app.url)
      .post('/graphql')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send({
        query: `{ availability(skus: ["${sku}"], channel: "web") { available warehouses { warehouseCode available } } }`,
      });
    return res.body.data.availability[0] as {
      available: string;
      warehouses: { warehouseCode: string; available: string }[];
    };
  };

  it('availabilityChanged updates the cached availability query', async () => {
    const sku = 'BEV-COLA-033';
    const fields = 'id sku available warehouses { id warehouseCode available }';
    const watched: { available: string; warehouses: { warehouseCode: string; available: string }[] }[] = [];
    const query = client
      .watchQuery({
        query: gql(
          `query CachedAvailability($skus: [String!]!) { availability(skus: $skus, channel: "web") { ${fields} } }`,
        ),
        variables: { skus: [sku] },
      })
      .subscribe(({ data }) => {
        const entry = (data as { availability?: (typeof watched)[number][] } | undefined)?.availability?.[0];
        if (entry) watched.push(entry);
      });
    const before = await until(() => watched[0], 'the first query result');

    const pushes: { available: string }[] = [];
    const subscription = client
      .subscribe({
        query: gql(
          `subscription CachedAvailabilityChanged($skus: [String!]!) { availabilityChanged(skus: $skus, channel: "web") { ${fields} } }`,
        ),
        variables: { skus: [sku] },
      })
      .subscribe(({ data }) => {
        const entry = (data as { availabilityChanged?: { available: string } } | undefined)?.availabilityChanged;
        if (entry) pushes.push(entry);
      });
    await changeUntilPushed(sku, pushes);
    const truth = await current(sku);
    // The watched query (cache-first, never refetched) now shows the pushed figure, per warehouse too.
    const last = await until(
      () => (watched[watched.length - 1].available === truth.available ? watched[watched.length - 1] : undefined),
      `the watched query to show ${truth.available} (it shows ${watched[watched.length - 1].available})`,
    );
    expect(last.available).not.toBe(before.available);
    expect(last.warehouses.map((w) => [w.warehouseCode, w.available])).toEqual(
      truth.warehouses.map((w) => [w.warehouseCode, w.available]),
    );
    subscription.unsubscribe();
    query.unsubscribe();
  });

  it('stockLevelChanged updates the cached stockLevels query', async () => {
    const sku = 'BEV-JUICE-100';
    const fields = 'id onHand reserved available';
    const watched: { reserved: string }[][] = [];
    const query = client
      .watchQuery({
        query: gql(`query CachedLevels($skus: [String!]!) { stockLevels(skus: $skus) { ${fields} } }`),
        variables: { skus: [sku] },
      })
      .subscribe(({ data }) => {
        const levels = (data as { stockLevels?: { reserved: string }[] } | undefined)?.stockLevels;
        if (levels) watched.push(levels);
      });
    const before = await until(() => watched[0], 'the first stockLevels result');

    const pushes: unknown[] = [];
    const subscription = client
      .subscribe({
        query: gql(
          `subscription CachedLevelChanged($skus: [String!]!) { stockLevelChanged(skus: $skus) { sequence stockLevel { ${fields} } } }`,
        ),
        variables: { skus: [sku] },
      })
      .subscribe(({ data }) => {
        if (data) pushes.push(data);
      });
    await changeUntilPushed(sku, pushes);
    const truth = (
      await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${app.adminKey}`)
        .send({ query: `{ stockLevels(skus: ["${sku}"]) { reserved } }` })
    ).body.data.stockLevels as { reserved: string }[];
    const reserved = (levels: { reserved: string }[]) => levels.map((l) => l.reserved).join(' ');
    const last = await until(
      () => (reserved(watched[watched.length - 1]) === reserved(truth) ? watched[watched.length - 1] : undefined),
      `the watched stockLevels to show reserved ${reserved(truth)}`,
    );
    expect(reserved(last)).not.toBe(reserved(before));
    subscription.unsubscribe();
    query.unsubscribe();
  });
});

describe('the typePolicies snippet of docs/clients.md', () => {
  it('names types and key fields that exist in the schema', () => {
    const root = path.join(__dirname, '..', '..');
    const schema = buildSchema(fs.readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8'));
    const page = fs.readFileSync(path.join(root, 'docs', 'clients.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page.slice(page.indexOf('<!-- tested: apollo-type-policies -->')))![1];
    const policies = [...block.matchAll(/^\s+(\w+): \{ (keyFields: \[([^\]]*)\]|merge: true) \},?$/gm)];
    expect(policies.length).toBeGreaterThanOrEqual(5);
    for (const [, typeName, , keys] of policies) {
      const type = schema.getType(typeName);
      expect(type && isObjectType(type) ? typeName : `${typeName} is not an object type`).toBe(typeName);
      const fields = (type as GraphQLObjectType).getFields();
      for (const key of (keys ?? '')
        .split(',')
        .map((k) => k.trim().replace(/'/g, ''))
        .filter(Boolean)) {
        expect(fields[key] ? `${typeName}.${key}` : `${typeName} has no ${key}`).toBe(`${typeName}.${key}`);
      }
      // A type that has an id needs no policy.
      expect(fields.id).toBeUndefined();
    }
  });
});
