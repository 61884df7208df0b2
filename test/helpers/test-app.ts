import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type DocumentNode, print } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import type { Role } from '../../src/auth/roles';
import type * as Env from '../../src/config/env';
import type * as Orm from '../../src/db/orm';
import type * as ApiKeys from '../../src/modules/access/api-key.service';
import type * as CompanySetup from '../../src/seed/company-setup';
import type * as App from '../../src/server/app';
import type { StocklineServer } from '../../src/server/app';
import type * as Boot from '../../src/server/boot';
import type * as Logging from '../../src/observability/logger';
import type * as RequestScopes from '../../src/observability/request-scope';
import type { Logger } from '../../src/observability/logger';
import { native } from './native';
import type * as WorkerSchema from './worker-schema';

// The server under test, loaded once per jest worker and shared by its files (native.ts).
const { loadConfig } = native<typeof Env>('src/config/env');
const { initOrm, migrate } = native<typeof Orm>('src/db/orm');
const { createApiKey } = native<typeof ApiKeys>('src/modules/access/api-key.service');
const { setUpCompany } = native<typeof CompanySetup>('src/seed/company-setup');
const { workerSchema } = native<typeof WorkerSchema>('test/helpers/worker-schema');
const { createStocklineServer } = native<typeof App>('src/server/app');
const { ensureCompany } = native<typeof Boot>('src/server/boot');
const { createLogger } = native<typeof Logging>('src/observability/logger');
const { currentRequestScope } = native<typeof RequestScopes>('src/observability/request-scope');

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** Runs operations with one credential (an API key, a JWT, or none). */
export interface GqlClient {
  /** Runs an operation through the real HTTP endpoint and returns the parsed body. */
  gql<R, V>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<R>>;
  /** Like gql, but fails the test on any GraphQL error and returns `data`. */
  ok<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
}

export interface TestApp extends GqlClient {
  url: string;
  server: StocklineServer;
  /** ws://.../graphql, for graphql-ws clients (test/helpers/ws.ts). */
  wsUrl: string;
  orm: MikroORM;
  companyId: string;
  databaseUrl: string;
  /** The ADMIN key of the default company that `gql` and `ok` send unless told otherwise. */
  adminKey: string;
  /** A client sending this bearer credential (API key or JWT), or none at all with null. */
  as(credential: string | null): GqlClient;
  /** Creates an API key directly in the database (default: the default company). */
  createKey(roles: `${Role}`[], options?: { companyId?: string; name?: string; supplierId?: string }): Promise<string>;
  /** A second company, set up like the first (units, virtual locations), with an ADMIN key. */
  createCompany(code: string): Promise<{ companyId: string; adminKey: string }>;
  /**
   * Counts the SQL statements the server sends for HTTP requests while `work` runs. The server's
   * background work (the reservation sweeper, the webhook worker's polls) is left out: whether one
   * of its rounds fell inside `work` would make the count depend on timing.
   */
  countStatements(work: () => Promise<unknown>): Promise<number>;
  /** A plain SQL query on the test database, for assertions that must not go through the API. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Another server process's worth of state (its own pool, hub and port) on the database of `app`. */
export interface AppInstance {
  url: string;
  wsUrl: string;
  server: StocklineServer;
  close(): Promise<void>;
}

/** Starts a second instance on the same database, as a scaled-out deployment runs them. */
export async function startInstance(app: TestApp, env: Record<string, string> = {}): Promise<AppInstance> {
  const orm = await initOrm(app.databaseUrl, 10);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_SECOND: '0', ...env }),
    logLevel: 'silent',
  };
  const server = await createStocklineServer({
    orm,
    schema: await workerSchema(),
    config,
    logger: createLogger('silent'),
    companyId: app.companyId,
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    server,
    async close() {
      await server.close();
      await orm.close(true);
    },
  };
}

// A file sends the same few documents again and again: printed once each (graphql's print walks
// the whole document, ~1 s of the suite's CPU when done per request).
const printedDocuments = new WeakMap<object, string>();
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database: jest globalSetup sets TEST_DATABASE_ADMIN_URL');
  return url;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a file's database without waiting for the end: PostgreSQL's DROP DATABASE waits for a
 * checkpoint (seconds with fsync on, on a busy disk) and nothing after the file needs the database
 * gone, so the worker goes on to its next file meanwhile. The statement has been sent when this
 * returns (the server finishes it even if the worker exits); the run's global teardown drops
 * whatever a file left (test/setup/global-teardown.ts).
 */
