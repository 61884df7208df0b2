import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { requireDay } from '../../domain/days';
import { companyToday, localDay } from '../company/company-day';
import { Partner } from '../purchasing/partner.entity';
import { type AgeBucket, ageBucket, type Installment, openInstallments } from '../purchasing/payment-terms';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { AccountRole } from './accounting.enums';
import type { AgedBuckets, AgedPayables, AgedPayablesLine, AgedPayablesSupplier } from './statements.types';

const BUCKETS: AgeBucket[] = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'];

class Tally {
  readonly by: Record<AgeBucket, Decimal> = {
    current: new Decimal(0),
    days1to30: new Decimal(0),
    days31to60: new Decimal(0),
    days61to90: new Decimal(0),
    over90: new Decimal(0),
  };

  add(bucket: AgeBucket, amount: Decimal.Value): void {
    this.by[bucket] = this.by[bucket].plus(amount);
  }

  merge(other: Tally): void {
    for (const b of BUCKETS) this.add(b, other.by[b]);
  }

  out(): AgedBuckets {
    const total = BUCKETS.reduce((t, b) => t.plus(this.by[b]), new Decimal(0));
    return {
      current: this.by.current.toFixed(2),
      days1to30: this.by.days1to30.toFixed(2),
      days31to60: this.by.days31to60.toFixed(2),
      days61to90: this.by.days61to90.toFixed(2),
      over90: this.by.over90.toFixed(2),
      total: total.toFixed(2),
    };
  }
}

/**
 * Aged payables at the end of `asOf` (company time zone), from the posted accounts payable lines
 * dated up to then, as Odoo's report reads journal items:
 * - lines carrying a bill make its residual at that moment (its posting, less payments,
 *   discounts, credit notes and a cancellation dated up to then); payments settle the earliest
 *   installments first, so the residual sits on the latest, each aged by its own due date;
 * - lines of no bill are aged per supplier: those of one advance or credit note (with its
 *   applications and refunds) netted and aged by its day, others (manual entries) by their own.
 * Every payables line is counted once, so the total equals the payables account balance.
 */
export async function agedPayables(sc: ServiceContext, asOf?: string): Promise<AgedPayables> {
  const { today, timeZone } = await companyToday(sc);
  const day = asOf ? requireDay(asOf, ['asOf']) : today;
  // Lines of no bill that carry a source of credit (a payment's advance, a credit note against no
  // bill) are netted per source and aged by its first day, so an advance applied or refunded later
  // leaves nothing; other lines of no bill (manual entries) are aged by their own day.
  const rows = await sc.em.execute<{ bill_id: string | null; partner_id: string | null; day: string; open: string }[]>(
    `select l.bill_id, case when l.bill_id is null then l.partner_id end as partner_id,
            case when l.bill_id is null then coalesce(l.payment_id, l.credit_note_id) end as source_id,
            case when l.bill_id is null and l.payment_id is null and l.credit_note_id is null
                 then to_char((e.date at time zone ?)::date, 'YYYY-MM-DD') end as own_day,
            coalesce(min(to_char((e.date at time zone ?)::date, 'YYYY-MM-DD')) filter (where l.bill_id is null), '') as day,
            sum(l.credit - l.debit) as open
       from journal_line l
       join journal_entry e on e.id = l.entry_id
       join account a on a.id = l.account_id
      where l.company_id = ? and a.role = ? and e.state = 'POSTED'
        and e.date < ((?::date + 1)::timestamp at time zone ?)
      group by 1, 2, 3, 4`,
    [timeZone, timeZone, sc.companyId, AccountRole.ACCOUNTS_PAYABLE, day, timeZone],
  );
  const balance = rows.reduce((t, r) => t.plus(r.open), new Decimal(0));
  const billIds = rows.flatMap((r) => (r.bill_id && !new Decimal(r.open).isZero() ? [r.bill_id] : []));
  const bills = billIds.length ? await sc.em.find(VendorBill, { id: { $in: billIds } }) : [];
  const partnerIds = new Set<string>([
    ...bills.map((b) => b.supplier.id),
    ...rows.flatMap((r) => (r.partner_id ? [r.partner_id] : [])),
  ]);
  const partners = partnerIds.size ? await sc.em.find(Partner, { id: { $in: [...partnerIds] } }) : [];
  const partnerById = new Map(partners.map((p) => [p.id, p]));

  const lines: (AgedPayablesLine & { sortKey: string })[] = [];
  const perSupplier = new Map<string, Tally>();
  const supplierTally = (id: string | null) => {
    const key = id ?? '';
    if (!perSupplier.has(key)) perSupplier.set(key, new Tally());
    return perSupplier.get(key)!;
  };
  const total = new Tally();
  for (const bill of bills) {
    const residual = rows.find((r) => r.bill_id === bill.id)!.open;
    const installments: Installment[] = bill.installments?.length
      ? bill.installments
      : [{ dueDate: bill.dueDate ?? localDay(bill.billDate, timeZone), amount: residual }];
    const tally = new Tally();
    for (const open of openInstallments(installments, residual)) tally.add(ageBucket(open.dueDate, day), open.amount);
    const supplier = partnerById.get(bill.supplier.id) ?? null;
    lines.push({
      ...tally.out(),
      supplier,
      bill,
      dueDate: installments.at(-1)!.dueDate,
      sortKey: `${supplier?.code ?? ''}|${installments.at(-1)!.dueDate}|${bill.reference}`,
    });
    supplierTally(bill.supplier.id).merge(tally);
    total.merge(tally);
  }
  const loose = new Map<string, Tally>();
  for (const r of rows) {
    if (r.bill_id || new Decimal(r.open).isZero()) continue;
    const key = r.partner_id ?? '';
    if (!loose.has(key)) loose.set(key, new Tally());
    loose.get(key)!.add(ageBucket(r.day, day), r.open);
  }
  for (const [key, tally] of loose) {
    const supplier = key ? (partnerById.get(key) ?? null) : null;
    if (BUCKETS.every((b) => tally.by[b].isZero())) continue;
    lines.push({ ...tally.out(), supplier, bill: null, dueDate: null, sortKey: `${supplier?.code ?? ''}|~` });
    supplierTally(key || null).merge(tally);
    total.merge(tally);
  }
  lines.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const suppliers: AgedPayablesSupplier[] = [...perSupplier.entries()]
    .map(([key, tally]) => ({ ...tally.out(), supplier: key ? (partnerById.get(key) ?? null) : null }))
    .sort((a, b) => ((a.supplier?.code ?? '') < (b.supplier?.code ?? '') ? -1 : 1));
  return {
    asOf: day,
    lines: lines.map(({ sortKey: _, ...line }) => line),
    suppliers,
    total: total.out(),
    payablesAccountBalance: balance.toFixed(2),
  };
}
