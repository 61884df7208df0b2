import { randomUUID } from 'node:crypto';
import { Decimal } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import type { AccountRole, EntrySource } from './accounting.enums';
import { JOURNALS, type JournalKey } from './chart';

/** A line as the automatic postings write it: amounts already rounded to cents, one side zero. */
export interface PostingLine {
  accountId: string;
  debit: Decimal;
  credit: Decimal;
  label?: string | null;
  productId?: string | null;
  warehouseId?: string | null;
  stockMoveId?: string | null;
  partnerId?: string | null;
  billId?: string | null;
  landedCostId?: string | null;
}

export interface PostingSpec {
  journal: JournalKey;
  /** Another journal than the standard one of `journal` (a reversal goes to the original's journal). */
  journalId?: string;
  journalCode?: string;
  date: Date;
  source: EntrySource;
  reference?: string | null;
  memo?: string | null;
  reversalOfId?: string | null;
  lines: PostingLine[];
}

export interface Books {
  accounts: Record<AccountRole, string>;
  journals: Record<JournalKey, string>;
}

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
      and (?::timestamptz at time zone 'UTC')::date between start_date and end_date limit 1 for key share) as locked`;

export function booksParams(sc: ServiceContext, at: Date): unknown[] {
  return [sc.companyId, sc.companyId, sc.companyId, at.toISOString()];
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

/**
 * Writes a posted entry in three set-based statements (entry as draft, all lines, then POSTED:
 * the database only lets lines into a draft). Lines with nothing on them are left out; an
 * entry left with no lines is not written. Returns the entry id, or null.
 */
export async function writePostedEntry(
  sc: ServiceContext,
  books: Books,
  spec: PostingSpec,
  options: { deferPosting?: boolean } = {},
): Promise<string | null> {
  // One side per line, never negative: a negative debit is a credit (a credit note, a negative variance).
  const lines = spec.lines
    .map((l) => {
      const net = l.debit.minus(l.credit);
      return {
        ...l,
        debit: net.gt(0) ? net : new Decimal(0),
        credit: net.lt(0) ? net.negated() : new Decimal(0),
      };
    })
    .filter((l) => !l.debit.isZero() || !l.credit.isZero());
  if (lines.length === 0) return null;
  const total = lines.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  const credits = lines.reduce((s, l) => s.plus(l.credit), new Decimal(0));
  if (!total.eq(credits)) {
    // A bug, not a user mistake: the postings are computed to balance.
    throw new Error(`automatic entry ${spec.reference ?? ''} does not balance: ${total} vs ${credits}`);
  }
  const id = randomUUID();
  const code = spec.journalCode ?? JOURNALS[spec.journal].code;
  await sc.em.execute(
    `insert into journal_entry (id, created_at, updated_at, company_id, journal_id, number, name, date, state, source,
                                reference, memo, reversal_of_id, total, created_by)
     select ?, now(), now(), ?, ?, n.v, ? || '/' || lpad(n.v::text, 6, '0'), ?::timestamptz, 'DRAFT', ?, ?, ?, ?, ?, ?
       from (select nextval('journal_entry_number_seq') as v) n`,
    [
      id,
      sc.companyId,
      spec.journalId ?? books.journals[spec.journal],
      code,
      spec.date.toISOString(),
      spec.source,
      spec.reference ?? null,
      spec.memo ?? null,
      spec.reversalOfId ?? null,
      total.toFixed(2),
      sc.actor,
    ],
  );
  await sc.em.execute(
    `insert into journal_line (id, created_at, updated_at, company_id, entry_id, account_id, debit, credit, label,
                               product_id, warehouse_id, stock_move_id, partner_id, bill_id, landed_cost_id)
     values ${lines.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    lines.flatMap((l) => [
      sc.companyId,
      id,
      l.accountId,
      l.debit.toFixed(2),
      l.credit.toFixed(2),
      l.label ?? null,
      l.productId ?? null,
      l.warehouseId ?? null,
      l.stockMoveId ?? null,
      l.partnerId ?? null,
      l.billId ?? null,
      l.landedCostId ?? null,
    ]),
  );
  // Stock postings set POSTED in the statement that writes their layers (one round trip less).
  if (!options.deferPosting) await sc.em.execute(POST_ENTRY_SQL, [sc.actor, id]);
  return id;
}

export const POST_ENTRY_SQL = `update journal_entry set state = 'POSTED', posted_at = now(), posted_by = ?, updated_at = now() where id = ?`;

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
