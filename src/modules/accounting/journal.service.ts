import type { FilterQuery } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { requireDay } from '../../domain/days';
import { DomainError, fail, UserErrorCode } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { Problems } from '../../graphql/problems';
import type { ServiceContext } from '../../domain/service-context';
import { Product } from '../catalog/product.entity';
import { Company } from '../company/company.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner } from '../purchasing/partner.entity';
import { Account } from './account.entity';
import { type AccountType, EntrySource, EntryState } from './accounting.enums';
import type {
  JournalEntryCreateInput,
  JournalEntryFilter,
  JournalEntryReverseInput,
  JournalEntryUpdateInput,
  JournalLineInput,
} from './accounting.inputs';
import { JOURNALS } from './chart';
import { FiscalPeriod } from './fiscal-period.entity';
import { assertBalanced, JournalEntry } from './journal-entry.entity';
import { Journal } from './journal.entity';
import {
  type Books,
  type PostingLine,
  postEntries,
  replaceDraftLines,
  updateDraft,
  writeEntry,
  writeReversal,
} from './journal-writer';
import { openBooks } from './posting';

/** Loads an entry after locking its row, so posting, editing and reversing it happen one at a time. */
async function lockEntry(sc: ServiceContext, id: string, field: string[]): Promise<JournalEntry> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no journal entry ${id}`);
  await sc.em.execute('select id from journal_entry where id = ? and company_id = ? for update', [id, sc.companyId]);
  const entry = await sc.em.findOne(
    JournalEntry,
    { id, company: sc.companyId },
    { populate: ['journal'], refresh: true },
  );
  if (!entry) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no journal entry ${id}`);
  return entry;
}

/** Checks manual lines and turns them into posting lines for the journal writer. */
async function buildManualLines(sc: ServiceContext, lines: JournalLineInput[]): Promise<PostingLine[]> {
  const problems = new Problems();
  const codes = [...new Set(lines.map((l) => l.accountCode))];
  const accounts = await sc.em.find(Account, { company: sc.companyId, code: { $in: codes } });
  const warehouseCodes = [...new Set(lines.flatMap((l) => (l.warehouseCode ? [l.warehouseCode] : [])))];
  const warehouses = warehouseCodes.length
    ? await sc.em.find(Warehouse, { company: sc.companyId, code: { $in: warehouseCodes } })
    : [];
  const productIds = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = productIds.length
    ? await sc.em.find(Product, { company: sc.companyId, id: { $in: productIds } })
    : [];
  const partnerIds = [...new Set(lines.flatMap((l) => (l.partnerId ? [l.partnerId] : [])))];
  const partners = partnerIds.length
    ? await sc.em.find(Partner, { company: sc.companyId, id: { $in: partnerIds } })
    : [];
  const amounts = lines.map((line, i) => {
    const path = ['input', 'lines', String(i)];
    const account = accounts.find((a) => a.code === line.accountCode);
    if (!account)
      problems.add(
        UserErrorCode.NOT_FOUND,
        [...path, 'accountCode'],
        `${path.join('.')}.accountCode: no account ${line.accountCode}`,
      );
    else if (!account.allowManual) {
      problems.add(
        UserErrorCode.ACCOUNT_RESERVED,
        [...path, 'accountCode'],
        `${path.join('.')}.accountCode: ${account.code} ${account.name} only takes automatic postings, so that it always equals the stock valuation`,
      );
    }
    if ((line.debit == null) === (line.credit == null)) {
      problems.add(UserErrorCode.INVALID, path, `${path.join('.')}: give either debit or credit`);
    }
    if (line.warehouseCode && !warehouses.some((w) => w.code === line.warehouseCode)) {
      problems.add(
        UserErrorCode.NOT_FOUND,
        [...path, 'warehouseCode'],
        `${path.join('.')}.warehouseCode: no warehouse ${line.warehouseCode}`,
      );
    }
    if (line.partnerId && !partners.some((p) => p.id === line.partnerId)) {
      problems.add(
        UserErrorCode.NOT_FOUND,
        [...path, 'partnerId'],
        `${path.join('.')}.partnerId: no partner ${line.partnerId}`,
      );
    }
    if (line.productId && !products.some((p) => p.id === line.productId)) {
      problems.add(
        UserErrorCode.NOT_FOUND,
        [...path, 'productId'],
        `${path.join('.')}.productId: no product ${line.productId}`,
      );
    }
    return { debit: new Decimal(line.debit ?? 0), credit: new Decimal(line.credit ?? 0), account };
  });
  problems.throwIfAny();
  assertBalanced(amounts, ['input', 'lines']);
  return lines.map((line, i) => ({
    accountId: amounts[i].account!.id,
    debit: amounts[i].debit,
    credit: amounts[i].credit,
    label: line.label ?? null,
    partnerId: line.partnerId ?? null,
    productId: line.productId ?? null,
    warehouseId: line.warehouseCode ? warehouses.find((w) => w.code === line.warehouseCode)!.id : null,
  }));
}

