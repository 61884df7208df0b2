import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AccountLedgerDocument,
  CompanyUpdateDocument,
  FiscalPeriodCreateDocument,
  FiscalPeriodLockDocument,
  FiscalPeriodUnlockDocument,
  JournalEntriesDocument,
  JournalEntryCreateDocument,
  JournalEntryDocument,
  JournalEntryPostDocument,
  JournalEntryReverseDocument,
  JournalEntryUpdateDocument,
  type JournalLineInput,
  TransferCreateDocument,
  TrialBalanceDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let books: ReturnType<typeof accountingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  books = accountingHelpers(app);
});
afterAll(() => app.close());

const capital: JournalLineInput[] = [
  { accountCode: '1000', debit: '1000', label: 'Capital paid in' },
  { accountCode: '3000', credit: '1000' },
];
async function counts() {
  const [row] = await app.sql<{ entries: string; lines: string }>(
    'select (select count(*) from journal_entry) as entries, (select count(*) from journal_line) as lines',
  );
  return row;
}
async function createPosted(lines = capital, date?: string) {
  const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, { input: { lines, post: true, date } });
  expect(journalEntryCreate.userErrors).toEqual([]);
  return journalEntryCreate.journalEntry!;
}

describe('manual journal entries', () => {
  it('a draft is created, then posted into the books', async () => {
    const before = await books.balance('INVENTORY');
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
      input: { lines: capital, reference: 'CAP-1', memo: 'Opening capital' },
    });
    const draft = journalEntryCreate.journalEntry!;
    expect(draft).toMatchObject({ state: 'DRAFT', source: 'MANUAL', total: '1000', journal: { code: 'GEN' } });
    // A draft has no number yet (as in Odoo): numbers go to posted entries only, so they have no gaps.
    expect(draft).toMatchObject({ name: 'GEN/DRAFT', number: null, fiscalYear: null });
    const bank = async () =>
      (await app.ok(TrialBalanceDocument, {})).trialBalance.lines.find((l) => l.account.code === '1000')!.balance;
    expect(await bank()).toBe('0'); // drafts are not in the books
    const { journalEntryPost } = await app.ok(JournalEntryPostDocument, { id: draft.id });
    expect(journalEntryPost.journalEntry).toMatchObject({ state: 'POSTED' });
    const year = new Date().getUTCFullYear();
    expect(journalEntryPost.journalEntry!.name).toBe(
      `GEN/${journalEntryPost.journalEntry!.fiscalYear}/${journalEntryPost.journalEntry!.number!.toString().padStart(6, '0')}`,
    );
    expect([year - 1, year, year + 1]).toContain(journalEntryPost.journalEntry!.fiscalYear);
    expect(await bank()).toBe('1000');
    expect(await books.balance('INVENTORY')).toBe(before);
    await books.assertBooks();
  });

  it('an unbalanced entry, a line on Inventory, or a line with both sides are refused and write nothing', async () => {
    const before = await counts();
    const unbalanced = await app.ok(JournalEntryCreateDocument, {
      input: {
        lines: [
          { accountCode: '1000', debit: '100' },
          { accountCode: '3000', credit: '99.99' },
        ],
        post: true,
      },
    });
    expect(unbalanced.journalEntryCreate.userErrors).toMatchObject([{ code: 'UNBALANCED', field: ['input', 'lines'] }]);
    expect(unbalanced.journalEntryCreate.userErrors[0].message).toContain('0.01');
    const inventory = await app.ok(JournalEntryCreateDocument, {
      input: {
        lines: [
          { accountCode: '1300', debit: '5' },
          { accountCode: '3000', credit: '5' },
        ],
      },
    });
    expect(inventory.journalEntryCreate.userErrors).toMatchObject([
      { code: 'ACCOUNT_RESERVED', field: ['input', 'lines', '0', 'accountCode'] },
    ]);
    const both = await app.ok(JournalEntryCreateDocument, {
      input: {
        lines: [
          { accountCode: '1000', debit: '5', credit: '5' },
          { accountCode: '9999', credit: '5' },
        ],
      },
    });
    expect(both.journalEntryCreate.userErrors.map((e) => e.code).sort()).toEqual(['INVALID', 'NOT_FOUND']);
    const cents = await app.ok(JournalEntryCreateDocument, {
      input: {
        lines: [
          { accountCode: '1000', debit: '5.001' },
          { accountCode: '3000', credit: '5.001' },
        ],
      },
    });
    expect(cents.journalEntryCreate.userErrors[0]).toMatchObject({ code: 'INVALID' });
    expect(await counts()).toEqual(before);
  });

  it('a posted entry cannot be edited (ENTRY_POSTED) nor posted again; a draft can', async () => {
    const posted = await createPosted();
    const before = await counts();
    const edit = await app.ok(JournalEntryUpdateDocument, {
      input: {
        id: posted.id,
        memo: 'changed',
        lines: [
          { accountCode: '1000', debit: '1' },
          { accountCode: '3000', credit: '1' },
        ],
      },
    });
    expect(edit.journalEntryUpdate.userErrors).toMatchObject([{ code: 'ENTRY_POSTED' }]);
    const again = await app.ok(JournalEntryPostDocument, { id: posted.id });
    expect(again.journalEntryPost.userErrors).toMatchObject([{ code: 'ENTRY_POSTED' }]);
    expect((await app.ok(JournalEntryDocument, { id: posted.id })).journalEntry).toEqual(posted);
    expect(await counts()).toEqual(before);

    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, { input: { lines: capital } });
    const draft = journalEntryCreate.journalEntry!;
    const changed = await app.ok(JournalEntryUpdateDocument, {
      input: {
        id: draft.id,
        memo: 'fixed',
        lines: [
          { accountCode: '6000', debit: '40' },
          { accountCode: '6000', debit: '2.5' },
          { accountCode: '1000', credit: '42.5' },
        ],
      },
    });
    expect(changed.journalEntryUpdate.journalEntry).toMatchObject({ memo: 'fixed', total: '42.5' });
    expect(changed.journalEntryUpdate.journalEntry!.lines).toHaveLength(3);
    const unbalanced = await app.ok(JournalEntryUpdateDocument, {
      input: {
        id: draft.id,
        lines: [
          { accountCode: '6000', debit: '40' },
          { accountCode: '1000', credit: '41' },
        ],
      },
    });
    expect(unbalanced.journalEntryUpdate.userErrors).toMatchObject([{ code: 'UNBALANCED' }]);
    expect((await app.ok(JournalEntryDocument, { id: draft.id })).journalEntry!.total).toBe('42.5');
  });

  it('the database itself refuses UPDATE or DELETE of a posted entry or its lines, and an unbalanced entry', async () => {
    const posted = await createPosted();
    const lineId = posted.lines[0].id;
    await expect(app.sql(`update journal_entry set memo = 'x' where id = $1`, [posted.id])).rejects.toThrow(
      /posted and can never change/,
    );
    await expect(app.sql('delete from journal_entry where id = $1', [posted.id])).rejects.toThrow(/posted/);
    await expect(app.sql(`update journal_line set debit = 1 where id = $1`, [lineId])).rejects.toThrow(
      /posted entry and can never change/,
    );
    await expect(app.sql('delete from journal_line where id = $1', [lineId])).rejects.toThrow(/posted entry/);
    await expect(
      app.sql(
        `insert into journal_line (id, company_id, entry_id, account_id, debit, credit)
         select gen_random_uuid(), company_id, entry_id, account_id, 5, 0 from journal_line where id = $1`,
        [lineId],
      ),
    ).rejects.toThrow(/posted: no line can be added/);
    // A draft whose lines stop balancing is refused at commit (deferred constraint trigger).
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, { input: { lines: capital } });
    const draft = journalEntryCreate.journalEntry!;
    await expect(
      app.sql(`update journal_line set debit = debit + 1 where id = $1`, [
        draft.lines.find((l) => l.debit !== '0')!.id,
      ]),
    ).rejects.toThrow(/does not balance/);
    expect((await app.ok(JournalEntryDocument, { id: posted.id })).journalEntry).toEqual(posted);
    expect((await app.ok(JournalEntryDocument, { id: draft.id })).journalEntry).toEqual(draft);
  });

  it('a resubmission with the same idempotency key returns the original; other lines get IDEMPOTENCY_KEY_REUSED', async () => {
    const input = { lines: capital, post: true, reference: 'IDEM-1', idempotencyKey: 'manual-entry-1' };
    const first = await app.ok(JournalEntryCreateDocument, { input });
    const before = await counts();
    const again = await app.ok(JournalEntryCreateDocument, { input });
    expect(again.journalEntryCreate.journalEntry!.id).toBe(first.journalEntryCreate.journalEntry!.id);
    const other = await app.ok(JournalEntryCreateDocument, {
      input: {
        ...input,
        lines: [
          { accountCode: '1000', debit: '7' },
          { accountCode: '3000', credit: '7' },
        ],
      },
    });
    expect(other.journalEntryCreate.userErrors).toMatchObject([{ code: 'IDEMPOTENCY_KEY_REUSED' }]);
    expect(await counts()).toEqual(before);
    // Concurrent resubmissions: one entry.
    const key = { ...input, idempotencyKey: 'manual-entry-2' };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => app.ok(JournalEntryCreateDocument, { input: key })),
    );
    expect(new Set(results.map((r) => r.journalEntryCreate.journalEntry?.id)).size).toBe(1);
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { reference: 'IDEM-1' } });
    expect(journalEntries.totalCount).toBe(2);
  });
});

