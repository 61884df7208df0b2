import { Client } from 'pg';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The database checks that every journal entry balances, at commit, whatever wrote it. It checks
 * an entry once, not once per line (a 6,000-line import entry took 16 s to commit when each
 * line's deferred trigger summed the whole entry), and a line added after a check is still checked.
 */
let app: TestApp;
let db: Client;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  db = new Client({ connectionString: app.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await app.close();
});

/** A draft entry of `lines` lines in the general journal: half debit 1, half credit 1, unless told otherwise. */
async function insertDraft(lines: number, total = lines / 2): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into journal_entry (id, created_at, updated_at, company_id, journal_id, number, name, date, state, source, total, created_by)
     select gen_random_uuid(), now(), now(), j.company_id, j.id, null, 'GEN/DRAFT', now(), 'DRAFT', 'MANUAL', $1, 'test'
       from journal j where j.code = 'GEN' limit 1
     returning id`,
    [total],
  );
  await db.query(
    `insert into journal_line (id, created_at, updated_at, company_id, entry_id, account_id, debit, credit)
     select gen_random_uuid(), now(), now(), e.company_id, e.id,
            (select id from account a where a.company_id = e.company_id order by code limit 1),
            case when g <= $2 / 2 then 1 else 0 end, case when g > $2 / 2 then 1 else 0 end
       from journal_entry e, generate_series(1, $2) g where e.id = $1`,
    [rows[0].id, lines],
  );
  return rows[0].id;
}

/** How many times the entry's sums were computed in this transaction (PostgreSQL's own function counter). */
async function sumsComputed(): Promise<number> {
  const { rows } = await db.query<{ calls: string }>(
    `select coalesce(sum(calls), 0)::text as calls from pg_stat_xact_user_functions where funcname = 'journal_entry_sums'`,
  );
  return Number(rows[0].calls);
}

it('sums a 2,000-line entry once when its deferred checks fire, not once per line', async () => {
  await db.query('begin');
  try {
    await db.query(`set local track_functions = 'pl'`);
    await insertDraft(2000);
    // Fires the deferred checks now (one per line and one for the entry), as COMMIT would.
    await db.query('set constraints all immediate');
    expect(await sumsComputed()).toBe(1);
  } finally {
    await db.query('rollback');
  }
});

it('a balanced entry of many lines commits', async () => {
  await db.query('begin');
  const id = await insertDraft(2000);
  await db.query('commit');
  const { rows } = await db.query(`select count(*)::int as n from journal_line where entry_id = $1`, [id]);
  expect(rows[0].n).toBe(2000);
});

it('a line that unbalances an entry already checked in the same transaction is refused at commit', async () => {
  await db.query('begin');
  const id = await insertDraft(4);
  await db.query('set constraints all immediate');
  await db.query('set constraints all deferred');
  await db.query(
    `insert into journal_line (id, created_at, updated_at, company_id, entry_id, account_id, debit, credit)
     select gen_random_uuid(), now(), now(), company_id, entry_id, account_id, 5, 0 from journal_line where entry_id = $1 limit 1`,
    [id],
  );
  await expect(db.query('commit')).rejects.toThrow(/does not balance/);
  const { rows } = await db.query(`select count(*)::int as n from journal_entry where id = $1`, [id]);
  expect(rows[0].n).toBe(0);
});

it('an entry whose total changes after its check is refused at commit', async () => {
  await db.query('begin');
  const id = await insertDraft(4);
  await db.query('set constraints all immediate');
  await db.query('set constraints all deferred');
  await db.query(`update journal_entry set total = 3 where id = $1`, [id]);
  await expect(db.query('commit')).rejects.toThrow(/lines total 2(\.00)? but the entry says 3/);
});

it('one unbalanced line among many is refused', async () => {
  await db.query('begin');
  const id = await insertDraft(1000);
  await db.query(
    `update journal_line set debit = 2 where id = (select id from journal_line where entry_id = $1 and debit = 1 limit 1)`,
    [id],
  );
  await expect(db.query('commit')).rejects.toThrow(/does not balance/);
});