export async function createEntry(sc: ServiceContext, input: JournalEntryCreateInput): Promise<JournalEntry> {
  const code = input.journalCode ?? JOURNALS.GENERAL.code;
  const journal = await sc.em.findOne(Journal, { company: sc.companyId, code });
  if (!journal) fail(UserErrorCode.NOT_FOUND, ['input', 'journalCode'], `input.journalCode: no journal ${code}`);
  const lines = await buildManualLines(sc, input.lines);
  const date = input.date ?? new Date();
  // A posted entry checks the period first (PERIOD_LOCKED names the date); a draft waits for its posting.
  const books = input.post ? await openBooks(sc, date, ['input', 'date']) : NO_BOOKS;
  const id = await writeEntry(
    sc,
    books,
    {
      journal: 'GENERAL',
      journalId: journal.id,
      date,
      source: EntrySource.MANUAL,
      reference: input.reference ?? null,
      memo: input.memo ?? null,
      lines,
    },
    { state: input.post ? EntryState.POSTED : EntryState.DRAFT },
  );
  return sc.em.findOneOrFail(JournalEntry, { id: id! }, { refresh: true });
}

/** Drafts need no accounts by role: the journal is named. */
const NO_BOOKS = { accounts: {}, journals: {} } as Books;

async function post(sc: ServiceContext, entry: JournalEntry, field: string[]): Promise<void> {
  await openBooks(sc, entry.date, field);
  await postEntries(sc, [entry.id], 'NOW');
}

function refusePosted(entry: JournalEntry): void {
  if (entry.state === EntryState.POSTED) {
    throw new DomainError(
      UserErrorCode.ENTRY_POSTED,
      ['input', 'id'],
      `journal entry ${entry.name} is posted and can never change; reverse it instead`,
    );
  }
}

export async function postEntry(sc: ServiceContext, id: string): Promise<JournalEntry> {
  const entry = await lockEntry(sc, id, ['input', 'id']);
  if (entry.state === EntryState.POSTED) {
    fail(UserErrorCode.ENTRY_POSTED, ['input', 'id'], `journal entry ${entry.name} is already posted`);
  }
  await post(sc, entry, ['input', 'id']);
  return sc.em.findOneOrFail(JournalEntry, { id: entry.id }, { refresh: true });
}

export async function updateEntry(sc: ServiceContext, input: JournalEntryUpdateInput): Promise<JournalEntry> {
  const entry = await lockEntry(sc, input.id, ['input', 'id']);
  refusePosted(entry);
  if (input.lines) await replaceDraftLines(sc, entry.id, await buildManualLines(sc, input.lines));
  await updateDraft(sc, entry.id, { date: input.date ?? undefined, reference: input.reference, memo: input.memo });
  return sc.em.findOneOrFail(JournalEntry, { id: entry.id }, { refresh: true });
}

/**
 * Entries made by a document (stock moves, landed costs, vendor bills and their cancellations,
 * payments) are reversed through that document, never alone: a bill whose entry was reversed
 * would stay APPROVED with payables out of step with the ledger, a stock entry reversed alone
 * would leave Inventory apart from the valuation.
 */
