import { type FilterQuery, ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import { VendorCreditNote } from '../purchasing/credit-note.entity';
import { Partner } from '../purchasing/partner.entity';
import { isPosted } from '../purchasing/purchasing.enums';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { AccountRole, EntrySource, VendorCreditUseKind, VendorPaymentState } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';
import { writeEntry } from './journal-writer';
import { openBooks, type PostingLine } from './posting';
import { VendorCreditApplication } from './vendor-credit.entity';
import type {
  VendorCreditApplicationCancelInput,
  VendorCreditApplicationFilter,
  VendorCreditApplyInput,
  VendorCreditSourceInput,
  VendorRefundReceiveInput,
} from './vendor-credit.inputs';
import { VendorPayment } from './vendor-payment.entity';
import { billBalances, cancelByReversal, lockBills } from './vendor-payment.service';

/**
 * An open supplier credit, read from the ledger as bills' residuals are: the accounts payable
 * lines that carry its source, debits minus credits (so positive while the supplier owes us).
 * - a payment's advance: the lines carrying the payment (and no bill): the advance, less its
 *   applications and refunds, less the payment's cancellation;
 * - a credit note against no bill: the lines carrying it (and no bill);
 * - a bill (a credit note against a bill resolves to it): minus its residual when below 0.
 */
interface OpenCredit {
  supplierId: string;
  currency: string;
  open: Decimal;
  /** How the lines that use it are tagged. */
  tags: { billId?: string; paymentId?: string; creditNoteId?: string };
  source: { payment?: VendorPayment; creditNote?: VendorCreditNote; bill?: VendorBill };
  label: string;
  /**
   * From when it exists: the latest accounting date of what provides it (the payment, the credit
   * note, the bill a credit note is against). A use dated earlier is refused.
   */
  since: { date: Date; what: string };
}

const SOURCE_FIELDS = ['paymentId', 'creditNoteId', 'billId'] as const;

/** The one source given, with its field path; INVALID when none or several are. */
function sourceOf(from: VendorCreditSourceInput): { key: (typeof SOURCE_FIELDS)[number]; id: string; field: string[] } {
  const given = SOURCE_FIELDS.filter((k) => from[k] != null);
  if (given.length !== 1) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'from'],
      'input.from: give exactly one open credit: paymentId (an advance), creditNoteId or billId',
    );
  }
  const key = given[0];
  return { key, id: from[key]!, field: ['input', 'from', key] };
}

/**
 * Locks what the credit is drawn from and the bill it settles, in the order payments and their
 * cancellation take: bills (id order), then the payment or credit note. Concurrent uses of one
 * credit each see what the ones before them used, so together they never use more than it holds.
 */
async function lockAndReadCredit(
  sc: ServiceContext,
  from: VendorCreditSourceInput,
  targetBillId: string | null,
): Promise<OpenCredit> {
  const src = sourceOf(from);
  const notFound = (what: string): never =>
    fail(UserErrorCode.NOT_FOUND, src.field, `${src.field.join('.')}: no ${what} ${src.id}`);
  let note: VendorCreditNote | null = null;
  let sourceBillId: string | null = src.key === 'billId' ? src.id : null;
  if (src.key === 'creditNoteId') {
    note = await sc.em.findOne(VendorCreditNote, { id: src.id, company: sc.companyId });
    if (!note) return notFound('vendor credit note');
    // A note on hold or rejected is in no books: it provides nothing (and must not reach the
    // residual of the bill it is against). Its state never changes once posted.
    if (!isPosted(note.state)) {
      fail(
        UserErrorCode.INVALID_STATE,
        src.field,
        `${src.field.join('.')}: credit note ${note.reference} is ${note.state}; only a posted credit note (MATCHED or APPROVED) provides a credit`,
      );
    }
    if (note.bill) sourceBillId = note.bill.id;
  }
  await lockBills(
    sc,
    [sourceBillId, targetBillId].filter((x): x is string => !!x),
  );
  if (sourceBillId) {
    const bill = await sc.em.findOne(VendorBill, { id: sourceBillId, company: sc.companyId }, { refresh: true });
    if (!bill) return notFound('vendor bill');
    if (!isPosted(bill.state)) {
      fail(UserErrorCode.INVALID_STATE, src.field, `${src.field.join('.')}: bill ${bill.reference} is ${bill.state}`);
    }
    const { residual } = (await billBalances(sc, [bill.id])).get(bill.id)!;
    return {
      supplierId: bill.supplier.id,
      currency: bill.currency,
      open: Decimal.max(0, residual.negated()),
      tags: { billId: bill.id },
      source: { bill, creditNote: note ?? undefined },
      label: note ? `credit note ${note.reference} (bill ${bill.reference})` : `bill ${bill.reference}`,
      since:
        note && note.creditDate > bill.billDate
          ? { date: note.creditDate, what: `credit note ${note.reference}` }
          : { date: bill.billDate, what: `bill ${bill.reference}` },
    };
  }
  const table = src.key === 'paymentId' ? 'vendor_payment' : 'vendor_credit_note';
  await sc.em.execute(`select id from ${table} where id = ? and company_id = ? for update`, [src.id, sc.companyId]);
  const open = Decimal.max(
    0,
    (await openOf(sc, src.key === 'paymentId' ? 'payment' : 'creditNote', [src.id])).get(src.id)!,
  );
  if (src.key === 'paymentId') {
    const payment = await sc.em.findOne(VendorPayment, { id: src.id, company: sc.companyId }, { refresh: true });
    if (!payment) return notFound('vendor payment');
    if (payment.state !== VendorPaymentState.POSTED) {
      fail(
        UserErrorCode.INVALID_STATE,
        src.field,
        `${src.field.join('.')}: payment ${payment.name} is ${payment.state}`,
      );
    }
    return {
      supplierId: payment.supplier.id,
      currency: payment.currency,
      open,
      tags: { paymentId: payment.id },
      source: { payment },
      label: `the advance of payment ${payment.name}`,
      since: { date: payment.date, what: `payment ${payment.name}` },
    };
  }
  return {
    supplierId: note!.supplier.id,
    currency: note!.currency,
    open,
    tags: { creditNoteId: note!.id },
    source: { creditNote: note! },
    label: `credit note ${note!.reference}`,
    since: { date: note!.creditDate, what: `credit note ${note!.reference}` },
  };
}

