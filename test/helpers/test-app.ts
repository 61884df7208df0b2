import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type GraphQLSchema, print } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig } from '../../src/config/env';
import { initOrm, migrate } from '../../src/db/orm';
import { buildStocklineSchema } from '../../src/graphql/schema';
import { createStocklineServer, type StocklineServer } from '../../src/server/app';
import { ensureCompany } from '../../src/server/boot';
import { createLogger, type Logger } from '../../src/server/logger';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  url: string;
  server: StocklineServer;
  orm: MikroORM;
  companyId: string;
  databaseUrl: string;
  /** Runs an operation through the real HTTP endpoint and returns the parsed body. */
  gql<R, V>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<R>>;
  /** Like gql, but fails the test on any GraphQL error and returns `data`. */
  ok<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  /** Counts the SQL statements the server sends while `work` runs. */
  countStatements(work: () => Promise<unknown>): Promise<number>;
  /** A plain SQL query on the test database, for assertions that must not go through the API. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;

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

/** A server on its own fresh database (migrated, with or without demo data) on a random port. */
export async function startTestApp(
  options: {
    seed?: boolean;
    nodeEnv?: 'test' | 'production';
    lockTimeoutMs?: number;
    logger?: Logger;
    shutdownTimeoutMs?: number;
  } = {},
): Promise<TestApp> {
  const database = `sl_test_${process.env.JEST_WORKER_ID ?? '0'}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`create database "${database}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();

  const orm = await initOrm(databaseUrl, 20, options.lockTimeoutMs);
  await migrate(orm);
  const companyId = await ensureCompany(orm, options.seed ?? true);
  schemaPromise ??= buildStocklineSchema();
  const config = {
    ...loadConfig({ NODE_ENV: options.nodeEnv ?? 'test' }),
    logLevel: 'silent',
    ...(options.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: options.shutdownTimeoutMs } : {}),
  };
  const server: StocklineServer = await createStocklineServer({
    orm,
    schema: await schemaPromise,
    config,
    logger: options.logger ?? createLogger('silent'),
    companyId,
  });
  const port = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const knex = orm.em.getConnection().getKnex();
  const pool = new Client({ connectionString: databaseUrl });
  await pool.connect();

  const gql: TestApp['gql'] = async (document, variables, headers = {}) => {
    const res = await request(base)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set(headers)
      .send({ query: print(document), variables: variables ?? {} });
    return res.body;
  };

  return {
    url: base,
    server,
    orm,
    companyId,
    databaseUrl,
    gql,
    async ok(document, variables) {
      const body = await gql(document, variables);
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
      if (!body.data) throw new Error(`No data in response: ${JSON.stringify(body)}`);
      return body.data;
    },
    async countStatements(work) {
      let count = 0;
      const listener = () => {
        count++;
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
      await adminQuery(`drop database if exists "${database}" with (force)`);
    },
  };
}