async function refuseDocumentEntry(sc: ServiceContext, entry: JournalEntry): Promise<void> {
  const [owner] = await sc.em.execute<{ kind: string; reference: string | null }[]>(
    `select case when l.stock_move_id is not null then 'stock move'
                 when l.landed_cost_id is not null then 'landed cost'
                 when l.credit_note_id is not null then 'vendor credit note'
                 when l.bill_id is not null then 'vendor bill' end as kind,
            coalesce(cn.reference, b.reference, lc.name, m.reference) as reference
       from journal_line l
       left join vendor_bill b on b.id = l.bill_id
       left join landed_cost lc on lc.id = l.landed_cost_id
       left join stock_move m on m.id = l.stock_move_id
       left join vendor_credit_note cn on cn.id = l.credit_note_id
      where l.entry_id = ? and (l.stock_move_id is not null or l.landed_cost_id is not null or l.bill_id is not null
                                or l.credit_note_id is not null)
      limit 1`,
    [entry.id],
  );
  const documentSource = ![EntrySource.MANUAL, EntrySource.REVERSAL].includes(entry.source);
  if (!owner && !documentSource) return;
  // A payment's lines carry the bills it settles: the entry is the payment's, not a bill's.
  const payment = entry.source === EntrySource.PAYMENT;
  const kind = payment ? 'payment' : (owner?.kind ?? entry.source.toLowerCase().replace('_', ' '));
  const reference = payment ? entry.reference : owner?.reference;
  const how =
    kind === 'vendor bill'
      ? 'cancel the bill (vendorBillCancel), which posts the reversal'
      : kind === 'stock move'
        ? 'it is corrected by a stock move (a return, a count), so that Inventory keeps equal to the valuation'
        : 'it is corrected through its document';
  fail(
    UserErrorCode.DOCUMENT_ENTRY,
    ['input', 'id'],
    `journal entry ${entry.name} belongs to the ${kind}${reference ? ` ${reference}` : ''}: ${how}`,
  );
}

/**
 * Posts the mirror image of a posted entry. The original's row is locked first, so of two
 * concurrent reversals the second waits, then finds the first and answers ALREADY_REVERSED
 * (a unique index on reversal_of_id backs this up).
 */
export async function reverseEntry(sc: ServiceContext, input: JournalEntryReverseInput): Promise<JournalEntry> {
  const original = await lockEntry(sc, input.id, ['input', 'id']);
  if (original.state !== EntryState.POSTED) {
    fail(UserErrorCode.INVALID_STATE, ['input', 'id'], `journal entry ${original.name} is a draft: edit it instead`);
  }
  await refuseDocumentEntry(sc, original);
  const [existing] = await sc.em.execute<{ name: string }[]>(
    'select name from journal_entry where reversal_of_id = ?',
    [original.id],
  );
  if (existing) {
    fail(
      UserErrorCode.ALREADY_REVERSED,
      ['input', 'id'],
      `journal entry ${original.name} is already reversed by ${existing.name}`,
    );
  }
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  const id = await writeReversal(sc, books, {
    originalId: original.id,
    journalId: original.journal.id,
    date,
    reference: original.reference ?? original.name,
    memo: input.memo ?? `Reversal of ${original.name}`,
  });
  return sc.em.findOneOrFail(JournalEntry, { id: id! });
}

export async function findEntry(sc: ServiceContext, id: string): Promise<JournalEntry | null> {
  if (!isUuid(id)) return null;
  return sc.em.findOne(JournalEntry, { id, company: sc.companyId });
}

export async function listEntries(sc: ServiceContext, filter: JournalEntryFilter | undefined, page: PageArgs) {
  const where: FilterQuery<JournalEntry> = { company: sc.companyId };
  const f = filter ?? {};
  for (const key of ['stockMoveId', 'billId'] as const) {
    const id = f[key];
    if (id != null && !isUuid(id)) fail(UserErrorCode.INVALID, ['filter', key], `filter.${key}: ${id} is not an id`);
  }
  if (f.journalCode) where.journal = { code: f.journalCode };
  if (f.state) where.state = f.state;
  if (f.source) where.source = f.source;
  if (f.reference) where.reference = f.reference;
  if (f.from || f.to) where.date = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
  if (f.stockMoveId || f.billId) {
    where.lines = { ...(f.stockMoveId ? { stockMove: f.stockMoveId } : {}), ...(f.billId ? { bill: f.billId } : {}) };
  }
  return paginate(sc.em, JournalEntry, where, { createdAt: 'desc' }, page);
}

