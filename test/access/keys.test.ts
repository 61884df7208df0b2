import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import WebSocket from 'ws';
import { ApiKeyCreateDocument, ApiKeyRevokeDocument, ApiKeysDocument, ViewerDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { wsClient, wsRequest } from '../helpers/ws';

const run = promisify(execFile);

describe('API keys', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  it('are shown once, stored as a SHA-256 only, scoped to roles, and record their last use', async () => {
    const { apiKeyCreate } = await app.ok(ApiKeyCreateDocument, { input: { name: 'Web shop', roles: ['STOREFRONT'] } });
    expect(apiKeyCreate.userErrors).toEqual([]);
    const key = apiKeyCreate.key!;
    expect(key).toMatch(/^sl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyCreate.apiKey).toMatchObject({
      name: 'Web shop',
      roles: ['STOREFRONT'],
      prefix: key.slice(0, 15),
      lastUsedAt: null,
    });
    expect(apiKeyCreate.apiKey!.createdBy).toMatch(/^key:sl_/);
    // Only the hash is stored; the key appears nowhere in the database.
    const [row] = await app.sql<{ secret_hash: string }>('select secret_hash from api_key where id = $1', [
      apiKeyCreate.apiKey!.id,
    ]);
    expect(row.secret_hash).toBe(createHash('sha256').update(key).digest('hex'));
    const dump = await app.sql('select a::text t from api_key a');
    expect(JSON.stringify(dump)).not.toContain(key.slice(16));
    const audit = await app.sql("select a::text t from audit_log a where operation = 'apiKeyCreate'");
    expect(JSON.stringify(audit)).not.toContain(key.slice(16));
    // The list never shows the key.
    const { apiKeys } = await app.ok(ApiKeysDocument);
    expect(JSON.stringify(apiKeys)).not.toContain(key.slice(16));

    const shop = app.as(key);
    const { viewer } = await shop.ok(ViewerDocument);
    expect(viewer).toMatchObject({ kind: 'API_KEY', roles: ['STOREFRONT'], actor: `key:${key.slice(0, 15)}` });
    expect((await shop.gql(ApiKeysDocument)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const after = (await app.ok(ApiKeysDocument)).apiKeys.find((k) => k.id === apiKeyCreate.apiKey!.id)!;
    expect(after.lastUsedAt).not.toBeNull();
  });

  it('refuse bad input and change nothing', async () => {
    const count = async () => (await app.sql<{ n: string }>('select count(*) n from api_key'))[0].n;
    const before = await count();
    const empty = await app.ok(ApiKeyCreateDocument, { input: { name: ' ', roles: [] } });
    expect(empty.apiKeyCreate.key).toBeNull();
    expect(empty.apiKeyCreate.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['input.name', 'input.roles']);
    const supplier = await app.ok(ApiKeyCreateDocument, {
      input: { name: 'x', roles: ['STOREFRONT'], supplierId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(supplier.apiKeyCreate.userErrors.map((e) => e.code)).toEqual(['INVALID']);
    expect(await count()).toBe(before);
  });

  it('are revoked once; a second revocation or an unknown id changes nothing', async () => {
    const key = await app.createKey(['WAREHOUSE']);
    const id = (await app.ok(ApiKeysDocument)).apiKeys.find((k) => key.startsWith(k.prefix))!.id;
    const revoked = await app.ok(ApiKeyRevokeDocument, { id });
    expect(revoked.apiKeyRevoke.apiKey).toMatchObject({ id, revokedBy: expect.stringMatching(/^key:sl_/) });
    expect((await app.as(key).gql(ViewerDocument)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.ok(ApiKeyRevokeDocument, { id })).apiKeyRevoke.userErrors.map((e) => e.code)).toEqual([
      'INVALID_STATE',
    ]);
    const unknown = await app.ok(ApiKeyRevokeDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.apiKeyRevoke.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('authenticate graphql-ws connections in connection_init; no or bad credentials close the socket (4403)', async () => {
    const ok = wsClient(app);
    try {
      const result = await wsRequest<{ viewer: { actor: string } }>(ok, '{ viewer { actor } }');
      expect(result.data?.viewer.actor).toMatch(/^key:sl_/);
    } finally {
      await ok.dispose();
    }
    // A key revoked while its socket is open starts nothing new on it.
    const key = await app.createKey(['STOREFRONT']);
    const open = wsClient(app, key);
    try {
      expect((await wsRequest(open, '{ viewer { actor } }')).data).toBeTruthy();
      const id = (await app.ok(ApiKeysDocument)).apiKeys.find((k) => key.startsWith(k.prefix))!.id;
      await app.ok(ApiKeyRevokeDocument, { id });
      const refused = await wsRequest(open, '{ viewer { actor } }').catch((errors) => ({ errors }));
      expect(JSON.stringify(refused)).toMatch(/UNAUTHENTICATED|revoked/);
    } finally {
      await open.dispose();
    }
    for (const credential of [null, `sl_000000000000_${'A'.repeat(43)}`]) {
      const closed = await new Promise<number>((resolve) => {
        const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
        socket.on('open', () =>
          socket.send(
            JSON.stringify({
              type: 'connection_init',
              payload: credential ? { Authorization: `Bearer ${credential}` } : {},
            }),
          ),
        );
        socket.on('close', (code) => resolve(code));
      });
      expect(closed).toBe(4403);
    }
  });
});

describe('npm run key:create (the first key of a deployment)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  it('prints a working key once', async () => {
    const script = path.join(__dirname, '..', '..', 'dist', 'scripts', 'key-create.js');
    const { stdout } = await run('node', [script, '--roles', 'ADMIN,CONTROLLER', '--name', 'Operations'], {
      env: { ...process.env, DATABASE_URL: app.databaseUrl, NODE_ENV: 'production' },
    });
    const key = /sl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(stdout)![0];
    const { viewer } = await app.as(key).ok(ViewerDocument);
    expect(viewer).toMatchObject({ kind: 'API_KEY', roles: ['ADMIN', 'CONTROLLER'] });
    await expect(
      run('node', [script, '--roles', 'ROOT', '--name', 'x'], {
        env: { ...process.env, DATABASE_URL: app.databaseUrl },
      }),
    ).rejects.toThrow(/usage/);
  });
});

describe('JWTs of internal users (public key from configuration)', () => {
  let app: TestApp;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const env = {
      JWT_PUBLIC_KEY: await exportSPKI(publicKey),
      JWT_ISSUER: 'https://id.example',
      JWT_AUDIENCE: 'stockline-api',
    };
    app = await startTestApp({ seed: false, env });
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('alice')
        .setIssuer(env.JWT_ISSUER)
        .setAudience(env.JWT_AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(() => app.close());

  it('act for the company and roles they carry', async () => {
    const token = await sign({ company: app.companyId, roles: ['CONTROLLER', 'NOT_A_ROLE'] });
    const { viewer } = await app.as(token).ok(ViewerDocument);
    expect(viewer).toMatchObject({ kind: 'USER', actor: 'user:alice', roles: ['CONTROLLER'] });
    expect(viewer.company!.id).toBe(app.companyId);
    expect((await app.as(token).gql(ApiKeysDocument)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('are refused without a company or a known role', async () => {
    for (const claims of [{ roles: ['ADMIN'] }, { company: app.companyId, roles: ['ROOT'] }]) {
      const res = await app.as(await sign(claims)).gql(ViewerDocument);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('anonymous access and rate limits (configuration)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      seed: true,
      env: { ANONYMOUS_ROLES: 'STOREFRONT', RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' },
    });
  });
  afterAll(() => app.close());

  it('lets anonymous callers do what ANONYMOUS_ROLES allows, and no more', async () => {
    const anonymous = app.as(null);
    expect((await anonymous.ok(ViewerDocument)).viewer).toMatchObject({ kind: 'ANONYMOUS', roles: ['STOREFRONT'] });
    const res = await request(app.url).post('/graphql').send({ query: '{ warehouses { code } }' });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers RATE_LIMITED with retry-after past the burst of a key, and other keys are not affected', async () => {
    const key = await app.createKey(['STOREFRONT']);
    const send = (k: string) =>
      request(app.url).post('/graphql').set('authorization', `Bearer ${k}`).send({ query: '{ viewer { actor } }' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(key)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    const limited = await send(key);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect((await send(await app.createKey(['STOREFRONT']))).status).toBe(200);
  });
});