/** Foreign-currency credits are carried at booked rates this does not yet settle across. */
function refuseForeign(credit: OpenCredit, company: Company, field: string[]): void {
  if (credit.currency !== company.currency) {
    fail(
      UserErrorCode.CURRENCY_MISMATCH,
      field,
      `${field.join('.')}: ${credit.label} is in ${credit.currency}; only credits in the company currency (${company.currency}) are applied or refunded`,
    );
  }
}

function overCredit(credit: OpenCredit, amount: Decimal, field: string[]): DomainError | null {
  if (amount.lte(credit.open)) return null;
  return new DomainError(
    UserErrorCode.OVER_CREDIT,
    field,
    `${field.join('.')}: ${amount.toFixed()} is more than the ${credit.open.toFixed(2)} open on ${credit.label}`,
  );
}

/** INVALID on input.date when the use would be dated before what it uses exists. */
function refuseEarlier(date: Date, since: { date: Date; what: string }): void {
  if (date < since.date) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'date'],
      `input.date: ${date.toISOString()} is before ${since.what} (${since.date.toISOString()})`,
    );
  }
}

/**
 * Applies an open supplier credit to an open bill of the same supplier and currency (Odoo's
 * "outstanding debits" added to a bill): one entry in the general journal, Dr Accounts payable
 * carrying the bill / Cr Accounts payable carrying the credit's source, so the payables balance
 * is unchanged, the bill's residual drops by the amount and the credit's rises to 0 at most.
 */