describe('numbering (issue 23, item 5)', () => {
  const numberOf = (e: { number?: number | null }) => Number(e.number);

  it('numbers per journal and fiscal year without gaps: refused posts and stock postings take no general-journal number', async () => {
    const first = await createPosted();
    // Refused (unbalanced; locked out of a system journal): the old shared sequence lost a number to each.
    const unbalanced = await app.ok(JournalEntryCreateDocument, {
      input: {
        post: true,
        lines: [
          { accountCode: '1000', debit: '2' },
          { accountCode: '3000', credit: '1' },
        ],
      },
    });
    expect(unbalanced.journalEntryCreate.userErrors[0].code).toBe('UNBALANCED');
    // A valued stock move posts into the stock journal, with its own counter.
    await stockHelpers(app).product('NUM-1');
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        validate: true,
        lines: [{ sku: 'NUM-1', quantity: '2', unitCost: '3' }],
      },
    });
    expect(transferCreate.userErrors).toEqual([]);
    const second = await createPosted();
    expect(numberOf(second)).toBe(numberOf(first) + 1);
    expect(second.fiscalYear).toBe(first.fiscalYear);
    await books.assertBooks();
  });

  it('concurrent postings into one journal take consecutive numbers, each once', async () => {
    const before = await createPosted();
    const made = await Promise.all(Array.from({ length: 12 }, () => createPosted()));
    const numbers = made.map(numberOf).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => numberOf(before) + 1 + i));
    await books.assertBooks();
  });

  it("each fiscal year of a journal counts from 1, and entries of other years take none of this year's numbers", async () => {
    const thisYear = await createPosted();
    const made = [
      await createPosted(capital, '2031-06-01T12:00:00Z'),
      await createPosted(capital, '2031-12-31T12:00:00Z'),
      await createPosted(capital, '2032-01-01T12:00:00Z'),
    ];
    expect(made.map((e) => [e.name, e.fiscalYear, e.number])).toEqual([
      ['GEN/2031/000001', 2031, 1],
      ['GEN/2031/000002', 2031, 2],
      ['GEN/2032/000001', 2032, 1],
    ]);
    const next = await createPosted();
    expect([next.fiscalYear, numberOf(next)]).toEqual([thisYear.fiscalYear, numberOf(thisYear) + 1]);
    await books.assertBooks();
  });

  it('an entry is numbered in the fiscal year of its date in the company time zone', async () => {
    const [{ tz }] = await app.sql<{ tz: string }>('select time_zone as tz from company limit 1');
    await app.sql(`update company set time_zone = 'Europe/Paris'`);
    try {
      // 23:30 UTC on 31 December is already the new year in Paris.
      const entry = await createPosted(capital, '2025-12-31T23:30:00Z');
      expect(entry.fiscalYear).toBe(2026);
      expect(entry.name).toMatch(/^GEN\/2026\/\d{6}$/);
    } finally {
      await app.sql('update company set time_zone = $1', [tz]);
    }
  });
});

