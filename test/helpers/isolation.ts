import request from 'supertest';
import type { TestApp } from './test-app';

// Untyped GraphQL answers: isolation tests send hand-written documents over every operation family.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RawAnswer {
  data?: Record<string, Json>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Hand-written documents sent with a key: `gql` answers as the server did, `ok` fails the test
 * on any GraphQL error or userError and returns the data.
 */
export function rawClient(app: () => TestApp) {
  const gql = async (key: string, query: string, variables: Record<string, unknown> = {}): Promise<RawAnswer> => {
    const res = await request(app().url)
      .post('/graphql')
      .set('authorization', `Bearer ${key}`)
      .send({ query, variables });
    return res.body as RawAnswer;
  };
  const ok = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await gql(key, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const payload = Object.values(body.data!)[0] as { userErrors?: unknown[] };
    if (payload && Array.isArray(payload.userErrors) && payload.userErrors.length) {
      throw new Error(JSON.stringify(payload.userErrors));
    }
    return body.data!;
  };
  return { gql, ok };
}

/** Every row of a company, hashed per table: unchanged means nothing of that company was written. */
export async function companyFootprint(app: TestApp, companyId: string): Promise<Record<string, string>> {
  const tables = await app.sql<{ t: string }>(
    `select table_name t from information_schema.columns where table_schema = 'public' and column_name = 'company_id' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await app.sql<{ h: string | null; n: string }>(
      `select md5(string_agg(x::text, '|' order by x::text)) h, count(*) n from "${t}" x where company_id = $1`,
      [companyId],
    );
    out[t] = `${row.n}:${row.h ?? ''}`;
  }
  return out;
}
