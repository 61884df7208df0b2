import { type FilterQuery, ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import type { VendorBillCancellation } from '../purchasing/bill-posting-hooks';
import { localDay } from '../purchasing/payment-terms';
import { supplierFor } from '../purchasing/supplier.service';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { VendorBillState } from '../purchasing/purchasing.enums';
import { AccountRole, BillPaymentState, EntrySource, VendorPaymentState } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';
import { writeEntry, writeReversal } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';
import type { VendorPaymentCancelInput, VendorPaymentCreateInput, VendorPaymentFilter } from './vendor-payment.inputs';
import { VendorPayment, VendorPaymentAllocation } from './vendor-payment.entity';

/** Where a bill stands against accounts payable, read from the ledger (posted entries). */
export interface BillBalance {
  /** What its own posting credited to accounts payable. */
  amountDue: Decimal;
  /**
   * What is still owed: every posted accounts payable line carrying the bill (its posting, its
   * cancellation, payments, early payment discounts, and credit notes that carry the bill id),
   * credits minus debits. So residual = amount - payments - discounts - credits, and the aged
   * payables add up to the payables account by construction of the lines.
   */
  residual: Decimal;
}

/** The accounts payable balance of bills, from the ledger; a bill never posted has 0 and 0. */
export async function billBalances(sc: ServiceContext, billIds: readonly string[]): Promise<Map<string, BillBalance>> {
  const found = new Map<string, BillBalance>();
  const ids = billIds.filter(isUuid);
  if (ids.length > 0) {
    const rows = await sc.em.execute<{ bill_id: string; due: string | null; residual: string }[]>(
      `select l.bill_id, sum(l.credit) filter (where e.source = 'VENDOR_BILL') as due, sum(l.credit - l.debit) as residual
         from journal_line l
         join journal_entry e on e.id = l.entry_id
         join account a on a.id = l.account_id
        where l.company_id = ? and l.bill_id = any(?::uuid[]) and a.role = ? and e.state = 'POSTED'
        group by l.bill_id`,
      [sc.companyId, `{${ids.join(',')}}`, AccountRole.ACCOUNTS_PAYABLE],
    );
    for (const r of rows) {
      found.set(r.bill_id, { amountDue: new Decimal(r.due ?? 0), residual: new Decimal(r.residual) });
    }
  }
  for (const id of billIds) if (!found.has(id)) found.set(id, { amountDue: new Decimal(0), residual: new Decimal(0) });
  return found;
}

/** NOT_PAID, PARTIAL or PAID, as Odoo's payment_state: only a posted bill is paid at all. */
export function paymentStateOf(bill: VendorBill, balance: BillBalance): BillPaymentState {
  const posted = bill.state === VendorBillState.MATCHED || bill.state === VendorBillState.APPROVED;
  if (!posted || balance.amountDue.isZero()) return BillPaymentState.NOT_PAID;
  if (balance.residual.lte(0)) return BillPaymentState.PAID;
  return balance.residual.lt(balance.amountDue) ? BillPaymentState.PARTIAL : BillPaymentState.NOT_PAID;
}

/**
 * Pays a supplier and settles its bills, in one transaction:
 * - the bills are locked (FOR UPDATE, in id order, the lock vendorBillCancel and approval take),
 *   then their residuals read from the ledger: of concurrent payments of one bill, each sees
 *   what the ones before it settled, so together they never pay more than the bill;
 * - an allocation (with the discount it takes) above the residual is OVER_ALLOCATION;
 * - the early payment discount of the bill's term is taken, as in Odoo, when the bill is paid
 *   in full by its discount date: nothing settled on it yet, and the allocation is exactly the
 *   residual less the discount. It is booked Dr Accounts payable / Cr Early payment discounts
 *   received (income: Odoo's cash discount gain account);
 * - one entry in the bank journal: Dr Accounts payable per bill (amount + discount, carrying the
 *   bill and the supplier), Dr Accounts payable for an unallocated rest (the supplier only),
 *   Cr Bank for the amount, Cr discounts received.
 */
export async function createVendorPayment(sc: ServiceContext, input: VendorPaymentCreateInput): Promise<VendorPayment> {
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId'], { activeOnly: false });
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  const currency = input.currency ?? company.currency;
  if (currency !== company.currency) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'currency'],
      `input.currency: payments are in the company currency (${company.currency}) until foreign-currency payments exist; got ${currency}`,
    );
  }
  const errors: DomainError[] = [];
  const field = (i: number, name: string) => ['input', 'allocations', String(i), name];
  const seen = new Set<string>();
  input.allocations.forEach((a, i) => {
    if (seen.has(a.billId)) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          field(i, 'billId'),
          `input.allocations.${i}.billId: the bill is allocated twice`,
        ),
      );
    }
    seen.add(a.billId);
  });
  if (input.allocations.length === 0 && !input.amount) {
    errors.push(
      new DomainError(
        UserErrorCode.INVALID,
        ['input', 'allocations'],
        'input.allocations: allocate the payment to at least one bill, or give its amount (an advance)',
      ),
    );
  }
  if (errors.length) throw new DomainErrors(errors);

  // Lock the bills (one statement, id order), then read them and their residuals.
  const ids = [...seen].sort();
  if (ids.length) {
    await sc.em.execute(
      `select id from vendor_bill where company_id = ? and id = any(?::uuid[]) order by id for update`,
      [sc.companyId, `{${ids.join(',')}}`],
    );
  }
  const bills = ids.length
    ? await sc.em.find(VendorBill, { id: { $in: ids }, company: sc.companyId }, { refresh: true })
    : [];
  const balances = await billBalances(sc, ids);
  const date = input.date ?? new Date();
  const payDay = localDay(date, company.timeZone);
  const settled: { bill: VendorBill; amount: Decimal; discount: Decimal }[] = [];
  input.allocations.forEach((a, i) => {
    const bill = bills.find((b) => b.id === a.billId);
    const where = `input.allocations.${i}`;
    if (!bill) {
      errors.push(
        new DomainError(UserErrorCode.NOT_FOUND, field(i, 'billId'), `${where}.billId: no vendor bill ${a.billId}`),
      );
      return;
    }
    if (bill.supplier.id !== supplier.id) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is another supplier's`,
        ),
      );
      return;
    }
    if (bill.state !== VendorBillState.MATCHED && bill.state !== VendorBillState.APPROVED) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID_STATE,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is ${bill.state}; only a posted bill (MATCHED or APPROVED) is paid`,
        ),
      );
      return;
    }
    if (bill.currency !== currency) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is in ${bill.currency}; this payment is in ${currency}`,
        ),
      );
      return;
    }
    const { residual, amountDue } = balances.get(bill.id)!;
    const amount = new Decimal(a.amount);
    const offered = bill.discountAmount ? new Decimal(bill.discountAmount) : null;
    const discount =
      offered &&
      bill.discountDate &&
      payDay <= bill.discountDate &&
      residual.eq(amountDue) &&
      amount.eq(residual.minus(offered))
        ? offered
        : new Decimal(0);
    if (amount.plus(discount).gt(residual)) {
      errors.push(
        new DomainError(
          UserErrorCode.OVER_ALLOCATION,
          field(i, 'amount'),
          `${where}.amount: ${amount.toFixed(2)} is more than the ${residual.toFixed(2)} still owed on bill ${bill.reference}`,
        ),
      );
      return;
    }
    settled.push({ bill, amount, discount });
  });
  const allocated = settled.reduce((s, x) => s.plus(x.amount), new Decimal(0));
  const amount = input.amount ? new Decimal(input.amount) : allocated;
  if (errors.length === 0 && amount.lt(allocated)) {
    errors.push(
      new DomainError(
        UserErrorCode.OVER_ALLOCATION,
        ['input', 'amount'],
        `input.amount: ${amount.toFixed(2)} is less than the ${allocated.toFixed(2)} allocated to bills`,
      ),
    );
  }
  if (errors.length) throw new DomainErrors(errors);

  const books = await openBooks(sc, date, ['input', 'date']);
  const payment = sc.em.create(VendorPayment, {
    company,
    supplier,
    name: 'BNK/DRAFT',
    date,
    amount: money(amount).toFixed(2),
    currency,
    unallocatedAmount: money(amount.minus(allocated)).toFixed(2),
    memo: input.memo?.trim() || null,
    createdBy: sc.actor,
  });
  for (const s of settled) {
    sc.em.create(VendorPaymentAllocation, {
      company,
      payment,
      bill: s.bill,
      amount: s.amount.toFixed(2),
      discount: s.discount.toFixed(2),
    });
  }
  await sc.em.flush();

  const zero = new Decimal(0);
  const partnerId = supplier.id;
  const lines: PostingLine[] = [];
  for (const s of settled) {
    const common = { partnerId, billId: s.bill.id, label: s.bill.reference };
    lines.push({
      ...common,
      accountId: books.accounts.ACCOUNTS_PAYABLE,
      debit: s.amount.plus(s.discount),
      credit: zero,
    });
    if (!s.discount.isZero()) {
      lines.push({
        ...common,
        accountId: account(books.accounts, AccountRole.EARLY_PAYMENT_DISCOUNT),
        debit: zero,
        credit: s.discount,
        label: `Early payment discount ${s.bill.reference}`,
      });
    }
  }
  const unallocated = amount.minus(allocated);
  if (!unallocated.isZero()) {
    lines.push({
      partnerId,
      accountId: books.accounts.ACCOUNTS_PAYABLE,
      debit: unallocated,
      credit: zero,
      label: `Advance to ${supplier.code}`,
    });
  }
  lines.push({
    partnerId,
    accountId: account(books.accounts, AccountRole.BANK),
    debit: zero,
    credit: amount,
    label: supplier.code,
  });
  if (!books.journals.BANK) throw new Error('the company has no bank journal (BNK)');
  const entryId = await writeEntry(sc, books, {
    journal: 'BANK',
    date,
    source: EntrySource.PAYMENT,
    reference: input.memo?.trim() || `Payment to ${supplier.code}`,
    lines,
  });
  const entry = await sc.em.findOneOrFail(JournalEntry, { id: entryId! }, { refresh: true });
  payment.entry = ref(entry);
  payment.name = entry.name;
  await sc.em.flush();
  return payment;
}

