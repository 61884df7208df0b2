import { Decimal, decToString } from '../../db/decimal';

/** One day of available to promise. */
export interface AtpBucket {
  date: string;
  receipts: string;
  commitments: string;
  atp: string;
}

/** What is expected in and due out of the warehouse on one day (YYYY-MM-DD, UTC). */
export interface AtpDay {
  day: string;
  receipts: string | null;
  commitments: string | null;
}

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The buckets from today to today + horizonDays: atp(d) = min over t >= d of (available now +
 * receipts expected by t - commitments due by t), never below 0. Days beyond the horizon still
 * bind the last bucket (a later commitment limits today). Pure: availableToPromise reads the days.
 */
export function atpFromDays(available: Decimal, days: AtpDay[], today: number, horizonDays: number): AtpBucket[] {
  const byDay = new Map(days.map((r) => [r.day, r]));
  const buckets: { date: string; receipts: Decimal; commitments: Decimal; cumulative: Decimal }[] = [];
  let cumulative = available;
  const beyond = days.filter((r) => r.day > dayOf(new Date(today + horizonDays * DAY)));
  for (let i = 0; i <= horizonDays; i++) {
    const date = dayOf(new Date(today + i * DAY));
    const row = byDay.get(date);
    const receipts = new Decimal(row?.receipts ?? 0);
    const commitments = new Decimal(row?.commitments ?? 0);
    cumulative = cumulative.plus(receipts).minus(commitments);
    buckets.push({ date, receipts, commitments, cumulative });
  }
  let floor = beyond.reduce((c, r) => c.plus(r.receipts ?? 0).minus(r.commitments ?? 0), cumulative);
  floor = Decimal.min(floor, cumulative);
  const result: AtpBucket[] = [];
  for (let i = buckets.length - 1; i >= 0; i--) {
    floor = Decimal.min(floor, buckets[i].cumulative);
    result.unshift({
      date: buckets[i].date,
      receipts: decToString(buckets[i].receipts),
      commitments: decToString(buckets[i].commitments),
      atp: decToString(Decimal.max(0, floor)),
    });
  }
  return result;
}