export async function createFiscalPeriod(
  sc: ServiceContext,
  input: { name: string; startDate: string; endDate: string },
): Promise<FiscalPeriod> {
  requireDay(input.startDate, ['input', 'startDate']);
  requireDay(input.endDate, ['input', 'endDate']);
  if (input.endDate < input.startDate) {
    fail(UserErrorCode.INVALID, ['input', 'endDate'], 'input.endDate is before input.startDate');
  }
  const [overlap] = await sc.em.execute<{ name: string }[]>(
    'select name from fiscal_period where company_id = ? and start_date <= ?::date and end_date >= ?::date limit 1',
    [sc.companyId, input.endDate, input.startDate],
  );
  if (overlap) fail(UserErrorCode.CONFLICT, ['input', 'startDate'], `the dates overlap fiscal period ${overlap.name}`);
  if (await sc.em.count(FiscalPeriod, { company: sc.companyId, name: input.name })) {
    fail(UserErrorCode.TAKEN, ['input', 'name'], `input.name: fiscal period ${input.name} exists`);
  }
  const period = sc.em.create(FiscalPeriod, {
    company: sc.em.getReference(Company, sc.companyId),
    name: input.name,
    startDate: input.startDate,
    endDate: input.endDate,
  });
  await sc.em.flush();
  return period;
}

/**
 * Locking is final: once the books of a period are closed, nothing more goes into them. The
 * row is taken FOR UPDATE, which waits for every posting holding it FOR KEY SHARE (openBooks,
 * and the journal_entry_guard trigger) to commit.
 */
export async function lockFiscalPeriod(sc: ServiceContext, id: string): Promise<FiscalPeriod> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no fiscal period ${id}`);
  await sc.em.execute('select id from fiscal_period where id = ? and company_id = ? for update', [id, sc.companyId]);
  const period = await sc.em.findOne(FiscalPeriod, { id, company: sc.companyId }, { refresh: true });
  if (!period) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no fiscal period ${id}`);
  if (period.locked)
    fail(UserErrorCode.INVALID_STATE, ['input', 'id'], `fiscal period ${period.name} is already locked`);
  period.locked = true;
  period.lockedAt = new Date();
  period.lockedBy = sc.actor;
  await sc.em.flush();
  return period;
}

/**
 * Reopens a locked period: a second controller undoes the first one's lock (segregation of
 * duties), with a reason; the change is in the audit log like every mutation. Locking the current
 * month by mistake stopped every valued stock move: this is the way back.
 */
export async function unlockFiscalPeriod(sc: ServiceContext, id: string, reason: string): Promise<FiscalPeriod> {
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no fiscal period ${id}`);
  await sc.em.execute('select id from fiscal_period where id = ? and company_id = ? for update', [id, sc.companyId]);
  const period = await sc.em.findOne(FiscalPeriod, { id, company: sc.companyId }, { refresh: true });
  if (!period) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no fiscal period ${id}`);
  if (!period.locked) fail(UserErrorCode.INVALID_STATE, ['input', 'id'], `fiscal period ${period.name} is not locked`);
  if (period.lockedBy && period.lockedBy === sc.actor) {
    fail(
      UserErrorCode.SEGREGATION_OF_DUTIES,
      ['input', 'id'],
      `fiscal period ${period.name} was locked by ${period.lockedBy}; another controller must unlock it`,
    );
  }
  period.locked = false;
  period.unlockedAt = new Date();
  period.unlockedBy = sc.actor;
  period.unlockReason = reason;
  await sc.em.flush();
  return period;
}

/** Sets the company's time zone (checked against PostgreSQL's, which computes the days). */
export async function updateCompany(sc: ServiceContext, input: { timeZone?: string }): Promise<Company> {
  const company = await sc.em.findOneOrFail(Company, { id: sc.companyId });
  if (input.timeZone != null) {
    const [known] = await sc.em.execute<{ name: string }[]>('select name from pg_timezone_names where name = ?', [
      input.timeZone,
    ]);
    if (!known) {
      fail(UserErrorCode.INVALID, ['input', 'timeZone'], `input.timeZone: ${input.timeZone} is not an IANA time zone`);
    }
    company.timeZone = input.timeZone;
  }
  await sc.em.flush();
  return company;
}

/** Adds an account to the chart. Roles stay with the default accounts: automatic postings need exactly one each. */
export async function createAccount(
  sc: ServiceContext,
  input: { code: string; name: string; type: AccountType },
): Promise<Account> {
  if (await sc.em.count(Account, { company: sc.companyId, code: input.code })) {
    fail(UserErrorCode.TAKEN, ['input', 'code'], `input.code: account ${input.code} exists`);
  }
  const account = sc.em.create(Account, {
    company: sc.em.getReference(Company, sc.companyId),
    code: input.code,
    name: input.name,
    type: input.type,
    role: null,
  });
  await sc.em.flush();
  return account;
}
