import type { FilterQuery } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
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
import { assertBalanced, JournalEntry, JournalLine } from './journal-entry.entity';
import { Journal } from './journal.entity';
import { openBooks, writePostedEntry } from './posting';

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

/** Checks manual lines and turns them into journal lines of `entry` (not flushed). */
async function buildManualLines(sc: ServiceContext, entry: JournalEntry, lines: JournalLineInput[]): Promise<string> {
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
  const total = assertBalanced(amounts, ['input', 'lines']);
  const company = sc.em.getReference(Company, sc.companyId);
  lines.forEach((line, i) => {
    const entryLine = sc.em.create(JournalLine, {
      company,
      entry,
      account: amounts[i].account!,
      debit: amounts[i].debit.toFixed(2),
      credit: amounts[i].credit.toFixed(2),
      label: line.label ?? null,
      partner: line.partnerId ? partners.find((p) => p.id === line.partnerId)! : null,
      product: line.productId ? products.find((p) => p.id === line.productId)! : null,
      warehouse: line.warehouseCode ? warehouses.find((w) => w.code === line.warehouseCode)! : null,
    });
    entry.lines.add(entryLine);
  });
  return total.toFixed(2);
}

export async function createEntry(sc: ServiceContext, input: JournalEntryCreateInput): Promise<JournalEntry> {
  const code = input.journalCode ?? JOURNALS.GENERAL.code;
  const journal = await sc.em.findOne(Journal, { company: sc.companyId, code });
  if (!journal) fail(UserErrorCode.NOT_FOUND, ['input', 'journalCode'], `input.journalCode: no journal ${code}`);
  const date = input.date ?? new Date();
  const [{ n }] = await sc.em.execute<{ n: string }[]>(`select nextval('journal_entry_number_seq') as n`);
  const entry = sc.em.create(JournalEntry, {
    company: sc.em.getReference(Company, sc.companyId),
    journal,
    number: n,
    name: `${journal.code}/${n.padStart(6, '0')}`,
    date,
    state: EntryState.DRAFT,
    source: EntrySource.MANUAL,
    reference: input.reference ?? null,
    memo: input.memo ?? null,
    total: '0',
    createdBy: sc.actor,
  });
  entry.total = await buildManualLines(sc, entry, input.lines);
  await sc.em.flush();
  if (input.post) await post(sc, entry, ['input', 'date']);
  return entry;
}

async function post(sc: ServiceContext, entry: JournalEntry, field: string[]): Promise<void> {
  await openBooks(sc, entry.date, field);
  entry.state = EntryState.POSTED;
  entry.postedAt = new Date();
  entry.postedBy = sc.actor;
  await sc.em.flush();
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
  const entry = await lockEntry(sc, id, ['id']);
  if (entry.state === EntryState.POSTED) {
    fail(UserErrorCode.ENTRY_POSTED, ['id'], `journal entry ${entry.name} is already posted`);
  }
  await post(sc, entry, ['id']);
  return entry;
}

export async function updateEntry(sc: ServiceContext, input: JournalEntryUpdateInput): Promise<JournalEntry> {
  const entry = await lockEntry(sc, input.id, ['input', 'id']);
  refusePosted(entry);
  if (input.date) entry.date = input.date;
  if (input.reference !== undefined) entry.reference = input.reference;
  if (input.memo !== undefined) entry.memo = input.memo;
  if (input.lines) {
    await entry.lines.init();
    for (const line of entry.lines.getItems()) sc.em.remove(line);
    entry.lines.removeAll();
    entry.total = await buildManualLines(sc, entry, input.lines);
  }
  await sc.em.flush();
  return entry;
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
  if (original.source === EntrySource.STOCK || original.source === EntrySource.LANDED_COST) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'id'],
      `journal entry ${original.name} values stock; it is corrected by a stock move (a return, a count), so that Inventory keeps equal to the valuation`,
    );
  }
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
    }[]
  >('select * from journal_line where entry_id = ? order by created_at, id', [original.id]);
  const id = await writePostedEntry(sc, books, {
    journal: 'GENERAL',
    journalId: original.journal.id,
    journalCode: original.journal.getEntity().code,
    date,
    source: EntrySource.REVERSAL,
    reference: original.reference ?? original.name,
    memo: input.memo ?? `Reversal of ${original.name}`,
    reversalOfId: original.id,
    lines: lines.map((l) => ({
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
    })),
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
  return paginate(sc.em, JournalEntry, where, { number: 'desc' }, page);
}

export async function createFiscalPeriod(
  sc: ServiceContext,
  input: { name: string; startDate: string; endDate: string },
): Promise<FiscalPeriod> {
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
  if (!isUuid(id)) fail(UserErrorCode.NOT_FOUND, ['id'], `id: no fiscal period ${id}`);
  await sc.em.execute('select id from fiscal_period where id = ? and company_id = ? for update', [id, sc.companyId]);
  const period = await sc.em.findOne(FiscalPeriod, { id, company: sc.companyId }, { refresh: true });
  if (!period) fail(UserErrorCode.NOT_FOUND, ['id'], `id: no fiscal period ${id}`);
  if (period.locked) fail(UserErrorCode.INVALID_STATE, ['id'], `fiscal period ${period.name} is already locked`);
  period.locked = true;
  period.lockedAt = new Date();
  period.lockedBy = sc.actor;
  await sc.em.flush();
  return period;
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
