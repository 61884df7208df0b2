import { Decimal } from '../../db/decimal';
import { requireDay } from '../../domain/days';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { companyToday } from '../company/company-day';
import { Account } from './account.entity';
import { AccountType } from './accounting.enums';
import type { BalanceSheet, ProfitAndLoss, RangeTrialBalance, StatementLine } from './statements.types';

const cents = (v: Decimal.Value) => new Decimal(v).toFixed(2);

interface AccountSums {
  account: Account;
  /** debit - credit before the range. */
  opening: Decimal;
  debit: Decimal;
  credit: Decimal;
}

/**
 * Per account, posted lines before the first day and within [from, to], days in the company time
 * zone (an entry at 00:30+01:00 on the 1st belongs to the 1st in Paris), in one statement.
 */
async function accountSums(sc: ServiceContext, from: string, to: string): Promise<AccountSums[]> {
  const rows = await sc.em.execute<{ id: string; opening: string; debit: string; credit: string }[]>(
    `with bounds as (
       select (?::date::timestamp at time zone c.time_zone) as start_at,
              ((?::date + 1)::timestamp at time zone c.time_zone) as end_at
         from company c where c.id = ?)
     select a.id,
            coalesce(sum(l.debit - l.credit) filter (where e.date < b.start_at), 0) as opening,
            coalesce(sum(l.debit) filter (where e.date >= b.start_at), 0) as debit,
            coalesce(sum(l.credit) filter (where e.date >= b.start_at), 0) as credit
       from account a cross join bounds b
       left join (journal_line l join journal_entry e on e.id = l.entry_id and e.state = 'POSTED')
              on l.account_id = a.id and e.date < b.end_at
      where a.company_id = ?
      group by a.id`,
    [from, to, sc.companyId, sc.companyId],
  );
  const accounts = await sc.em.find(Account, { company: sc.companyId }, { orderBy: { code: 'asc' } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return accounts.map((account) => {
    const r = byId.get(account.id);
    return {
      account,
      opening: new Decimal(r?.opening ?? 0),
      debit: new Decimal(r?.debit ?? 0),
      credit: new Decimal(r?.credit ?? 0),
    };
  });
}

async function range(sc: ServiceContext, from: string | undefined, to: string | undefined) {
  const { today } = await companyToday(sc);
  const last = to ? requireDay(to, ['to']) : today;
  const first = from ? requireDay(from, ['from']) : `${last.slice(0, 4)}-01-01`;
  if (first > last) fail(UserErrorCode.INVALID, ['from'], `from: ${first} is after to (${last})`);
  return { first, last };
}

/** Opening balance, debits, credits and closing balance of every account over a range of days. */
export async function rangeTrialBalance(sc: ServiceContext, from?: string, to?: string): Promise<RangeTrialBalance> {
  const { first, last } = await range(sc, from, to);
  const sums = await accountSums(sc, first, last);
  const total = { opening: new Decimal(0), debit: new Decimal(0), credit: new Decimal(0), closing: new Decimal(0) };
  const lines = sums.map((s) => {
    const closing = s.opening.plus(s.debit).minus(s.credit);
    total.opening = total.opening.plus(s.opening);
    total.debit = total.debit.plus(s.debit);
    total.credit = total.credit.plus(s.credit);
    total.closing = total.closing.plus(closing);
    return {
      account: s.account,
      openingBalance: cents(s.opening),
      debit: cents(s.debit),
      credit: cents(s.credit),
      closingBalance: cents(closing),
    };
  });
  return {
    from: first,
    to: last,
    lines,
    openingBalance: cents(total.opening),
    debit: cents(total.debit),
    credit: cents(total.credit),
    closingBalance: cents(total.closing),
  };
}

const isPnl = (type: AccountType) => type === AccountType.INCOME || type === AccountType.EXPENSE;

/** Income and expenses moved in a range of days, and the net profit. */
export async function profitAndLoss(sc: ServiceContext, from?: string, to?: string): Promise<ProfitAndLoss> {
  const { first, last } = await range(sc, from, to);
  const sums = await accountSums(sc, first, last);
  const section = (type: AccountType, sign: 1 | -1): StatementLine[] =>
    sums
      .filter((s) => s.account.type === type && !(s.debit.isZero() && s.credit.isZero()))
      .map((s) => ({ account: s.account, amount: cents(s.debit.minus(s.credit).times(sign)) }));
  const income = section(AccountType.INCOME, -1);
  const expenses = section(AccountType.EXPENSE, 1);
  const totalIncome = income.reduce((t, l) => t.plus(l.amount), new Decimal(0));
  const totalExpenses = expenses.reduce((t, l) => t.plus(l.amount), new Decimal(0));
  return {
    from: first,
    to: last,
    income,
    expenses,
    totalIncome: cents(totalIncome),
    totalExpenses: cents(totalExpenses),
    netProfit: cents(totalIncome.minus(totalExpenses)),
  };
}

/**
 * Balances at the end of a day: assets, liabilities and equity accounts, and the income and
 * expense accounts' result as current-year earnings (fiscal year = calendar year of asOf, as the
 * journal numbering) and previous years earnings, so the sheet balances without closing entries.
 */
export async function balanceSheet(sc: ServiceContext, asOf?: string): Promise<BalanceSheet> {
  const { today } = await companyToday(sc);
  const day = asOf ? requireDay(asOf, ['asOf']) : today;
  const sums = await accountSums(sc, `${day.slice(0, 4)}-01-01`, day);
  const closing = (s: AccountSums) => s.opening.plus(s.debit).minus(s.credit);
  const section = (type: AccountType, sign: 1 | -1): StatementLine[] =>
    sums
      .filter((s) => s.account.type === type && !(s.opening.isZero() && s.debit.isZero() && s.credit.isZero()))
      .map((s) => ({ account: s.account, amount: cents(closing(s).times(sign)) }));
  const pnl = sums.filter((s) => isPnl(s.account.type));
  const previous = pnl.reduce((t, s) => t.minus(s.opening), new Decimal(0));
  const current = pnl.reduce((t, s) => t.minus(s.debit).plus(s.credit), new Decimal(0));
  const assets = section(AccountType.ASSET, 1);
  const liabilities = section(AccountType.LIABILITY, -1);
  const equity = section(AccountType.EQUITY, -1);
  const sum = (lines: StatementLine[]) => lines.reduce((t, l) => t.plus(l.amount), new Decimal(0));
  return {
    asOf: day,
    assets,
    liabilities,
    equity,
    currentYearEarnings: cents(current),
    previousYearsEarnings: cents(previous),
    totalAssets: cents(sum(assets)),
    totalLiabilities: cents(sum(liabilities)),
    totalEquity: cents(sum(equity).plus(current).plus(previous)),
  };
}
