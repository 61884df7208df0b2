import { randomUUID } from 'node:crypto';
import { Decimal } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { type AccountRole, EntrySource, EntryState } from './accounting.enums';
import { JOURNALS, type JournalKey } from './chart';

/**
 * The one writer of journal entries and lines, as the stock ledger is the one writer of quants:
 * stock valuation, vendor bills, landed costs, payments, reversals and manual entries all come
 * here. It is the one place that
 * - writes entries and their lines (set-based, a few statements whatever the number of lines),
 * - posts them (state POSTED) and numbers them per journal and fiscal year without gaps,
 * - refuses manual entries in the system journals.
 * test/accounting/one-writer.test.ts fails when another file writes journal_entry or journal_line.
 */

/** The accounts (by role) and journals (by key) of a company's automatic postings (openBooks). */
export interface Books {
  accounts: Record<AccountRole, string>;
  journals: Record<JournalKey, string>;
}

/** A line as the postings write it: amounts already rounded to cents; a negative side swaps. */
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
  creditNoteId?: string | null;
  /** The vendor payment whose advance an accounts payable line without a bill books. */
  paymentId?: string | null;
}

export interface EntrySpec {
  journal: JournalKey;
  /** Another journal than the standard one of `journal` (a reversal goes to the original's journal). */
  journalId?: string;
  date: Date;
  source: EntrySource;
  reference?: string | null;
  memo?: string | null;
  reversalOfId?: string | null;
  lines: PostingLine[];
}

export interface WriteOptions {
  /**
   * DRAFT writes a manual draft (kept even without lines; numbered when posted). POSTED (the
   * default) writes a posted entry; `deferPosting` leaves it DRAFT for the caller's statement
   * that writes its layers to post it (one round trip less on the stock path).
   */
  state?: EntryState;
  deferPosting?: boolean;
  /**
   * When the number is taken. NOW (default): the entry carries its number in the mutation's
   * answer. AT_COMMIT: the counter row is taken by a deferred trigger just before commit, so
   * concurrent stock postings hold it only while they commit instead of for the rest of their
   * transaction.
   */
  numbering?: 'NOW' | 'AT_COMMIT';
}

/** One side per line, never negative, zero lines left out. */
function normalize(lines: PostingLine[]): PostingLine[] {
  return lines
    .map((l) => {
      const net = l.debit.minus(l.credit);
      return { ...l, debit: net.gt(0) ? net : new Decimal(0), credit: net.lt(0) ? net.negated() : new Decimal(0) };
    })
    .filter((l) => !l.debit.isZero() || !l.credit.isZero());
}

/**
 * Writes an entry: the entry as a draft, then its lines (the database only lets lines into a
 * draft), then POSTED with its number unless asked otherwise. A posted entry left with no lines
 * is not written (null). Manual entries are refused in journals that do not allow them
 * (JOURNAL_RESERVED). The balance is checked here (a bug for automatic postings, computed to
 * balance) and again by the database at commit.
 */
export async function writeEntry(
  sc: ServiceContext,
  books: Books,
  spec: EntrySpec,
  options: WriteOptions = {},
): Promise<string | null> {
  const state = options.state ?? EntryState.POSTED;
  const lines = normalize(spec.lines);
  if (lines.length === 0 && state === EntryState.POSTED) return null;
  const total = lines.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  const credits = lines.reduce((s, l) => s.plus(l.credit), new Decimal(0));
  if (!total.eq(credits)) {
    throw new Error(`entry ${spec.reference ?? ''} does not balance: ${total} vs ${credits}`);
  }
  const id = randomUUID();
  const journalId = spec.journalId ?? books.journals[spec.journal];
  const written = await sc.em.execute<{ id: string }[]>(
    `insert into journal_entry (id, created_at, updated_at, company_id, journal_id, number, name, date, state, source,
                                reference, memo, reversal_of_id, total, created_by)
     select ?, now(), now(), j.company_id, j.id, null, j.code || '/DRAFT', ?::timestamptz, 'DRAFT', ?, ?, ?, ?, ?, ?
       from journal j where j.id = ? and j.company_id = ? and (j.allow_manual or ? <> 'MANUAL')
     returning id`,
    [
      id,
      spec.date.toISOString(),
      spec.source,
      spec.reference ?? null,
      spec.memo ?? null,
      spec.reversalOfId ?? null,
      total.toFixed(2),
      sc.actor,
      journalId,
      sc.companyId,
      spec.source,
    ],
  );
  if (written.length === 0) {
    throw new DomainError(
      UserErrorCode.JOURNAL_RESERVED,
      ['input', 'journalCode'],
      `input.journalCode: the journal only takes the postings of its documents (stock moves, bills, landed costs), not manual entries; use ${JOURNALS.GENERAL.code}`,
    );
  }
  await insertLines(sc, id, lines);
  if (state === EntryState.POSTED && !options.deferPosting) {
    await postEntries(sc, [id], options.numbering ?? 'NOW');
  }
  return id;
}

