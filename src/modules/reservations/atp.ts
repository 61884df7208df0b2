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
 * The buckets from today to today + horizonDays: the balance now plus the receipts expected by
 * each day, less the channel's buffer, never below 0. Confirmed outbound moves already hold their
 * stock in the balance: shown on their day, never subtracted twice; so a day's figure does not
 * depend on the horizon asked. Pure: availableToPromise reads the balance and the days.
 */
export function atpFromDays(
  balance: Decimal,
  days: AtpDay[],
  today: number,
  horizonDays: number,
  buffer: Decimal = new Decimal(0),
): AtpBucket[] {
  const byDay = new Map(days.map((r) => [r.day, r]));
  let cumulative = balance;
  const buckets: AtpBucket[] = [];
  for (let i = 0; i <= horizonDays; i++) {
    const date = dayOf(new Date(today + i * DAY));
    const row = byDay.get(date);
    cumulative = cumulative.plus(row?.receipts ?? 0);
    buckets.push({
      date,
      receipts: decToString(row?.receipts ?? 0),
      commitments: decToString(row?.commitments ?? 0),
      atp: decToString(Decimal.max(0, cumulative.minus(buffer))),
    });
  }
  return buckets;
}