describe('system journals (issue 23, item 8)', () => {
  it('refuse manual entries: stock, purchases and landed costs are written only by their documents', async () => {
    const before = await counts();
    for (const journalCode of ['STK', 'PUR', 'LC']) {
      for (const post of [true, false]) {
        const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
          input: { journalCode, lines: capital, post },
        });
        expect(journalEntryCreate.userErrors).toMatchObject([
          { code: 'JOURNAL_RESERVED', field: ['input', 'journalCode'] },
        ]);
      }
    }
    expect(await counts()).toEqual(before);
  });
});

describe('reversal', () => {
  it('mirrors the entry; reversing it twice concurrently makes exactly one reversal, the rest ALREADY_REVERSED', async () => {
    const { trialBalance: before } = await app.ok(TrialBalanceDocument, {});
    const entry = await createPosted([
      { accountCode: '6000', debit: '120.5', label: 'Rent' },
      { accountCode: '2000', credit: '120.5' },
    ]);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => app.ok(JournalEntryReverseDocument, { input: { id: entry.id } })),
    );
    const ok = attempts.filter((a) => a.journalEntryReverse.reversal);
    expect(ok).toHaveLength(1);
    const refused = attempts.filter((a) => a.journalEntryReverse.userErrors.length);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.journalEntryReverse.userErrors[0].code).toBe('ALREADY_REVERSED');
    const reversal = ok[0].journalEntryReverse.reversal!;
    expect(reversal).toMatchObject({ source: 'REVERSAL', state: 'POSTED', reversalOf: { id: entry.id } });
    expect(reversal.lines.map((l) => [l.account.code, l.debit, l.credit, l.label])).toEqual(
      expect.arrayContaining([
        ['6000', '0', '120.5', 'Rent'],
        ['2000', '120.5', '0', null],
      ]),
    );
    expect((await app.ok(JournalEntryDocument, { id: entry.id })).journalEntry!.reversedBy).toEqual({
      id: reversal.id,
    });
    // The balances net to zero: every account is back where it was.
    const { trialBalance: after } = await app.ok(TrialBalanceDocument, {});
    expect(after.lines.map((l) => [l.account.code, l.balance])).toEqual(
      before.lines.map((l) => [l.account.code, l.balance]),
    );
    const [{ n }] = await app.sql<{ n: string }>('select count(*) as n from journal_entry where reversal_of_id = $1', [
      entry.id,
    ]);
    expect(n).toBe('1');
  });

  it('a stock valuation entry is corrected by a stock move, not reversed', async () => {
    const { journalEntries } = await app.ok(JournalEntriesDocument, { filter: { source: 'STOCK' }, first: 1 });
    const stock = journalEntries.edges[0].node;
    const { journalEntryReverse } = await app.ok(JournalEntryReverseDocument, { input: { id: stock.id } });
    expect(journalEntryReverse.userErrors).toMatchObject([{ code: 'DOCUMENT_ENTRY' }]);
  });
});

