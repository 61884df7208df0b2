import { Decimal } from '../../db/decimal';

/**
 * Payment terms as Odoo's account.payment.term: lines that each make a share (percent) of the
 * total due some days after the invoice date, and an optional early payment discount (2/10 net
 * 30: 2 % off when paid within 10 days, the whole due in 30). Pure functions: dates are days
 * (YYYY-MM-DD) in the company time zone.
 */
export interface TermLine {
  /** Share of the total, in percent (the shares of a term add up to 100). */
  percent: string;
  /** Days after the invoice date. */
  days: number;
}

export interface TermRules {
  lines: TermLine[];
  discountPercent?: string | null;
  discountDays?: number | null;
}

export interface Installment {
  /** Day it is due (YYYY-MM-DD). */
  dueDate: string;
  /** Amount due that day, in cents. */
  amount: string;
}

export interface Schedule {
  installments: Installment[];
  /** Last due day: when the whole bill is due. */
  dueDate: string;
  /** Last day the early payment discount may be taken, when the term grants one. */
  discountDate: string | null;
  /** The discount on the whole bill, in cents (null without one). */
  discountAmount: string | null;
}

/** A day plus n days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What is wrong with a term's rules (empty when none), as [field path below the input, message]. */
export function termProblems(rules: TermRules): [string[], string][] {
  const problems: [string[], string][] = [];
  if (rules.lines.length === 0) problems.push([['lines'], 'a payment term has at least one line']);
  let sum = new Decimal(0);
  rules.lines.forEach((line, i) => {
    const percent = new Decimal(line.percent);
    if (percent.lte(0) || percent.gt(100)) {
      problems.push([['lines', String(i), 'percent'], `percent must be above 0 and at most 100, got ${line.percent}`]);
    }
    if (i > 0 && line.days < rules.lines[i - 1].days) {
      problems.push([['lines', String(i), 'days'], 'lines are given in the order they fall due (days not decreasing)']);
    }
    sum = sum.plus(percent);
  });
  if (rules.lines.length > 0 && !sum.eq(100)) {
    problems.push([['lines'], `the percents of the lines add up to ${sum.toFixed()}, not 100`]);
  }
  const hasPercent = rules.discountPercent != null;
  const hasDays = rules.discountDays != null;
  if (hasPercent !== hasDays) {
    problems.push([
      [hasPercent ? 'discountDays' : 'discountPercent'],
      'an early payment discount needs both discountPercent and discountDays',
    ]);
  }
  if (hasPercent) {
    const pct = new Decimal(rules.discountPercent!);
    if (pct.lte(0) || pct.gte(100)) {
      problems.push([
        ['discountPercent'],
        `discountPercent must be above 0 and below 100, got ${rules.discountPercent}`,
      ]);
    }
    const last = rules.lines.at(-1)?.days ?? 0;
    if (hasDays && rules.discountDays! > last) {
      problems.push([
        ['discountDays'],
        `discountDays (${rules.discountDays}) must not be after the last due day (${last})`,
      ]);
    }
  }
  return problems;
}

/**
 * The installments of a total under a term, from the invoice day: each line's share rounded to
 * cents, the last line taking what rounding left (Odoo gives the balance to the last line), and
 * the early payment discount on the whole total. Without a term the whole is due on the invoice day.
 */
export function schedule(total: Decimal.Value, invoiceDay: string, rules: TermRules | null): Schedule {
  const amount = new Decimal(total).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (!rules || rules.lines.length === 0) {
    return {
      installments: [{ dueDate: invoiceDay, amount: amount.toFixed(2) }],
      dueDate: invoiceDay,
      discountDate: null,
      discountAmount: null,
    };
  }
  let left = amount;
  const installments = rules.lines.map((line, i) => {
    const share =
      i === rules.lines.length - 1
        ? left
        : amount.times(line.percent).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    left = left.minus(share);
    return { dueDate: addDays(invoiceDay, line.days), amount: share.toFixed(2) };
  });
  const discount =
    rules.discountPercent != null && rules.discountDays != null
      ? {
          discountDate: addDays(invoiceDay, rules.discountDays),
          discountAmount: amount
            .times(rules.discountPercent)
            .div(100)
            .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
            .toFixed(2),
        }
      : { discountDate: null, discountAmount: null };
  return { installments, dueDate: installments.at(-1)!.dueDate, ...discount };
}

/**
 * What is still open of each installment when `residual` remains of the bill: payments settle
 * the earliest installments first, so the residual sits on the latest ones; rounding differences
 * against the posted amount fall on the earliest open one. The open amounts add up to `residual`.
 */
export function openInstallments(installments: Installment[], residual: Decimal.Value): Installment[] {
  let left = new Decimal(residual);
  const open: Installment[] = [];
  for (let i = installments.length - 1; i >= 0; i--) {
    const take = i === 0 ? left : Decimal.max(0, Decimal.min(left, installments[i].amount));
    left = left.minus(take);
    open.unshift({ dueDate: installments[i].dueDate, amount: take.toFixed(2) });
  }
  return open.filter((x) => !new Decimal(x.amount).isZero());
}

export type AgeBucket = 'current' | 'days1to30' | 'days31to60' | 'days61to90' | 'over90';

/** The aging bucket of an amount due on `dueDate`, seen on `asOf`: current until due, then by days overdue. */
export function ageBucket(dueDate: string, asOf: string): AgeBucket {
  const overdue = daysBetween(dueDate, asOf);
  if (overdue <= 0) return 'current';
  if (overdue <= 30) return 'days1to30';
  if (overdue <= 60) return 'days31to60';
  if (overdue <= 90) return 'days61to90';
  return 'over90';
}
