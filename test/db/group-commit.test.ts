import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { GroupCommit } from '../../src/db/group-commit';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** GroupCommit on the real database: what a group's members see when it commits or fails. */
let app: TestApp;
let em: EntityManager;
beforeAll(async () => {
  app = await startTestApp({ lockTimeoutMs: 300 });
  em = app.orm.em.fork() as EntityManager;
  await app.sql('create table group_commit_probe (member int primary key)');
});
afterAll(() => app.close());

const lockSql = (keys: string[]) =>
  `select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${keys.map((k) => `'${k}'`).join(', ')}]::text[]) k`;
// Members EXECUTE a statement the group prepares on whichever pooled connection it gets.
const probe = { name: 'group_commit_probe_v1', text: 'insert into group_commit_probe values ($1) returning member' };
const insert = (member: number, lockKeys = ['probe']) => ({
  em,
  lockKeys,
  statement: `execute ${probe.name}(${member})`,
});
const members = async () =>
  (await app.sql<{ member: number }>('select member from group_commit_probe order by member')).map((r) => r.member);

describe('GroupCommit', () => {
  beforeEach(() => app.sql('delete from group_commit_probe'));

  it('sends requests that wait behind a group together, in one transaction, and answers each its own row', async () => {
    const group = new GroupCommit(lockSql, [probe], 1, 64);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => group.submit<{ member: number }>(insert(i))),
    );
    expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => ({ member: i })));
    expect(await members()).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const [{ transactions }] = await app.sql<{ transactions: number }>(
      'select count(distinct xmin::text)::int as transactions from group_commit_probe',
    );
    // The first went alone (an idle queue does not wait); the other nine formed one group behind it.
    expect(transactions).toBe(2);
  });

  it('a failing member rolls back its group; every member is answered null to run again alone', async () => {
    const group = new GroupCommit(lockSql, [probe], 1, 64);
    const first = group.submit(insert(1));
    const rest = [2, 3, 4].map((i) => group.submit(i === 3 ? { ...insert(3), statement: 'select 1 / 0' } : insert(i)));
    expect(await first).toEqual({ member: 1 });
    expect(await Promise.all(rest)).toEqual([null, null, null]);
    expect(await members()).toEqual([1]);
  });

  it('keeps the requests of different databases in different groups', async () => {
    const second = await startTestApp({ lockTimeoutMs: 300 });
    try {
      await second.sql('create table group_commit_probe (member int primary key)');
      const secondEm = second.orm.em.fork() as EntityManager;
      const group = new GroupCommit(lockSql, [probe], 1, 64);
      // Queued together behind the first: each must still commit on its own database.
      const answers = await Promise.all(
        [1, 2, 3, 4].map((i) => group.submit(i % 2 ? insert(i) : { ...insert(i), em: secondEm })),
      );
      expect(answers).toEqual([1, 2, 3, 4].map((member) => ({ member })));
      expect(await members()).toEqual([1, 3]);
      const there = await second.sql<{ member: number }>('select member from group_commit_probe order by member');
      expect(there.map((r) => r.member)).toEqual([2, 4]);
    } finally {
      await second.close();
    }
  });

  it('a group that cannot get its locks in time fails every member with the lock error', async () => {
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(lockSql(['held']));
      const group = new GroupCommit(lockSql, [probe], 1, 64);
      const outcome = await Promise.allSettled([group.submit(insert(7, ['held'])), group.submit(insert(8, ['held']))]);
      expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(outcome.map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['55P03', '55P03']);
      expect(await members()).toEqual([]);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  });
});