async function dropInBackground(database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  void client
    .query(`drop database if exists "${database}" with (force)`)
    .catch(() => undefined)
    .finally(() => client.end().catch(() => undefined));
}

/** A server on its own fresh database (migrated, with or without demo data) on a random port. */
export async function startTestApp(
  options: {
    seed?: boolean;
    nodeEnv?: 'test' | 'production';
    lockTimeoutMs?: number;
    logger?: Logger;
    shutdownTimeoutMs?: number;
    /** Environment variables for loadConfig (limits, auth); the rate limit is off unless set here. */
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  // The run's prefix (global-setup.ts) lets its teardown find what a file left behind.
  const prefix = process.env.TEST_DATABASE_PREFIX ?? 'sl_test_';
  const database = `${prefix}${process.env.JEST_WORKER_ID ?? '0'}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  // A clone of the run's migrated (and seeded) template (test/setup/template-databases.ts); with
  // no template (jest without its globalSetup) a fresh database that the lines below migrate.
  const seed = options.seed ?? true;
  const template = seed ? process.env.TEST_TEMPLATE_DATABASE_SEEDED : process.env.TEST_TEMPLATE_DATABASE_BARE;
  await adminQuery(`create database "${database}"${template ? ` template "${template}"` : ''}`);
  // A test database is thrown away after its file: a commit need not wait for its WAL to reach
  // the disk (what a crash could lose, no test looks at). Every connection to it inherits this,
  // the server's, `sql`'s and those of the processes a test starts.
  await adminQuery(`alter database "${database}" set synchronous_commit = off`);
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();

  const orm = await initOrm(databaseUrl, 20, options.lockTimeoutMs);
  let companyId: string;
  try {
    // On a clone both find their work done: nothing pending, the company there.
    await migrate(orm);
    companyId = await ensureCompany(orm, seed);
  } catch (error) {
    // A failed set-up must not leave its database behind (a broken seeder would leave one per suite).
    await orm.close(true).catch(() => {});
    await adminQuery(`drop database if exists "${database}" with (force)`);
    throw error;
  }
  const config = {
    ...loadConfig({ NODE_ENV: options.nodeEnv ?? 'test', RATE_LIMIT_PER_SECOND: '0', ...options.env }),
    logLevel: 'silent',
    ...(options.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: options.shutdownTimeoutMs } : {}),
  };
  const createKey: TestApp['createKey'] = async (roles, keyOptions = {}) => {
    const em = orm.em.fork();
    const sc = { em, companyId: keyOptions.companyId ?? companyId, actor: 'test-setup' };
    const { key } = await createApiKey(sc, {
      name: keyOptions.name ?? roles.join('+'),
      roles: roles as Role[],
      ...keyOptions,
    });
    return key;
  };
  const adminKey = await createKey(['ADMIN'], { name: 'test admin' });
  const server: StocklineServer = await createStocklineServer({
    orm,
    schema: await workerSchema(),
    config,
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL === 'error' ? 'error' : 'silent'),
    companyId,
  });
  const port = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const knex = orm.em.getConnection().getKnex();
  const pool = new Client({ connectionString: databaseUrl });
  await pool.connect();

  const client = (credential: string | null): GqlClient => {
    const gql: GqlClient['gql'] = async (document, variables, headers = {}) => {
      let req = request(base).post('/graphql').set('content-type', 'application/json');
      if (credential) req = req.set('authorization', `Bearer ${credential}`);
      const res = await req.set(headers).send({ query: printed(document), variables: variables ?? {} });
      return res.body;
    };
    return {
      gql,
      async ok(document, variables) {
        const body = await gql(document, variables);
        if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
        if (!body.data) throw new Error(`No data in response: ${JSON.stringify(body)}`);
        return body.data;
      },
    };
  };

  return {
    url: base,
    server,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    orm,
    companyId,
    databaseUrl,
    adminKey,
    ...client(adminKey),
    as: client,
    createKey,
    async createCompany(code) {
      const em = orm.em.fork();
      const company = await em.transactional((tx) => setUpCompany(tx, { code, name: `Company ${code}` }));
      return { companyId: company.id, adminKey: await createKey(['ADMIN'], { companyId: company.id }) };
    },
    async countStatements(work) {
      let count = 0;
      // knex emits 'query' as the statement is sent, in the async context of whoever sent it.
      const listener = () => {
        if (currentRequestScope()) count++;
      };
      knex.on('query', listener);
      try {
        await work();
      } finally {
        knex.removeListener('query', listener);
      }
      return count;
    },
    async sql(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async close() {
      await pool.end();
      await server.close();
      await orm.close(true);
      await dropInBackground(database);
    },
  };
}
