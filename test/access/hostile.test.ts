import { SignJWT } from 'jose';
import request from 'supertest';
import { ApiKeyRevokeDocument, ApiKeysDocument, ProductDocument, ProductUpdateDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

const JWT = {
  JWT_SECRET: 'a-test-secret-of-at-least-32-characters!',
  JWT_ISSUER: 'https://id.test',
  JWT_AUDIENCE: 'stockline',
};

/**
 * Requests an attacker would send. Each is refused with a clear error and no SQL statement at all
 * (counted on the server's pool): the limits, the key cache and the JWT check all act before any
 * resolver runs.
 */
describe('hostile requests are refused cleanly without reaching the database', () => {
  let app: TestApp;
  const post = (body: unknown, key: string | null = app.adminKey) => {
    const req = request(app.url).post('/graphql').set('content-type', 'application/json');
    return (key ? req.set('authorization', `Bearer ${key}`) : req).send(body as object);
  };
  beforeAll(async () => {
    app = await startTestApp({ seed: true, env: JWT });
    await post({ query: '{ viewer { actor } }' }); // the admin key is now cached, as on a live server
  });
  afterAll(() => app.close());

  const refused = async (send: () => Promise<request.Response>) => {
    let res!: request.Response;
    const statements = await app.countStatements(async () => {
      res = await send();
    });
    return { res, statements, code: res.body?.errors?.[0]?.extensions?.code as string | undefined };
  };

  it('a query nested 50 levels deep', async () => {
    const query = `{ productCategories { ${'parent { '.repeat(49)}id${' }'.repeat(49)} } }`;
    const { res, statements, code } = await refused(() => post({ query }));
    expect([res.status, code, statements]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 0]);
    expect(res.body.errors[0].message).toMatch(/nested deeper than 12 levels/);
  });

  it('1,000 aliases of an expensive field', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: stockLevels { onHand }`).join(' ');
    const { res, statements, code } = await refused(() => post({ query: `{ ${fields} }` }));
    expect([res.status, code, statements]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 0]);
    expect(res.body.errors.map((e: { message: string }) => e.message)).toContain(
      'The document uses more than 30 aliases',
    );
  });

  it('first: 1000000', async () => {
    const { statements, code, res } = await refused(() =>
      post({ query: '{ products(first: 1000000) { edges { node { sku } } } }' }),
    );
    expect([code, statements]).toEqual(['BAD_USER_INPUT', 0]);
    expect(res.body.errors[0].message).toMatch(/first must be between 0 and 100/);
  });

  it('an expensive query within every other limit is refused by its cost', async () => {
    const query = `{ stockMoves(first: 100) { edges { node { product { sku uom { name category { name } } } } } } ${Array.from(
      { length: 20 },
      (_, i) => `w${i}: warehouses { locations { children { name } } }`,
    ).join(' ')} }`;
    const { res, statements, code } = await refused(() => post({ query }));
    expect([code, statements]).toEqual(['QUERY_TOO_COSTLY', 0]);
    expect(res.body.errors[0].extensions).toMatchObject({ maximumCost: 20000 });
  });

  it('a 10 MB body', async () => {
    const query = `{ viewer { actor } } # ${'x'.repeat(10 * 1024 * 1024)}`;
    const { res, statements, code } = await refused(() => post({ query }));
    expect([res.status, code, statements]).toEqual([413, 'PAYLOAD_TOO_LARGE', 0]);
  });

  it('100 batched operations (HTTP batching is off)', async () => {
    const batch = Array.from({ length: 100 }, () => ({ query: '{ stockLevels { onHand } }' }));
    const { res, statements } = await refused(() => post(batch));
    expect([res.status, statements]).toEqual([400, 0]);
    expect(JSON.stringify(res.body ?? res.text)).toMatch(/batch/i);
  });

  it('more mutations in one operation than allowed', async () => {
    const fields = Array.from(
      { length: 4 },
      (_, i) => `m${i}: productArchive(input: { id: "${crypto.randomUUID()}" }) { userErrors { code } }`,
    );
    const { res, statements, code } = await refused(() => post({ query: `mutation { ${fields.join(' ')} }` }));
    expect([res.status, code, statements]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 0]);
    expect(res.body.errors[0].message).toMatch(/at most 3 mutations/);
  });

  it('a revoked key (this server revoked it: its cache knows at once)', async () => {
    const key = await app.createKey(['STOREFRONT']);
    expect((await post({ query: '{ viewer { actor } }' }, key)).body.data.viewer.actor).toMatch(/^key:sl_/);
    const { apiKeys } = await app.ok(ApiKeysDocument);
    const id = apiKeys.find((k) => key.startsWith(k.prefix))!.id;
    expect((await app.ok(ApiKeyRevokeDocument, { id })).apiKeyRevoke.apiKey!.revokedAt).toBeTruthy();
    const { res, statements, code } = await refused(() => post({ query: '{ viewer { actor } }' }, key));
    expect([res.status, code, statements]).toEqual([401, 'UNAUTHENTICATED', 0]);
  });

  it('an unknown key: one lookup, then none while it is cached', async () => {
    const forged = `sl_000000000000_${'A'.repeat(43)}`;
    const first = await refused(() => post({ query: '{ viewer { actor } }' }, forged));
    expect([first.res.status, first.code, first.statements]).toEqual([401, 'UNAUTHENTICATED', 1]);
    const again = await refused(() => post({ query: '{ viewer { actor } }' }, forged));
    expect([again.res.status, again.code, again.statements]).toEqual([401, 'UNAUTHENTICATED', 0]);
  });

  it('a forged JWT (signed with another key), an expired one, one for another audience', async () => {
    const claims = { company: app.companyId, roles: ['ADMIN'] };
    const sign = (secret: string, audience = JWT.JWT_AUDIENCE, exp: string | number = '5m') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer(JWT.JWT_ISSUER)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const good = await sign(JWT.JWT_SECRET);
    expect((await post({ query: '{ viewer { actor } }' }, good)).body.data.viewer.actor).toBe('user:mallory');
    for (const token of [
      await sign('another-secret-of-at-least-32-characters!!'),
      await sign(JWT.JWT_SECRET, 'someone-else'),
      await sign(JWT.JWT_SECRET, JWT.JWT_AUDIENCE, Math.floor(Date.now() / 1000) - 60),
      `${good.slice(0, -4)}AAAA`,
      good.replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString('base64url')),
    ]) {
      const { res, statements, code } = await refused(() => post({ query: '{ viewer { actor } }' }, token));
      expect([res.status, code, statements]).toEqual([401, 'UNAUTHENTICATED', 0]);
    }
  });

  it("a key of another company: that company's records do not exist for it, and nothing is written", async () => {
    const other = await app.createCompany('OTHER');
    const [ours] = await app.sql<{ id: string; sku: string; version: number }>(
      'select id, sku, version from product where company_id = $1 order by sku limit 1',
      [app.companyId],
    );
    const stranger = app.as(other.adminKey);
    await stranger.ok(ProductDocument, { id: ours.id }); // warm the key cache
    const byId = await refused(() => post({ query: `{ product(id: "${ours.id}") { sku } }` }, other.adminKey));
    expect(byId.res.body.data.product).toBeNull();
    expect((await stranger.ok(ProductDocument, { sku: ours.sku })).product).toBeNull();
    const before = await app.sql('select * from product where id = $1', [ours.id]);
    const update = await stranger.ok(ProductUpdateDocument, {
      input: { id: ours.id, name: 'stolen', version: ours.version },
    });
    expect(update.productUpdate.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(await app.sql('select * from product where id = $1', [ours.id])).toEqual(before);
    // The refused update leaves no audit entry either: nothing happened.
    expect(await app.sql("select 1 from audit_log where operation = 'productUpdate'")).toEqual([]);
  });

  it('no credentials at all', async () => {
    const { res, statements, code } = await refused(() => post({ query: '{ stockLevels { onHand } }' }, null));
    expect([res.status, code, statements]).toEqual([401, 'UNAUTHENTICATED', 0]);
  });
});
