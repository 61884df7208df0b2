import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type * as Faults from '../../src/db/faults';
import type * as Groups from '../../src/db/group-commit';
import { native } from '../helpers/native';
import { startTestApp, type TestApp } from '../helpers/test-app';
const { GroupCommit } = native<typeof Groups>('src/db/group-commit');
const { Deadline, DeadlineExceededError, OutcomeUnknownError } = native<typeof Faults>('src/db/faults');

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
// The group's one statement EXECUTEs a statement prepared on whichever pooled connection it gets:
// it inserts and answers the members whose value is not negative (and writes nothing for the others).
const probe = {
  name: 'group_commit_probe_v2',
  text: `with v as (select value, (n - 1)::int as member from unnest($1::int[]) with ordinality as v(value, n)),
              ins as (insert into group_commit_probe select value from v where value >= 0 returning member)
         select v.member, v.value from v where v.value >= 0 order by v.member`,
};
const statement = (values: number[]) => `execute ${probe.name}(array[${values.join(', ')}]::int[])`;
const insert = (value: number, lockKeys = ['probe']) => ({ em, lockKeys, params: value });
const grouped = () =>
  new GroupCommit<number, { member: number; value: number }>(lockSql, [probe], statement, 1, 64, () => 300);
const members = async () =>
  (await app.sql<{ member: number }>('select member from group_commit_probe order by member')).map((r) => r.member);

describe('GroupCommit', () => {
  beforeEach(() => app.sql('delete from group_commit_probe'));

  it('sends requests that wait behind a group together, in one statement and transaction, and answers each its own row', async () => {
    const group = grouped();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit(insert(i))));
    // The first went alone (member 0 of its group), the other nine are members 0 to 8 of the next.
    expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => ({ member: i === 0 ? 0 : i - 1, value: i })));
    expect(await members()).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const [{ transactions }] = await app.sql<{ transactions: number }>(
      'select count(distinct xmin::text)::int as transactions from group_commit_probe',
    );
    // The first went alone (an idle queue does not wait); the other nine formed one group behind it.
    expect(transactions).toBe(2);
  });

  it('a member the statement does not answer is answered null, to run again alone', async () => {
    const group = grouped();
    const first = group.submit(insert(1));
    const rest = [2, -3, 4].map((i) => group.submit(insert(i)));
    expect(await first).toEqual({ member: 0, value: 1 });
    expect(await Promise.all(rest)).toEqual([{ member: 0, value: 2 }, null, { member: 2, value: 4 }]);
    expect(await members()).toEqual([1, 2, 4]);
  });

  it('a group whose statement cannot be built sends nothing; every member is answered null', async () => {
    const refusing = new GroupCommit<number, { member: number; value: number }>(
      lockSql,
      [probe],
      (values) => {
        if (values.includes(13)) throw new Error('no statement for 13');
        return statement(values);
      },
      1,
      64,
      () => 300,
    );
    const first = refusing.submit(insert(1));
    const rest = [2, 13, 4].map((i) => refusing.submit(insert(i)));
    expect(await first).toEqual({ member: 0, value: 1 });
    expect(await Promise.all(rest)).toEqual([null, null, null]);
    expect(await members()).toEqual([1]);
  });

  it('a failing group writes nothing; every member is answered null to run again alone', async () => {
    const group = grouped();
    const first = group.submit(insert(1));
    // 1 again: a duplicate key fails the whole statement.
    const rest = [2, 1, 4].map((i) => group.submit(insert(i)));
    expect(await first).toEqual({ member: 0, value: 1 });
    expect(await Promise.all(rest)).toEqual([null, null, null]);
    expect(await members()).toEqual([1]);
  });

  it('a group never sent (no connection) answers every member null; a group whose outcome is unknown fails them', async () => {
    // Entity managers over a stand-in pool: the failures a real one gives rarely and at random.
    const over = (acquireConnection: () => Promise<unknown>) =>
      ({
        config: {}, // a database of its own, so a queue of its own
        getTransactionContext: () => undefined,
        getConnection: () => ({
          getKnex: () => ({ client: { acquireConnection, releaseConnection: async () => {} } }),
        }),
      }) as unknown as EntityManager;
    const group = grouped();
    const unreachable = over(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    expect(await Promise.all([1, 2].map((i) => group.submit({ ...insert(i), em: unreachable })))).toEqual([null, null]);

    // The connection is lost once the group was sent: it may have committed, so nobody runs again.
    const lost = over(async () => ({
      query: async (sql: string) => {
        if (sql.startsWith('prepare')) return { rows: [] };
        throw new Error('Connection terminated unexpectedly');
      },
    }));
    const outcome = await Promise.allSettled([3, 4].map((i) => group.submit({ ...insert(i), em: lost })));
    expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcome.map((o) => (o as PromiseRejectedResult).reason)).toEqual([
      expect.any(OutcomeUnknownError),
      expect.any(OutcomeUnknownError),
    ]);
    expect((outcome[0] as PromiseRejectedResult).reason.cause.message).toBe('Connection terminated unexpectedly');
  });

  it('keeps the requests of different databases in different groups', async () => {
    const second = await startTestApp({ lockTimeoutMs: 300 });
    try {
      await second.sql('create table group_commit_probe (member int primary key)');
      const secondEm = second.orm.em.fork() as EntityManager;
      const group = grouped();
      // Queued together behind the first: each must still commit on its own database.
      const answers = await Promise.all(
        [1, 2, 3, 4].map((i) => group.submit(i % 2 ? insert(i) : { ...insert(i), em: secondEm })),
      );
      expect(answers.map((a) => a?.value)).toEqual([1, 2, 3, 4]);
      expect(await members()).toEqual([1, 3]);
      const there = await second.sql<{ member: number }>('select member from group_commit_probe order by member');
      expect(there.map((r) => r.member)).toEqual([2, 4]);
    } finally {
      await second.close();
    }
  });

  it('never groups requests whose locks differ: one held lock holds back only the requests that need it', async () => {
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(lockSql(['held']));
      const group = grouped();
      // Two blocked requests fill the 'held' queue's one group in flight; the others queue behind
      // them. Requests of other locks are answered while the lock is still held.
      const blocked = [20, 21, 22].map((i) => group.submit(insert(i, ['held'])));
      const free = await Promise.all([30, 31, 32].map((i) => group.submit(insert(i, ['free']))));
      expect(free.map((row) => row?.value)).toEqual([30, 31, 32]);
      expect(await members()).toEqual([30, 31, 32]);
      await holder.query('rollback');
      expect((await Promise.all(blocked)).map((row) => row?.value)).toEqual([20, 21, 22]);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  });

  it('a member queued past lock_timeout fails like a lock wait, and one whose deadline expires is dropped; neither is sent', async () => {
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(lockSql(['held']));
      const group = grouped();
      const deadline = new Deadline(100);
      const first = group.submit(insert(40, ['held'])); // in flight, waiting for the lock
      const queued = group.submit(insert(41, ['held']));
      const dropped = group.submit({ ...insert(42, ['held']), deadline });
      deadline.expire();
      const outcome = await Promise.allSettled([first, queued, dropped]);
      expect(outcome.map((o) => (o as PromiseRejectedResult).reason?.code ?? 'dropped')).toEqual([
        '55P03',
        '55P03',
        'dropped',
      ]);
      expect((outcome[2] as PromiseRejectedResult).reason).toBeInstanceOf(DeadlineExceededError);
      await holder.query('rollback');
      expect(await members()).toEqual([]);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  });

  it('a group that cannot get its locks in time fails every member with the lock error', async () => {
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(lockSql(['held']));
      const group = grouped();
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