describe('account ledger', () => {
  it('pages through the lines of an account with a running balance', async () => {
    const from = new Date().toISOString();
    for (const amount of ['10', '20', '30', '40', '50']) {
      await createPosted([
        { accountCode: '4000', credit: amount },
        { accountCode: '1000', debit: amount },
      ]);
    }
    const all = await app.ok(AccountLedgerDocument, { accountCode: '4000', from, first: 2 });
    expect(all.accountLedger).toMatchObject({ openingBalance: '0', closingBalance: '-150', totalCount: 5 });
    const balances = all.accountLedger.edges.map((e) => e.node.runningBalance);
    let after = all.accountLedger.pageInfo.endCursor;
    while (after) {
      const page = await app.ok(AccountLedgerDocument, { accountCode: '4000', from, first: 2, after });
      balances.push(...page.accountLedger.edges.map((e) => e.node.runningBalance));
      after = page.accountLedger.pageInfo.hasNextPage ? page.accountLedger.pageInfo.endCursor : null;
    }
    expect(balances).toEqual(['-10', '-30', '-60', '-100', '-150']);
    const { accountLedger: later } = await app.ok(AccountLedgerDocument, { accountCode: '4000', first: 1 });
    expect(later.totalCount).toBe(5);
    const bad = await app.gql(AccountLedgerDocument, { accountCode: '4000', after: 'nonsense' });
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const missing = await app.gql(AccountLedgerDocument, { accountCode: '0000' });
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('fiscal periods', () => {
  it('nothing can be posted into a locked period, manual or automatic, and nothing changes', async () => {
    const h = stockHelpers(app);
    const { fiscalPeriodCreate } = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: '2026-01', startDate: '2026-01-01', endDate: '2026-01-31' },
    });
    const january = fiscalPeriodCreate.fiscalPeriod!;
    await createPosted(capital, '2026-01-15T10:00:00Z');
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
      input: { lines: capital, date: '2026-01-20T10:00:00Z' },
    });
    const draft = journalEntryCreate.journalEntry!;
    const overlap = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: 'overlap', startDate: '2026-01-31', endDate: '2026-02-28' },
    });
    expect(overlap.fiscalPeriodCreate.userErrors).toMatchObject([{ code: 'CONFLICT' }]);
    // A day that does not exist is refused naming its field (PostgreSQL's refusal named none), and
    // no period is written.
    const periodsBefore = await app.sql('select count(*)::int as n from fiscal_period');
    const noDay = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: 'no such day', startDate: '2026-02-01', endDate: '2026-02-30' },
    });
    expect(noDay.fiscalPeriodCreate).toMatchObject({
      fiscalPeriod: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'endDate'] }],
    });
    expect(await app.sql('select count(*)::int as n from fiscal_period')).toEqual(periodsBefore);
    expect((await app.ok(FiscalPeriodLockDocument, { id: january.id })).fiscalPeriodLock.fiscalPeriod!.locked).toBe(
      true,
    );
    const before = await counts();
    const late = await app.ok(JournalEntryCreateDocument, {
      input: { lines: capital, date: '2026-01-31T23:59:00Z', post: true },
    });
    expect(late.journalEntryCreate.userErrors).toMatchObject([{ code: 'PERIOD_LOCKED', field: ['input', 'date'] }]);
    const post = await app.ok(JournalEntryPostDocument, { id: draft.id });
    expect(post.journalEntryPost.userErrors).toMatchObject([{ code: 'PERIOD_LOCKED' }]);
    expect(await counts()).toEqual(before);
    // The database refuses it too.
    await expect(app.sql(`update journal_entry set state = 'POSTED' where id = $1`, [draft.id])).rejects.toThrow(
      /locked fiscal period/,
    );

    // A period covering today: stock operations are refused with it, and no stock moves.
    const today = new Date().toISOString().slice(0, 10);
    const { fiscalPeriodCreate: now } = await app.ok(FiscalPeriodCreateDocument, {
      input: { name: 'today', startDate: today, endDate: today },
    });
    await app.ok(FiscalPeriodLockDocument, { id: now.fiscalPeriod!.id });
    const moves = await h.moveCount();
    const quants = await h.quantSnapshot();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        validate: true,
        lines: [{ sku: 'BEV-COLA-033', quantity: '1', unitCost: '1' }],
      },
    });
    expect(transferCreate.userErrors).toMatchObject([{ code: 'PERIOD_LOCKED' }]);
    expect(await h.moveCount()).toBe(moves);
    expect(await h.quantSnapshot()).toEqual(quants);
    expect(await counts()).toEqual(before);
  });
});