export async function applyVendorCredit(sc: ServiceContext, input: VendorCreditApplyInput) {
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  const billField = ['input', 'billId'];
  const credit = await lockAndReadCredit(sc, input.from, isUuid(input.billId) ? input.billId : null);
  const bill = await sc.em.findOne(VendorBill, { id: input.billId, company: sc.companyId }, { refresh: true });
  if (!bill) fail(UserErrorCode.NOT_FOUND, billField, `input.billId: no vendor bill ${input.billId}`);
  if (bill.id === credit.tags.billId) {
    fail(UserErrorCode.INVALID, billField, `input.billId: bill ${bill.reference} is the credit's own bill`);
  }
  if (bill.supplier.id !== credit.supplierId) {
    fail(
      UserErrorCode.INVALID,
      billField,
      `input.billId: bill ${bill.reference} is another supplier's than ${credit.label}`,
    );
  }
  if (!isPosted(bill.state)) {
    fail(
      UserErrorCode.INVALID_STATE,
      billField,
      `input.billId: bill ${bill.reference} is ${bill.state}; only a posted bill (MATCHED or APPROVED) is settled`,
    );
  }
  if (bill.currency !== credit.currency) {
    fail(
      UserErrorCode.CURRENCY_MISMATCH,
      billField,
      `input.billId: bill ${bill.reference} is in ${bill.currency} and ${credit.label} in ${credit.currency}`,
    );
  }
  refuseForeign(credit, company, ['input', 'from']);
  const amount = new Decimal(input.amount);
  const { residual } = (await billBalances(sc, [bill.id])).get(bill.id)!;
  const errors = [overCredit(credit, amount, ['input', 'amount'])].filter((e): e is DomainError => !!e);
  if (amount.gt(residual)) {
    errors.push(
      new DomainError(
        UserErrorCode.OVER_ALLOCATION,
        ['input', 'amount'],
        `input.amount: ${amount.toFixed()} is more than the ${Decimal.max(0, residual).toFixed(2)} still owed on bill ${bill.reference}`,
      ),
    );
  }
  if (errors.length) throw new DomainErrors(errors);
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  refuseEarlier(date, credit.since);
  refuseEarlier(date, { date: bill.billDate, what: `bill ${bill.reference}` });
  const partnerId = credit.supplierId;
  const zero = new Decimal(0);
  return record(sc, company, credit, {
    kind: VendorCreditUseKind.BILL,
    bill,
    amount,
    date,
    memo: null,
    write: () =>
      writeEntry(sc, books, {
        journal: 'GENERAL',
        date,
        source: EntrySource.CREDIT_APPLICATION,
        // The bill's reference (at most 100 characters; the column holds 200): the credit's
        // label (up to about 220) goes in the memo and the lines' labels (500).
        reference: bill.reference,
        memo: `${credit.label} applied to bill ${bill.reference}`,
        lines: [
          {
            partnerId,
            billId: bill.id,
            accountId: books.accounts.ACCOUNTS_PAYABLE,
            debit: amount,
            credit: zero,
            label: `${bill.reference}: ${credit.label}`,
          },
          {
            partnerId,
            ...credit.tags,
            accountId: books.accounts.ACCOUNTS_PAYABLE,
            debit: zero,
            credit: amount,
            label: `${credit.label} applied to ${bill.reference}`,
          },
        ],
      }),
  });
}

/**
 * A refund received from the supplier for an open credit: Dr Bank / Cr Accounts payable
 * carrying the credit's source, in the bank journal, as payments are.
 */
export async function receiveVendorRefund(sc: ServiceContext, input: VendorRefundReceiveInput) {
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  const credit = await lockAndReadCredit(sc, input.from, null);
  refuseForeign(credit, company, ['input', 'from']);
  const amount = new Decimal(input.amount);
  const over = overCredit(credit, amount, ['input', 'amount']);
  if (over) throw over;
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  refuseEarlier(date, credit.since);
  if (!books.journals.BANK) throw new Error('the company has no bank journal (BNK)');
  const bank = books.accounts[AccountRole.BANK];
  if (!bank) throw new Error('the company has no account with role BANK');
  const supplier = await sc.em.findOneOrFail(Partner, credit.supplierId);
  const memo = input.memo?.trim() || null;
  const zero = new Decimal(0);
  const lines: PostingLine[] = [
    { partnerId: supplier.id, accountId: bank, debit: amount, credit: zero, label: `Refund from ${supplier.code}` },
    {
      partnerId: supplier.id,
      ...credit.tags,
      accountId: books.accounts.ACCOUNTS_PAYABLE,
      debit: zero,
      credit: amount,
      label: `Refund of ${credit.label}`,
    },
  ];
  return record(sc, company, credit, {
    kind: VendorCreditUseKind.REFUND,
    bill: null,
    amount,
    date,
    memo,
    write: () =>
      writeEntry(sc, books, {
        journal: 'BANK',
        date,
        source: EntrySource.REFUND,
        // The memo is at most 200 characters (the column's length); the credit is in the lines.
        reference: memo ?? `Refund from ${supplier.code}`,
        memo: `Refund of ${credit.label}`,
        lines,
      }),
  });
}

async function record(
  sc: ServiceContext,
  company: Company,
  credit: OpenCredit,
  use: {
    kind: VendorCreditUseKind;
    bill: VendorBill | null;
    amount: Decimal;
    date: Date;
    memo: string | null;
    write: () => Promise<string | null>;
  },
): Promise<VendorCreditApplication> {
  const entryId = await use.write();
  const entry = await sc.em.findOneOrFail(JournalEntry, { id: entryId! }, { refresh: true });
  const application = sc.em.create(VendorCreditApplication, {
    company,
    supplier: sc.em.getReference(Partner, credit.supplierId),
    kind: use.kind,
    name: entry.name,
    bill: use.bill,
    sourcePayment: credit.source.payment ?? null,
    sourceCreditNote: credit.source.creditNote ?? null,
    sourceBill: credit.source.bill ?? null,
    amount: use.amount.toFixed(2),
    currency: credit.currency,
    date: use.date,
    memo: use.memo,
    createdBy: sc.actor,
    entry: ref(entry),
  });
  await sc.em.flush();
  return application;
}

