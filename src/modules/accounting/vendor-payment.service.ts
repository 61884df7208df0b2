import { type FilterQuery, ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import type { VendorBillCancellation } from '../purchasing/bill-posting-hooks';
import { localDay } from '../company/company-day';
import { supplierFor } from '../purchasing/supplier.service';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { isPosted } from '../purchasing/purchasing.enums';
import { PaymentTerm } from '../purchasing/payment-term.entity';
import { exchangeRateOn } from '../currency';
import { payablesCleared, splitCents } from './settlement';
import { AccountRole, BillPaymentState, EntrySource, VendorPaymentState } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';
import { type Books, writeEntry, writeReversal } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';
import type { VendorPaymentCancelInput, VendorPaymentCreateInput, VendorPaymentFilter } from './vendor-payment.inputs';
import type { ReversibleDocument } from './reversible-document.entity';
import { VendorPayment, VendorPaymentAllocation } from './vendor-payment.entity';

/**
 * Locks bills (FOR UPDATE, one statement, in id order): the order every writer of a bill's
 * settlement takes (payments, their cancellation, credit applications, vendorBillCancel and
 * approval), so concurrent ones queue instead of deadlocking. Ids that are not uuids are left out.
 */
export async function lockBills(sc: ServiceContext, billIds: readonly string[]): Promise<void> {
  const ids = [...new Set(billIds.filter(isUuid))].sort();
  if (!ids.length) return;
  await sc.em.execute(
    `select id from vendor_bill where company_id = ? and id = any(?::uuid[]) order by id for update`,
    [sc.companyId, `{${ids.join(',')}}`],
  );
}

/** Where a bill stands against accounts payable, read from the ledger (posted entries). */
export interface BillBalance {
  /** What its own posting credited to accounts payable (company currency). */
  amountDue: Decimal;
  /**
   * What is still owed, in the company currency: every posted accounts payable line carrying the
   * bill (its posting, its cancellation, payments, early payment discounts, and credit notes that
   * carry the bill id), credits minus debits. So residual = amount - payments - discounts -
   * credits, and the aged payables add up to the payables account by construction of the lines.
   * A foreign-currency bill's open amount is carried at its booked rate: payments and credit
   * notes clear it in proportion to what they settle of `residualCurrency` (settlement.ts).
   */
  residual: Decimal;
  /** The bill's currency. */
  currency: string;
  /** What its posting made due in the bill's currency (0 for a bill never posted). */
  amountDueCurrency: Decimal;
  /**
   * What is still owed in the bill's currency: for a bill in the company currency, `residual`;
   * for another, the posted amount less the posted credit notes against it and the payments
   * (amount + discount) of posted payments; 0 once cancelled and for a bill never posted.
   */
  residualCurrency: Decimal;
}

/** The accounts payable balance of bills, from the ledger; a bill never posted has 0 and 0. */
export async function billBalances(
  sc: ServiceContext,
  billIds: readonly string[],
  /** A credit note being posted: its own credit is not yet part of what the bill owed before it. */
  exceptCreditNoteId: string | null = null,
): Promise<Map<string, BillBalance>> {
  const found = new Map<string, BillBalance>();
  const ids = billIds.filter(isUuid);
  if (ids.length > 0) {
    const rows = await sc.em.execute<
      {
        id: string;
        currency: string;
        company_currency: string;
        posted: boolean;
        amount_total: string;
        due: string | null;
        residual: string | null;
        credited: string | null;
        paid: string | null;
      }[]
    >(
      `select b.id, b.currency, c.currency as company_currency, b.amount_total::text,
              b.state in ('MATCHED', 'APPROVED') as posted, led.due, led.residual,
              (select sum(n.amount_total) from vendor_credit_note n
                where n.bill_id = b.id and n.state in ('MATCHED', 'APPROVED') and n.id is distinct from ?::uuid) as credited,
              (select sum(x.amount + x.discount) from vendor_payment_allocation x
                 join vendor_payment p on p.id = x.payment_id where x.bill_id = b.id and p.state = 'POSTED') as paid
         from vendor_bill b
         join company c on c.id = b.company_id
         left join lateral (
           select sum(l.credit) filter (where e.source = 'VENDOR_BILL') as due, sum(l.credit - l.debit) as residual
             from journal_line l
             join journal_entry e on e.id = l.entry_id
             join account a on a.id = l.account_id
            where l.company_id = b.company_id and l.bill_id = b.id and a.role = ? and e.state = 'POSTED') led on true
        where b.company_id = ? and b.id = any(?::uuid[])`,
      [exceptCreditNoteId, AccountRole.ACCOUNTS_PAYABLE, sc.companyId, `{${ids.join(',')}}`],
    );
    for (const r of rows) {
      const amountDue = new Decimal(r.due ?? 0);
      const residual = new Decimal(r.residual ?? 0);
      const foreign = r.currency !== r.company_currency;
      const amountDueCurrency = !foreign ? amountDue : r.posted ? new Decimal(r.amount_total) : new Decimal(0);
      const residualCurrency = !foreign
        ? residual
        : r.posted
          ? amountDueCurrency.minus(r.credited ?? 0).minus(r.paid ?? 0)
          : new Decimal(0);
      found.set(r.id, { amountDue, residual, currency: r.currency, amountDueCurrency, residualCurrency });
    }
  }
  for (const id of billIds) {
    if (!found.has(id)) {
      found.set(id, {
        amountDue: new Decimal(0),
        residual: new Decimal(0),
        currency: '',
        amountDueCurrency: new Decimal(0),
        residualCurrency: new Decimal(0),
      });
    }
  }
  return found;
}

/** NOT_PAID, PARTIAL or PAID, as Odoo's payment_state: only a posted bill is paid at all. */
export function paymentStateOf(bill: VendorBill, balance: BillBalance): BillPaymentState {
  if (!isPosted(bill.state) || balance.amountDueCurrency.isZero()) return BillPaymentState.NOT_PAID;
  if (balance.residualCurrency.lte(0)) return BillPaymentState.PAID;
  return balance.residualCurrency.lt(balance.amountDueCurrency) ? BillPaymentState.PARTIAL : BillPaymentState.NOT_PAID;
}

/**
 * Pays a supplier and settles its bills, in one transaction:
 * - the bills are locked (FOR UPDATE, in id order, the lock vendorBillCancel and approval take),
 *   then their residuals read from the ledger: of concurrent payments of one bill, each sees
 *   what the ones before it settled, so together they never pay more than the bill;
 * - one payment, one currency: the company's or the bills' own (all the same, CURRENCY_MISMATCH
 *   otherwise); amounts are in that currency and converted at the payment date's rate
 *   (EXCHANGE_RATE_MISSING when there is none);
 * - an allocation (with the discount it takes) above the bill's residual in its currency is
 *   OVER_ALLOCATION;
 * - the early payment discount of the bill's term is taken, as in Odoo, when the bill is paid
 *   in full by its discount date: nothing settled on it yet, and the allocation is exactly the
 *   residual less the discount. It is booked Dr Accounts payable / Cr Early payment discounts
 *   received (income: Odoo's cash discount gain account), at the payment rate;
 * - one entry in the bank journal: Dr Accounts payable per bill (what the settlement clears at
 *   the bill's booked rate, settlement.ts, carrying the bill and the supplier), Dr Accounts
 *   payable for an unallocated rest (the supplier only), Cr Bank for the amount at the payment
 *   rate, Cr discounts received, and the realized exchange difference per bill to exchange gains
 *   (Cr 4800) or losses (Dr 6800).
 */
export async function createVendorPayment(sc: ServiceContext, input: VendorPaymentCreateInput): Promise<VendorPayment> {
  const supplier = await supplierFor(sc, input.supplierId, ['input', 'supplierId'], { activeOnly: false });
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
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
  await lockBills(sc, ids);
  const bills = ids.length
    ? await sc.em.find(VendorBill, { id: { $in: ids }, company: sc.companyId }, { refresh: true })
    : [];
  const currency =
    input.currency ?? bills.find((b) => b.id === input.allocations[0]?.billId)?.currency ?? company.currency;
  const inCompanyCurrency = currency === company.currency;
  // Cents in the company currency (the books' unit); another currency keeps up to 6 decimals.
  const cents = (value: string, where: string[]) => {
    if (inCompanyCurrency && !new Decimal(value).eq(money(value))) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          where,
          `${where.join('.')}: ${value} has more than 2 decimals; a payment in ${currency} is in cents`,
        ),
      );
    }
  };
  input.allocations.forEach((a, i) => cents(a.amount, field(i, 'amount')));
  if (input.amount) cents(input.amount, ['input', 'amount']);
  const balances = await billBalances(sc, ids);
  const date = input.date ?? new Date();
  const payDay = localDay(date, company.timeZone);
  const settled: { bill: VendorBill; amount: Decimal; discount: Decimal; residual: Decimal; open: Decimal }[] = [];
  for (const [i, a] of input.allocations.entries()) {
    const bill = bills.find((b) => b.id === a.billId);
    const where = `input.allocations.${i}`;
    if (!bill) {
      errors.push(
        new DomainError(UserErrorCode.NOT_FOUND, field(i, 'billId'), `${where}.billId: no vendor bill ${a.billId}`),
      );
      continue;
    }
    if (bill.supplier.id !== supplier.id) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is another supplier's`,
        ),
      );
      continue;
    }
    if (!isPosted(bill.state)) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID_STATE,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is ${bill.state}; only a posted bill (MATCHED or APPROVED) is paid`,
        ),
      );
      continue;
    }
    if (bill.currency !== currency) {
      errors.push(
        new DomainError(
          UserErrorCode.CURRENCY_MISMATCH,
          field(i, 'billId'),
          `${where}.billId: bill ${bill.reference} is in ${bill.currency} and this payment is in ${currency}; one payment pays bills of one currency (pay the ${bill.currency} bills with a payment in ${bill.currency})`,
        ),
      );
      continue;
    }
    const { residual, residualCurrency, amountDueCurrency } = balances.get(bill.id)!;
    const amount = new Decimal(a.amount);
    const offered = await discountInCurrency(sc, bill, company.currency);
    const discount =
      offered &&
      bill.discountDate &&
      payDay <= bill.discountDate &&
      residualCurrency.eq(amountDueCurrency) &&
      amount.eq(residualCurrency.minus(offered))
        ? offered
        : new Decimal(0);
    if (amount.plus(discount).gt(residualCurrency)) {
      errors.push(
        new DomainError(
          UserErrorCode.OVER_ALLOCATION,
          field(i, 'amount'),
          `${where}.amount: ${amount.toFixed()} ${currency} is more than the ${residualCurrency.toFixed()} ${currency} still owed on bill ${bill.reference}`,
        ),
      );
      continue;
    }
    settled.push({ bill, amount, discount, residual, open: residualCurrency });
  }
  const allocated = settled.reduce((s, x) => s.plus(x.amount), new Decimal(0));
  const amount = input.amount ? new Decimal(input.amount) : allocated;
  if (errors.length === 0 && amount.lt(allocated)) {
    errors.push(
      new DomainError(
        UserErrorCode.OVER_ALLOCATION,
        ['input', 'amount'],
        `input.amount: ${amount.toFixed()} is less than the ${allocated.toFixed()} allocated to bills`,
      ),
    );
  }
  if (errors.length) throw new DomainErrors(errors);

  const { rate } = await exchangeRateOn(sc.em, sc.companyId, currency, date, ['input', 'date']);
  const books = await openBooks(sc, date, ['input', 'date']);
  const unallocated = amount.minus(allocated);
  // What the bank pays in the company currency, split over the bills (and the advance) to the cent.
  const bank = money(amount.times(rate));
  const parts = splitCents(bank, [...settled.map((x) => x.amount), unallocated]);
  const booked = settled.map((x, i) => {
    const paid = parts[i];
    const discount = money(x.discount.times(rate));
    const cleared = payablesCleared(x.amount.plus(x.discount), x.open, x.residual);
    return { ...x, paid, discountCompany: discount, cleared, difference: cleared.minus(paid).minus(discount) };
  });
  const payment = sc.em.create(VendorPayment, {
    company,
    supplier,
    name: 'BNK/DRAFT',
    date,
    amount: amount.toFixed(),
    currency,
    exchangeRate: rate.toFixed(),
    companyAmount: bank.toFixed(2),
    unallocatedAmount: unallocated.toFixed(),
    memo: input.memo?.trim() || null,
    createdBy: sc.actor,
  });
  for (const s of booked) {
    sc.em.create(VendorPaymentAllocation, {
      company,
      payment,
      bill: s.bill,
      amount: s.amount.toFixed(),
      discount: s.discount.toFixed(),
      companyAmount: s.cleared.toFixed(2),
      exchangeDifference: s.difference.toFixed(2),
    });
  }
  await sc.em.flush();

  const zero = new Decimal(0);
  const partnerId = supplier.id;
  const lines: PostingLine[] = [];
  for (const s of booked) {
    const common = { partnerId, billId: s.bill.id, label: s.bill.reference };
    lines.push({ ...common, accountId: books.accounts.ACCOUNTS_PAYABLE, debit: s.cleared, credit: zero });
    if (!s.discountCompany.isZero()) {
      lines.push({
        ...common,
        accountId: account(books.accounts, AccountRole.EARLY_PAYMENT_DISCOUNT),
        debit: zero,
        credit: s.discountCompany,
        label: `Early payment discount ${s.bill.reference}`,
      });
    }
    if (!s.difference.isZero()) {
      const gain = s.difference.gt(0);
      lines.push({
        ...common,
        accountId: account(books.accounts, gain ? AccountRole.EXCHANGE_GAIN : AccountRole.EXCHANGE_LOSS),
        debit: gain ? zero : s.difference.negated(),
        credit: gain ? s.difference : zero,
        label: `Exchange difference ${s.bill.reference} (${currency} at ${rate.toFixed()})`,
      });
    }
  }
  const advance = parts.at(-1)!;
  if (!advance.isZero()) {
    lines.push({
      partnerId,
      // The advance carries its payment: what is open of it is read from the lines that carry it.
      paymentId: payment.id,
      accountId: books.accounts.ACCOUNTS_PAYABLE,
      debit: advance,
      credit: zero,
      label: `Advance to ${supplier.code}`,
    });
  }
  lines.push({
    partnerId,
    accountId: account(books.accounts, AccountRole.BANK),
    debit: zero,
    credit: bank,
    label: inCompanyCurrency ? supplier.code : `${supplier.code} ${amount.toFixed()} ${currency}`,
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

/**
 * The early payment discount of a bill in its own currency: for a bill in the company currency
 * its `discountAmount`; for another, the term's percent of its total in its currency, to the
 * cent as the schedule rounds it (`discountAmount` is the company-currency figure).
 */
async function discountInCurrency(
  sc: ServiceContext,
  bill: VendorBill,
  companyCurrency: string,
): Promise<Decimal | null> {
  if (!bill.discountAmount) return null;
  if (bill.currency === companyCurrency) return new Decimal(bill.discountAmount);
  if (!bill.paymentTerm) return null;
  const term = await sc.em.findOneOrFail(PaymentTerm, bill.paymentTerm.id);
  if (term.discountPercent == null) return null;
  return money(new Decimal(bill.amountTotal).times(term.discountPercent).div(100));
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
  const [applied] = await sc.em.execute<{ names: string | null }[]>(
    `select string_agg(name, ', ' order by name) as names from vendor_credit_application
      where company_id = ? and (bill_id = ? or source_bill_id = ?) and state = 'POSTED'`,
    [sc.companyId, bill.billId, bill.billId],
  );
  if (applied?.names) {
    fail(
      UserErrorCode.HAS_PAYMENTS,
      ['input', 'billId'],
      `input.billId: bill ${bill.reference} is settled by the credit applications ${applied.names}; cancel them (vendorCreditApplicationCancel) first`,
    );
  }
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
  await lockBills(sc, bills?.ids ?? []);
  await sc.em.execute('select id from vendor_payment where id = ? and company_id = ? for update', [
    input.paymentId,
    sc.companyId,
  ]);
  const payment = await sc.em.findOne(VendorPayment, { id: input.paymentId, company: sc.companyId }, { refresh: true });
  if (!payment) fail(UserErrorCode.NOT_FOUND, field, `input.paymentId: no vendor payment ${input.paymentId}`);
  if (payment.state !== VendorPaymentState.POSTED) {
    fail(UserErrorCode.INVALID_STATE, field, `input.paymentId: payment ${payment.name} is already ${payment.state}`);
  }
  // Its advance applied to bills or refunded: those are cancelled first (the payment row lock
  // above is the one vendorCreditApply and vendorRefundReceive take on their source payment).
  const [used] = await sc.em.execute<{ names: string | null }[]>(
    `select string_agg(name, ', ' order by name) as names from vendor_credit_application
      where company_id = ? and source_payment_id = ? and state = 'POSTED'`,
    [sc.companyId, payment.id],
  );
  if (used?.names) {
    fail(
      UserErrorCode.CREDIT_APPLIED,
      field,
      `input.paymentId: the advance of payment ${payment.name} is applied or refunded by ${used.names}; cancel those (vendorCreditApplicationCancel) first`,
    );
  }
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  await cancelByReversal(sc, books, payment, { date, reason: input.reason, what: `payment ${payment.name}` });
  return payment;
}

/**
 * Cancels a posted document (a payment, a credit application or refund) by posting the reversal
 * of its entry in the entry's journal on `date`, and records who cancelled it, when and why. The
 * caller has locked it and checked it may be cancelled.
 */
export async function cancelByReversal(
  sc: ServiceContext,
  books: Books,
  document: ReversibleDocument,
  cancel: { date: Date; reason: string; what: string },
): Promise<void> {
  const entry = await sc.em.findOneOrFail(JournalEntry, { id: document.entry!.id });
  // A reversal dated before its entry would undo the document before it happened.
  if (cancel.date < entry.date) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'date'],
      `input.date: ${cancel.date.toISOString()} is before ${cancel.what} (${entry.date.toISOString()})`,
    );
  }
  await writeReversal(sc, books, {
    originalId: entry.id,
    journalId: entry.journal.id,
    date: cancel.date,
    reference: entry.reference ?? document.name,
    memo: `Cancellation of ${cancel.what}: ${cancel.reason}`,
  });
  document.state = VendorPaymentState.CANCELLED;
  document.cancelledBy = sc.actor;
  document.cancelledAt = new Date();
  document.cancelReason = cancel.reason;
  await sc.em.flush();
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
