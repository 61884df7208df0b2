import { Decimal } from '../../src/db/decimal';
import {
  BalanceSheetDocument,
  CompanyUpdateDocument,
  JournalEntryCreateDocument,
  ProfitAndLossDocument,
  TrialBalanceDocument,
  TrialBalanceRangeDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Profit and loss, balance sheet and the trial balance of a range reconcile to the journal lines
 * (summed here straight from the tables), on the demo books plus entries at the edges of the
 * range in the company time zone and in the year before.
 */
let app: TestApp;
const c = (v: Decimal.Value | null | undefined) => new Decimal(v ?? 0).toFixed(2);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  await app.ok(CompanyUpdateDocument, { input: { timeZone: 'Europe/Paris' } });
  const entries: [string, string, string, string][] = [
    // 00:30 in Paris on 1 March: a March entry, though still February in UTC.
    ['2026-03-01T00:30:00+01:00', '1000', '4000', '500'],
    // 23:30 in Paris on 31 March (21:30 UTC): the last hour of the range.
    ['2026-03-31T23:30:00+02:00', '6000', '1000', '70'],
    // 00:30 on 1 April in Paris (22:30 UTC on 31 March): April.
    ['2026-04-01T00:30:00+02:00', '6000', '1000', '33'],
    // The year before: previous years' earnings.
    ['2025-12-31T12:00:00+01:00', '6000', '1000', '120'],
    ['2025-06-30T12:00:00+02:00', '1000', '3000', '1000'],
  ];
  for (const [date, debit, credit, amount] of entries) {
    const { journalEntryCreate } = await app.ok(JournalEntryCreateDocument, {
      input: {
        date,
        post: true,
        lines: [
          { accountCode: debit, debit: amount },
          { accountCode: credit, credit: amount },
        ],
      },
    });
    expect(journalEntryCreate.userErrors).toEqual([]);
  }
});
afterAll(() => app.close());

/** Per account code, posted lines in [from, to] (days in Paris) and before `from`, from the tables. */
async function ledger(from: string, to: string) {
  const rows = await app.sql<{ code: string; type: string; before: string; debit: string; credit: string }>(
    `select a.code, a.type::text,
            coalesce(sum(l.debit - l.credit) filter (where (e.date at time zone 'Europe/Paris')::date < $1::date), 0)::text before,
            coalesce(sum(l.debit) filter (where (e.date at time zone 'Europe/Paris')::date between $1::date and $2::date), 0)::text debit,
            coalesce(sum(l.credit) filter (where (e.date at time zone 'Europe/Paris')::date between $1::date and $2::date), 0)::text credit
       from account a left join journal_line l on l.account_id = a.id
       left join journal_entry e on e.id = l.entry_id and e.state = 'POSTED'
      group by a.code, a.type`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.code, r]));
}

describe('trial balance of a range', () => {
  it('per account: opening, the movements of the range in the company time zone, closing; each sums to the journal lines', async () => {
    const { trialBalanceRange: tb } = await app.ok(TrialBalanceRangeDocument, { from: '2026-03-01', to: '2026-03-31' });
    const sql = await ledger('2026-03-01', '2026-03-31');
    expect(tb.lines.length).toBe(sql.size);
    for (const line of tb.lines) {
      const row = sql.get(line.account.code)!;
      expect([line.account.code, c(line.openingBalance), c(line.debit), c(line.credit)]).toEqual([
        line.account.code,
        c(row.before),
        c(row.debit),
        c(row.credit),
      ]);
      expect(c(line.closingBalance)).toBe(c(new Decimal(line.openingBalance).plus(line.debit).minus(line.credit)));
    }
    // March in Paris holds the 00:30 entry of 1 March and not the 00:30 one of 1 April.
    const sales = tb.lines.find((l) => l.account.code === '4000')!;
    expect(c(sales.credit)).toBe('500.00');
    const opex = tb.lines.find((l) => l.account.code === '6000')!;
    expect([c(opex.openingBalance), c(opex.debit)]).toEqual(['120.00', '70.00']);
    expect([c(tb.openingBalance), c(tb.closingBalance)]).toEqual(['0.00', '0.00']);
    expect(c(tb.debit)).toBe(c(tb.credit));
    // The closing balances are the trial balance at the end of the last day.
    const { trialBalance } = await app.ok(TrialBalanceDocument, { at: '2026-03-31T23:59:59.999+02:00' });
    for (const line of tb.lines) {
      expect([line.account.code, c(line.closingBalance)]).toEqual([
        line.account.code,
        c(trialBalance.lines.find((l) => l.account.code === line.account.code)!.balance),
      ]);
    }
  });

  it('a day that is not a day, or from after to, is BAD_USER_INPUT naming the argument', async () => {
    const wrong = await app.gql(TrialBalanceRangeDocument, { from: '2026-13-01', to: '2026-12-31' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['from'] });
    const reversed = await app.gql(TrialBalanceRangeDocument, { from: '2026-05-01', to: '2026-04-01' });
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['from'] });
  });
});