/**
 * Cancels an application or refund by posting the reversal of its entry (in its journal) on
 * `date`: the bill owes again what it settled, the credit is open again. Its bills and source are
 * locked first, as by an application.
 */
export async function cancelVendorCreditApplication(sc: ServiceContext, input: VendorCreditApplicationCancelInput) {
  const field = ['input', 'applicationId'];
  const missing = (): never =>
    fail(UserErrorCode.NOT_FOUND, field, `input.applicationId: no credit application ${input.applicationId}`);
  if (!isUuid(input.applicationId)) return missing();
  const [row] = await sc.em.execute<
    {
      bill_id: string | null;
      source_bill_id: string | null;
      source_payment_id: string | null;
      source_credit_note_id: string | null;
    }[]
  >(
    'select bill_id, source_bill_id, source_payment_id, source_credit_note_id from vendor_credit_application where id = ? and company_id = ?',
    [input.applicationId, sc.companyId],
  );
  if (!row) return missing();
  await lockBills(
    sc,
    [row.bill_id, row.source_bill_id].filter((x): x is string => !!x),
  );
  if (row.source_payment_id) {
    await sc.em.execute('select id from vendor_payment where id = ? for update', [row.source_payment_id]);
  } else if (row.source_credit_note_id && !row.source_bill_id) {
    await sc.em.execute('select id from vendor_credit_note where id = ? for update', [row.source_credit_note_id]);
  }
  await sc.em.execute('select id from vendor_credit_application where id = ? for update', [input.applicationId]);
  const application = await sc.em.findOneOrFail(VendorCreditApplication, input.applicationId, { refresh: true });
  if (application.state !== VendorPaymentState.POSTED) {
    fail(
      UserErrorCode.INVALID_STATE,
      field,
      `input.applicationId: ${application.name} is already ${application.state}`,
    );
  }
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  await cancelByReversal(sc, books, application, { date, reason: input.reason, what: application.name });
  return application;
}

export async function listVendorCreditApplications(
  sc: ServiceContext,
  filter: VendorCreditApplicationFilter | undefined,
  page: PageArgs,
) {
  const where: FilterQuery<VendorCreditApplication> = { company: sc.companyId };
  // An id that is not a uuid matches nothing, like an unknown one (as the other lists). Not
  // null: on these nullable relations null would read IS NULL and list unrelated rows.
  const given = [filter?.supplierId, filter?.paymentId, filter?.billId].filter((v): v is string => v != null);
  if (!given.every(isUuid)) where.id = { $in: [] };
  else {
    if (filter?.supplierId) where.supplier = filter.supplierId;
    if (filter?.paymentId) where.sourcePayment = filter.paymentId;
    if (filter?.billId) where.$or = [{ bill: filter.billId }, { sourceBill: filter.billId }];
  }
  return paginate(sc.em, VendorCreditApplication, where, { date: 'desc' }, page);
}

/**
 * The accounts payable balance (debits - credits, company currency) of the lines that carry
 * payments' advances or credit notes against no bill and no bill: what is open of them while
 * positive. One query whatever the number of ids; an id that is not a uuid has 0.
 */
async function openOf(
  sc: Pick<ServiceContext, 'em' | 'companyId'>,
  kind: 'payment' | 'creditNote',
  sourceIds: readonly string[],
): Promise<Map<string, Decimal>> {
  const column = kind === 'payment' ? 'payment_id' : 'credit_note_id';
  const ids = [...new Set(sourceIds.filter(isUuid))];
  const found = new Map<string, Decimal>(sourceIds.map((id) => [id, new Decimal(0)]));
  if (!ids.length) return found;
  const rows = await sc.em.execute<{ source_id: string; open: string }[]>(
    `select l.${column} as source_id, sum(l.debit - l.credit) as open from journal_line l
       join journal_entry e on e.id = l.entry_id
       join account a on a.id = l.account_id
      where l.company_id = ? and l.${column} = any(?::uuid[]) and l.bill_id is null and a.role = ? and e.state = 'POSTED'
      group by l.${column}`,
    [sc.companyId, `{${ids.join(',')}}`, AccountRole.ACCOUNTS_PAYABLE],
  );
  for (const r of rows) found.set(r.source_id, new Decimal(r.open));
  return found;
}

/** What is still open of the advance of payments (company currency), from the ledger. */
export function openAdvances(
  sc: Pick<ServiceContext, 'em' | 'companyId'>,
  paymentIds: readonly string[],
): Promise<Map<string, Decimal>> {
  return openOf(sc, 'payment', paymentIds);
}
