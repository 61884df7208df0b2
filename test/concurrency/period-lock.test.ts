import { Client } from 'pg';
import {
  FiscalPeriodCreateDocument,
  FiscalPeriodLockDocument,
  JournalEntryCreateDocument,
  type JournalLineInput,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Locking a fiscal period and posting into it serialize on the period's row: a posting that
 * checked the period before the lock commits before it, one that checks after waits for the
 * lock and is refused. No entry dated in the period is ever posted after the lock committed.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: false });
});
afterAll(() => app.close());

const capital: JournalLineInput[] = [
  { accountCode: '1000', debit: '10' },
  { accountCode: '3000', credit: '10' },
];

async function period(name: string, startDate: string, endDate: string) {
  const { fiscalPeriodCreate } = await app.ok(FiscalPeriodCreateDocument, { input: { name, startDate, endDate } });
  expect(fiscalPeriodCreate.userErrors).toEqual([]);
  return fiscalPeriodCreate.fiscalPeriod!.id;
}

const postedIn = async (from: string, to: string) =>
  (
    await app.sql<{ id: string }>(
      `select id from journal_entry where state = 'POSTED' and (date at time zone 'UTC')::date between $1 and $2`,
      [from, to],
    )
  )
    .map((r) => r.id)
    .sort();

/** Resolves to whether `promise` settled within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

async function client() {
  const c = new Client({ connectionString: app.databaseUrl });
  await c.connect();
  return c;
}

describe('fiscal period lock against concurrent postings', () => {
  it('the lock waits for a posting in flight (even one straight in SQL), which lands before it', async () => {
    const id = await period('2025-03', '2025-03-01', '2025-03-31');
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
      input: { lines: capital, date: '2025-03-10T12:00:00Z' },
    });
    const draft = journalEntryCreate.journalEntry!.id;
    const poster = await client();
    try {
      await poster.query('begin');
      await poster.query(`update journal_entry set state = 'POSTED', posted_at = now() where id = $1`, [draft]);
      const lock = app.gql(FiscalPeriodLockDocument, { id });
      expect(await settlesWithin(lock, 700)).toBe(false);
      await poster.query('commit');
      const locked = await lock;
      expect(locked.errors).toBeUndefined();
      expect(locked.data!.fiscalPeriodLock).toMatchObject({ userErrors: [], fiscalPeriod: { locked: true } });
    } finally {
      await poster.end();
    }
    expect(await postedIn('2025-03-01', '2025-03-31')).toEqual([draft]);
  });

  it('postings that check while the lock is in flight wait for it and are refused with PERIOD_LOCKED', async () => {
    const id = await period('2025-04', '2025-04-01', '2025-04-30');
    const locker = await client();
    let postings: Promise<Awaited<ReturnType<typeof app.gql<unknown, unknown>>>>[] = [];
    try {
      await locker.query('begin');
      await locker.query('select id from fiscal_period where id = $1 for update', [id]);
      await locker.query(`update fiscal_period set locked = true, locked_at = now() where id = $1`, [id]);
      postings = Array.from({ length: 5 }, () =>
        app.gql(JournalEntryCreateDocument, { input: { lines: capital, post: true, date: '2025-04-10T12:00:00Z' } }),
      );
      expect(await settlesWithin(Promise.race(postings), 700)).toBe(false);
      await locker.query('commit');
    } finally {
      await locker.end();
    }
    for (const result of await Promise.all(postings)) {
      expect(result.errors).toBeUndefined();
      expect(
        (result.data as { journalEntryCreate: { userErrors: unknown[] } }).journalEntryCreate.userErrors,
      ).toMatchObject([{ code: 'PERIOD_LOCKED', field: ['input', 'date'] }]);
    }
    expect(await postedIn('2025-04-01', '2025-04-30')).toEqual([]);
  });

  it('forty postings racing one lock: each lands before the lock or is refused, none after', async () => {
    const id = await period('2025-05', '2025-05-01', '2025-05-31');
    // BUSY and TIMEOUT roll back (retryable, nothing committed): a loaded server may legally answer
    // them to a request that waited behind the others; a client retries, and the retry must keep
    // the rule (lands before the lock or is refused).
    const retrying = async <T extends { errors?: readonly { extensions?: Record<string, unknown> }[] }>(
      call: () => Promise<T>,
    ): Promise<T> => {
      let answer = await call();
      for (let attempt = 0; attempt < 20; attempt++) {
        const error = answer.errors?.length === 1 ? answer.errors[0].extensions : undefined;
        if (!error || !['BUSY', 'TIMEOUT'].includes(String(error.code)) || error.retryable !== true) break;
        answer = await call();
      }
      return answer;
    };
    const post = () =>
      retrying(() =>
        app.gql(JournalEntryCreateDocument, { input: { lines: capital, post: true, date: '2025-05-10T12:00:00Z' } }),
      );
    const first = Array.from({ length: 20 }, post);
    const lock = retrying(() => app.gql(FiscalPeriodLockDocument, { id })).then(async (r) => ({
      result: r,
      // What the books hold the moment the lock has committed.
      postedAtLock: await postedIn('2025-05-01', '2025-05-31'),
    }));
    const second = Array.from({ length: 20 }, post);
    const results = await Promise.all([...first, ...second]);
    const { result, postedAtLock } = await lock;
    expect(result.errors).toBeUndefined();
    expect(result.data!.fiscalPeriodLock).toMatchObject({ userErrors: [], fiscalPeriod: { locked: true } });
    const posted: string[] = [];
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      const { journalEntry, userErrors } = r.data!.journalEntryCreate;
      if (journalEntry) posted.push(journalEntry.id);
      else expect(userErrors).toMatchObject([{ code: 'PERIOD_LOCKED' }]);
    }
    expect(await postedIn('2025-05-01', '2025-05-31')).toEqual(postedAtLock);
    expect(posted.sort()).toEqual(postedAtLock);
  });
});