function account(accounts: Record<AccountRole, string>, role: AccountRole): string {
  const id = accounts[role];
  if (!id) throw new Error(`the company has no account with role ${role}`);
  return id;
}

/**
 * Registered before the reversal of a cancelled bill: a bill that payments settle is not
 * cancelled (as Odoo refuses to cancel a reconciled bill until its payments are unreconciled).
 */
export async function refusePaidBillCancel(sc: ServiceContext, bill: VendorBillCancellation): Promise<void> {
  const [paid] = await sc.em.execute<{ names: string | null }[]>(
    `select string_agg(distinct p.name, ', ') as names from vendor_payment_allocation a
       join vendor_payment p on p.id = a.payment_id where a.company_id = ? and a.bill_id = ? and p.state = 'POSTED'`,
    [sc.companyId, bill.billId],
  );
  if (paid?.names) {
    fail(
      UserErrorCode.HAS_PAYMENTS,
      ['input', 'billId'],
      `input.billId: bill ${bill.reference} is settled by the payments ${paid.names}; it cannot be cancelled while they are allocated to it`,
    );
  }
}

/**
 * Cancels a posted payment (Odoo's cancel of a payment, after unreconciling it): the reversal of
 * its entry is posted in the bank journal on `date`, every line keeping its bill, so the bills
 * owe again what it settled (their residual is read from the ledger). Its bills are locked first,
 * as by a payment, so a concurrent payment sees the residual before or after, never between.
 */