describe('profit and loss and balance sheet', () => {
  it('profit and loss of a range: income and expenses as the journal lines of their accounts, net profit their difference', async () => {
    const { profitAndLoss: pl } = await app.ok(ProfitAndLossDocument, { from: '2026-01-01', to: '2026-12-31' });
    const sql = await ledger('2026-01-01', '2026-12-31');
    let expected = new Decimal(0);
    for (const row of sql.values()) {
      if (row.type === 'INCOME' || row.type === 'EXPENSE') expected = expected.plus(row.credit).minus(row.debit);
    }
    expect(c(pl.netProfit)).toBe(c(expected));
    expect(c(pl.netProfit)).toBe(c(new Decimal(pl.totalIncome).minus(pl.totalExpenses)));
    expect(c(pl.income.reduce((t, l) => t.plus(l.amount), new Decimal(0)))).toBe(c(pl.totalIncome));
    expect(c(pl.expenses.reduce((t, l) => t.plus(l.amount), new Decimal(0)))).toBe(c(pl.totalExpenses));
    expect(c(pl.income.find((l) => l.account.code === '4000')!.amount)).toBe('500.00');
    // 70 + 33 of operating expenses this year; the 120 of 2025 is not in it.
    expect(c(pl.expenses.find((l) => l.account.code === '6000')!.amount)).toBe('103.00');
    const march = await app.ok(ProfitAndLossDocument, { from: '2026-03-01', to: '2026-03-31' });
    expect(c(march.profitAndLoss.netProfit)).toBe('430.00');
  });

  it('the balance sheet balances: assets = liabilities + equity + current-year and previous years earnings', async () => {
    for (const asOf of ['2025-12-31', '2026-03-31', undefined]) {
      const { balanceSheet: bs } = await app.ok(BalanceSheetDocument, { asOf });
      expect([asOf, c(bs.totalAssets)]).toEqual([asOf, c(new Decimal(bs.totalLiabilities).plus(bs.totalEquity))]);
      const year = bs.asOf.slice(0, 4);
      const { profitAndLoss } = await app.ok(ProfitAndLossDocument, { from: `${year}-01-01`, to: bs.asOf });
      expect(c(bs.currentYearEarnings)).toBe(c(profitAndLoss.netProfit));
      const sql = await ledger(`${year}-01-01`, bs.asOf);
      let previous = new Decimal(0);
      let assets = new Decimal(0);
      for (const row of sql.values()) {
        if (row.type === 'INCOME' || row.type === 'EXPENSE') previous = previous.minus(row.before);
        if (row.type === 'ASSET') assets = assets.plus(row.before).plus(row.debit).minus(row.credit);
      }
      expect(c(bs.previousYearsEarnings)).toBe(c(previous));
      expect(c(bs.totalAssets)).toBe(c(assets));
    }
    const { balanceSheet: endOf2025 } = await app.ok(BalanceSheetDocument, { asOf: '2025-12-31' });
    expect(c(endOf2025.currentYearEarnings)).toBe('-120.00');
    const { balanceSheet: march } = await app.ok(BalanceSheetDocument, { asOf: '2026-03-31' });
    expect(c(march.previousYearsEarnings)).toBe('-120.00');
    expect(c(march.equity.find((l) => l.account.code === '3000')!.amount)).toBe('1000.00');
  });
});
