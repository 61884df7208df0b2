import { UserErrorCode, fail } from './errors';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar day YYYY-MM-DD that exists. 2026-02-30 matches the pattern and Date.parse takes it
 * (as 2 March), but PostgreSQL refuses it: only a day that reads back the same is one. Year 0000
 * is not a day either (PostgreSQL's date has no year 0).
 */
export function isDay(value: string): boolean {
  if (!DAY.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** `value` when it is a day (isDay), else the INVALID user error naming `field`. */
export function requireDay(value: string, field: string[]): string {
  if (!isDay(value))
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: ${JSON.stringify(value)} is not a day YYYY-MM-DD`);
  return value;
}