async function insertLines(sc: ServiceContext, entryId: string, lines: PostingLine[]): Promise<void> {
  if (lines.length === 0) return;
  await sc.em.execute(
    `insert into journal_line (id, created_at, updated_at, company_id, entry_id, account_id, debit, credit, label,
                               product_id, warehouse_id, stock_move_id, partner_id, bill_id, landed_cost_id, credit_note_id, payment_id)
     values ${lines.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    lines.flatMap((l) => [
      sc.companyId,
      entryId,
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
      l.creditNoteId ?? null,
      l.paymentId ?? null,
    ]),
  );
}

/** Replaces the lines of a draft (the database refuses it on a posted entry). */
export async function replaceDraftLines(sc: ServiceContext, entryId: string, lines: PostingLine[]): Promise<void> {
  const kept = normalize(lines);
  const total = kept.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  await sc.em.execute('delete from journal_line where entry_id = ? and company_id = ?', [entryId, sc.companyId]);
  await sc.em.execute(`update journal_entry set total = ?, updated_at = now() where id = ? and state = 'DRAFT'`, [
    total.toFixed(2),
    entryId,
  ]);
  await insertLines(sc, entryId, kept);
}

/** Changes the header of a draft. */
export async function updateDraft(
  sc: ServiceContext,
  entryId: string,
  changes: { date?: Date; reference?: string | null; memo?: string | null },
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (sql: string, value: unknown) => {
    sets.push(sql);
    params.push(value);
  };
  if (changes.date) set('date = ?::timestamptz', changes.date.toISOString());
  if (changes.reference !== undefined) set('reference = ?', changes.reference);
  if (changes.memo !== undefined) set('memo = ?', changes.memo);
  if (sets.length === 0) return;
  await sc.em.execute(
    `update journal_entry set ${sets.join(', ')}, updated_at = now() where id = ? and state = 'DRAFT'`,
    [...params, entryId],
  );
}

/**
 * The statement that posts an entry, for a caller that posts it inside a statement of its own
 * (writeLayers); such entries are numbered at commit.
 */
export const POST_ENTRY_SQL = `update journal_entry set state = 'POSTED', posted_at = now(), posted_by = ?, updated_at = now() where id = ?`;

/**
 * Posts drafts and numbers them. NOW takes each journal's counter in journal order (a fixed
 * order: two postings never wait on each other's counters crosswise); AT_COMMIT leaves it to the
 * deferred trigger journal_entry_numbered.
 */
export async function postEntries(sc: ServiceContext, ids: string[], numbering: 'NOW' | 'AT_COMMIT'): Promise<void> {
  if (ids.length === 0) return;
  const marks = ids.map(() => '?').join(', ');
  await sc.em.execute(
    `update journal_entry set state = 'POSTED', posted_at = now(), posted_by = ?, updated_at = now()
      where id in (${marks}) and company_id = ? and state = 'DRAFT'`,
    [sc.actor, ...ids, sc.companyId],
  );
  if (numbering === 'NOW') {
    await sc.em.execute(
      `select journal_entry_number(e.id) from journal_entry e
        where e.id in (${marks}) and e.company_id = ? order by e.journal_id, e.date, e.id`,
      [...ids, sc.companyId],
    );
  }
}

/**
 * Posts the mirror image of a posted entry into its journal (debits and credits swapped, every
 * line keeping its product, warehouse, move, partner, bill, landed cost, credit note and payment). The caller has
 * locked the original and checked it may be reversed.
 */
export async function writeReversal(
  sc: ServiceContext,
  books: Books,
  reversal: { originalId: string; journalId: string; date: Date; reference: string | null; memo: string },
  /** Lines the reversal carries besides the mirror (a bill cancellation's GR/IR adjustment). */
  extra: PostingLine[] = [],
): Promise<string | null> {
  const lines = await sc.em.execute<
    {
      account_id: string;
      debit: string;
      credit: string;
      label: string | null;
      product_id: string | null;
      warehouse_id: string | null;
      stock_move_id: string | null;
      partner_id: string | null;
      bill_id: string | null;
      landed_cost_id: string | null;
      credit_note_id: string | null;
      payment_id: string | null;
    }[]
  >('select * from journal_line where entry_id = ? and company_id = ? order by created_at, id', [
    reversal.originalId,
    sc.companyId,
  ]);
  return writeEntry(sc, books, {
    journal: 'GENERAL',
    journalId: reversal.journalId,
    date: reversal.date,
    source: EntrySource.REVERSAL,
    reference: reversal.reference,
    memo: reversal.memo,
    reversalOfId: reversal.originalId,
    lines: [
      ...lines.map((l): PostingLine => ({
        accountId: l.account_id,
        debit: new Decimal(l.credit),
        credit: new Decimal(l.debit),
        label: l.label,
        productId: l.product_id,
        warehouseId: l.warehouse_id,
        stockMoveId: l.stock_move_id,
        partnerId: l.partner_id,
        billId: l.bill_id,
        landedCostId: l.landed_cost_id,
        creditNoteId: l.credit_note_id,
        paymentId: l.payment_id,
      })),
      ...extra,
    ],
  });
}
