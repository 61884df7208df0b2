import { Decimal } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import type { AccountRole } from './accounting.enums';
import { JOURNALS, type JournalKey } from './chart';
import type { Books, PostingLine } from './journal-writer';

export type { Books, PostingLine } from './journal-writer';

/** Money in the books: cents, half up. */
export function money(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * The accounts and journals of the company's postings, and whether `at` falls in a locked
 * period, in one statement: this runs inside every stock-moving transaction. The period's row
 * is taken FOR KEY SHARE until commit: fiscalPeriodLock takes it FOR UPDATE, so a posting that
 * found the period open commits before the lock does, and one that comes while the lock is in
 * flight waits and reads it locked (a row lock re-reads the row once granted).
 */
export async function openBooks(sc: ServiceContext, at: Date, field: string[] | null = null): Promise<Books> {
  const [row] = await sc.em.execute<BooksRow[]>(`select ${BOOKS_COLUMNS}`, booksParams(sc, at));
  return booksFrom(row, at, field);
}

export interface BooksRow {
  accounts: Record<string, string> | null;
  journals: Record<string, string> | null;
  locked: string | null;
}

/** The columns of openBooks, for a caller that reads them in a statement of its own. */
export const BOOKS_COLUMNS = `(select json_object_agg(role, id) from account where company_id = ? and role is not null) as accounts,
  (select json_object_agg(code, id) from journal where company_id = ?) as journals,
  (select case when locked then name end from fiscal_period where company_id = ?
      and (?::timestamptz at time zone (select time_zone from company where id = ?))::date between start_date and end_date
      limit 1 for key share) as locked`;

export function booksParams(sc: ServiceContext, at: Date): unknown[] {
  return [sc.companyId, sc.companyId, sc.companyId, at.toISOString(), sc.companyId];
}

export function booksFrom(row: BooksRow, at: Date, field: string[] | null = null): Books {
  if (row.locked) {
    throw new DomainError(
      UserErrorCode.PERIOD_LOCKED,
      field,
      `${at.toISOString().slice(0, 10)} is in the locked fiscal period ${row.locked}; nothing can be posted into it`,
    );
  }
  const byCode = row.journals ?? {};
  const journals = Object.fromEntries(Object.entries(JOURNALS).map(([key, j]) => [key, byCode[j.code]])) as Record<
    JournalKey,
    string
  >;
  return { accounts: (row.accounts ?? {}) as Record<AccountRole, string>, journals };
}

/** A debit line and a credit line of the same amount (negative amounts swap the sides). */
export function pair(
  amount: Decimal,
  debit: Omit<PostingLine, 'debit' | 'credit'>,
  credit: Omit<PostingLine, 'debit' | 'credit'>,
): PostingLine[] {
  if (amount.isZero()) return [];
  const [d, c] = amount.lt(0) ? [credit, debit] : [debit, credit];
  const a = amount.abs();
  return [
    { ...d, debit: a, credit: new Decimal(0) },
    { ...c, debit: new Decimal(0), credit: a },
  ];
}