export async function cancelVendorPayment(sc: ServiceContext, input: VendorPaymentCancelInput): Promise<VendorPayment> {
  const field = ['input', 'paymentId'];
  if (!isUuid(input.paymentId))
    fail(UserErrorCode.NOT_FOUND, field, `input.paymentId: no vendor payment ${input.paymentId}`);
  const [bills] = await sc.em.execute<{ ids: string[] | null }[]>(
    `select array_agg(distinct bill_id order by bill_id)::text[] as ids from vendor_payment_allocation where payment_id = ? and company_id = ?`,
    [input.paymentId, sc.companyId],
  );
  if (bills?.ids?.length) {
    await sc.em.execute(
      `select id from vendor_bill where company_id = ? and id = any(?::uuid[]) order by id for update`,
      [sc.companyId, `{${bills.ids.join(',')}}`],
    );
  }
  await sc.em.execute('select id from vendor_payment where id = ? and company_id = ? for update', [
    input.paymentId,
    sc.companyId,
  ]);
  const payment = await sc.em.findOne(VendorPayment, { id: input.paymentId, company: sc.companyId }, { refresh: true });
  if (!payment) fail(UserErrorCode.NOT_FOUND, field, `input.paymentId: no vendor payment ${input.paymentId}`);
  if (payment.state !== VendorPaymentState.POSTED) {
    fail(UserErrorCode.INVALID_STATE, field, `input.paymentId: payment ${payment.name} is already ${payment.state}`);
  }
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  const entry = await sc.em.findOneOrFail(JournalEntry, { id: payment.entry!.id });
  await writeReversal(sc, books, {
    originalId: entry.id,
    journalId: entry.journal.id,
    date,
    reference: entry.reference ?? payment.name,
    memo: `Cancellation of payment ${payment.name}: ${input.reason}`,
  });
  payment.state = VendorPaymentState.CANCELLED;
  payment.cancelledBy = sc.actor;
  payment.cancelledAt = new Date();
  payment.cancelReason = input.reason;
  await sc.em.flush();
  return payment;
}

export async function findVendorPayment(sc: ServiceContext, id: string): Promise<VendorPayment | null> {
  return isUuid(id) ? sc.em.findOne(VendorPayment, { id, company: sc.companyId }) : null;
}

export async function listVendorPayments(sc: ServiceContext, filter: VendorPaymentFilter | undefined, page: PageArgs) {
  const where: FilterQuery<VendorPayment> = { company: sc.companyId };
  if (filter?.supplierId) where.supplier = isUuid(filter.supplierId) ? filter.supplierId : null;
  if (filter?.billId) {
    where.allocations = { bill: isUuid(filter.billId) ? filter.billId : null };
  }
  return paginate(sc.em, VendorPayment, where, { date: 'desc' }, page);
}

export function allocationsOfBills(sc: ServiceContext, billIds: readonly string[]) {
  return sc.em.find(
    VendorPaymentAllocation,
    { company: sc.companyId, bill: { $in: [...billIds] }, payment: { state: VendorPaymentState.POSTED } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}