describe('fiscal periods: unlock and the company time zone (issue 23, item 7)', () => {
  async function controller(name: string) {
    const key = await app.createKey(['CONTROLLER'], { name });
    return {
      async ok<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
        const body = await app.as(key).gql(document, variables);
        if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
        return body.data!;
      },
    };
  }

  it('a locked month is reopened by another controller, with a reason, and the stock moves again', async () => {
    const alice = await controller('alice');
    const bob = await controller('bob');
    const today = new Date().toISOString().slice(0, 10);
    // The period of today (the test above locked one); a fresh one when run alone.
    const [existing] = await app.sql<{ id: string; locked: boolean }>(
      'select id, locked from fiscal_period where $1::date between start_date and end_date',
      [today],
    );
    const id =
      existing?.id ??
      (
        await alice.ok(FiscalPeriodCreateDocument, {
          input: { name: 'unlock-me', startDate: today, endDate: today },
        })
      ).fiscalPeriodCreate.fiscalPeriod!.id;
    if (existing?.locked) {
      const first = await bob.ok(FiscalPeriodUnlockDocument, { input: { id, reason: 'reopen for the test' } });
      expect(first.fiscalPeriodUnlock.userErrors).toEqual([]);
    }
    const { fiscalPeriodLock } = await alice.ok(FiscalPeriodLockDocument, { id });
    expect(fiscalPeriodLock.userErrors).toEqual([]);
    const receive = () =>
      app.ok(TransferCreateDocument, {
        input: {
          type: 'RECEIPT',
          warehouseCode: 'PAR',
          validate: true,
          lines: [{ sku: 'BEV-COLA-033', quantity: '1', unitCost: '1' }],
        },
      });
    expect((await receive()).transferCreate.userErrors).toMatchObject([{ code: 'PERIOD_LOCKED' }]);

    const own = await alice.ok(FiscalPeriodUnlockDocument, { input: { id, reason: 'locked the wrong month' } });
    expect(own.fiscalPeriodUnlock.userErrors).toMatchObject([{ code: 'SEGREGATION_OF_DUTIES' }]);
    const { fiscalPeriodUnlock } = await bob.ok(FiscalPeriodUnlockDocument, {
      input: { id, reason: 'locked the wrong month' },
    });
    expect(fiscalPeriodUnlock.userErrors).toEqual([]);
    expect(fiscalPeriodUnlock.fiscalPeriod).toMatchObject({ locked: false, unlockReason: 'locked the wrong month' });
    expect(fiscalPeriodUnlock.fiscalPeriod!.unlockedBy).not.toBe(fiscalPeriodUnlock.fiscalPeriod!.lockedBy);
    // Audited: who reopened it, why, and the lock it undid.
    const [audit] = await app.sql<{ actor: string; reason: string; before: boolean; after: boolean }>(
      `select actor, input->'input'->>'reason' as reason, (changes->0->'before'->>'locked')::boolean as before,
              (changes->0->'after'->>'locked')::boolean as after
         from audit_log where operation = 'fiscalPeriodUnlock' and $1 = any(record_ids) order by at desc limit 1`,
      [id],
    );
    expect(audit).toEqual({
      actor: fiscalPeriodUnlock.fiscalPeriod!.unlockedBy,
      reason: 'locked the wrong month',
      before: true,
      after: false,
    });
    expect((await receive()).transferCreate.userErrors).toEqual([]);
    const again = await bob.ok(FiscalPeriodUnlockDocument, { input: { id, reason: 'twice' } });
    expect(again.fiscalPeriodUnlock.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    await books.assertBooks();
  });

  it('period boundaries are days in the company time zone: 00:30+01:00 on the 1st belongs to the new month', async () => {
    const tz = await app.ok(CompanyUpdateDocument, { input: { timeZone: 'Europe/Paris' } });
    expect(tz.companyUpdate.company).toMatchObject({ timeZone: 'Europe/Paris' });
    try {
      const bad = await app.ok(CompanyUpdateDocument, { input: { timeZone: 'Mars/Olympus' } });
      expect(bad.companyUpdate.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'timeZone'] }]);
      const { fiscalPeriodCreate } = await app.ok(FiscalPeriodCreateDocument, {
        input: { name: '2024-03', startDate: '2024-03-01', endDate: '2024-03-31' },
      });
      await app.ok(FiscalPeriodLockDocument, { id: fiscalPeriodCreate.fiscalPeriod!.id });
      const post = (date: string) =>
        app.ok(JournalEntryCreateDocument, { input: { lines: capital, post: true, date } });
      // 2024-02-29T23:30Z is 1 March 00:30 in Paris: in the locked March (UTC put it in February).
      const march = await post('2024-03-01T00:30:00+01:00');
      expect(march.journalEntryCreate.userErrors).toMatchObject([{ code: 'PERIOD_LOCKED' }]);
      // 29 February 23:30 in Paris is still February.
      const february = await post('2024-02-29T22:30:00Z');
      expect(february.journalEntryCreate.userErrors).toEqual([]);
    } finally {
      await app.ok(CompanyUpdateDocument, { input: { timeZone: 'UTC' } });
    }
  });
});
