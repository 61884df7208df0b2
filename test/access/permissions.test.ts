import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import request from 'supertest';
import { rootOperations } from '../../src/auth/enforce';
import { isAllowed, PERMISSIONS, type RootKind } from '../../src/auth/permissions';
import { ROLE_TABLE_PAGE, withRoleTable } from '../../src/auth/role-table';
import { ALL_ROLES, type Role } from '../../src/auth/roles';
import { buildStocklineSchema } from '../../src/graphql/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { wsClient } from '../helpers/ws';
import { rootField, sampleOperation } from './operation-samples';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildStocklineSchema();
});

describe('the permission table', () => {
  it('names every root operation of the schema (a missing one is refused to everyone)', () => {
    const missing = rootOperations(schema)
      .filter(({ kind, field }) => !Object.prototype.hasOwnProperty.call(PERMISSIONS[kind], field))
      .map(({ kind, field }) => `${kind}.${field}`);
    expect(missing).toEqual([]);
  });

  it('is the table in the docs (run `npm run docs:roles` after changing it)', () => {
    const page = fs.readFileSync(path.resolve(__dirname, '../..', ROLE_TABLE_PAGE), 'utf8');
    expect(page).toBe(withRoleTable(page, schema));
  });

  it('lets ADMIN do everything listed and nobody do what is not listed', () => {
    for (const kind of ['Query', 'Mutation', 'Subscription'] as RootKind[]) {
      for (const field of Object.keys(PERMISSIONS[kind])) expect(isAllowed(kind, field, ['ADMIN' as Role])).toBe(true);
    }
    expect(isAllowed('Query', 'somethingNew', ['ADMIN' as Role])).toBe(false);
  });
});

/** Row counts of every table: a refused operation must leave all of them unchanged. */
async function footprint(app: TestApp): Promise<Record<string, number>> {
  const tables = await app.sql<{ t: string }>(
    "select table_name t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const [row] = await app.sql<Record<string, string>>(
    `select ${tables.map(({ t }) => `(select count(*) from "${t}") as "${t}"`).join(', ')}`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

describe('the role matrix: every role against every operation, as the table says', () => {
  let app: TestApp;
  const keys = new Map<Role, string>();
  beforeAll(async () => {
    app = await startTestApp({ seed: true });
    for (const role of ALL_ROLES) keys.set(role, await app.createKey([role], { name: role }));
  });
  afterAll(() => app.close());

  const send = async (key: string, kind: RootKind, field: string) => {
    const { query, variables } = sampleOperation(kind, rootField(schema, kind, field));
    if (kind !== 'Subscription') {
      const res = await request(app.url)
        .post('/graphql')
        .set('authorization', `Bearer ${key}`)
        .send({ query, variables });
      return (res.body.errors ?? []) as { extensions?: { code?: string } }[];
    }
    const client = wsClient(app, key);
    try {
      return await new Promise<{ extensions?: { code?: string } }[]>((resolve) => {
        const timer = setTimeout(() => resolve([]), 300); // allowed: it waits for events
        client.subscribe(
          { query, variables },
          {
            next: (value) => {
              clearTimeout(timer);
              resolve((value.errors ?? []) as never);
            },
            error: (error) => {
              clearTimeout(timer);
              resolve(Array.isArray(error) ? error : [{ extensions: { code: String(error) } }]);
            },
            complete: () => undefined,
          },
        );
      });
    } finally {
      await client.dispose();
    }
  };

  it.each(ALL_ROLES)(
    '%s: FORBIDDEN and nothing written where the table says no, never FORBIDDEN where it says yes',
    async (role) => {
      const key = keys.get(role)!;
      const operations = rootOperations(schema);
      const denied = operations.filter(({ kind, field }) => !isAllowed(kind, field, [role]));
      const allowed = operations.filter(({ kind, field }) => isAllowed(kind, field, [role]));

      const before = await footprint(app);
      const wrong: string[] = [];
      for (const { kind, field } of denied) {
        const errors = await send(key, kind, field);
        if (!errors.some((e) => e.extensions?.code === 'FORBIDDEN')) wrong.push(`${field} was not FORBIDDEN`);
      }
      expect(await footprint(app)).toEqual(before);
      for (const { kind, field } of allowed) {
        const errors = await send(key, kind, field);
        if (errors.some((e) => e.extensions?.code === 'FORBIDDEN')) wrong.push(`${field} was FORBIDDEN`);
      }
      expect(wrong).toEqual([]);
    },
  );

  it('refuses every operation without credentials (UNAUTHENTICATED, HTTP 401) when nothing is allowed anonymously', async () => {
    for (const { kind, field } of rootOperations(schema).filter((o) => o.kind !== 'Subscription')) {
      const { query, variables } = sampleOperation(kind, rootField(schema, kind, field));
      const res = await request(app.url).post('/graphql').send({ query, variables });
      expect([field, res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([field, 401, 'UNAUTHENTICATED']);
    }
  });
});
