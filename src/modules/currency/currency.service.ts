import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal } from '../../db/decimal';
import { requireDay } from '../../domain/days';
import { DomainError, UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { type PageArgs, paginate } from '../../graphql/connection';
import { Company } from '../company/company.entity';
import type { ExchangeRateFilter, ExchangeRateSetInput } from './currency.inputs';
import { ExchangeRate } from './exchange-rate.entity';

// Currencies (issue 23): the company keeps its books in `Company.currency`; a document in
// another currency is converted with the rate in force on its date. This is the one place that
// converts: purchasing calls toCompanyCurrency at its conversion points (order approval,
// receipt valuation, bill posting), accounting only ever sees company-currency amounts.
//
// Rounding (docs/accounting.md, Currencies): a rate has up to 10 decimals; toCompanyCurrency
// returns the exact product amount x rate, unrounded, and the posting rounds each journal line
// to cents (posting.ts money(), half up), as every other amount of the books.

/** The rate a document of `currency` dated `at` is converted at. */
export interface RateInForce {
  /** Company-currency units per 1 unit of `currency` (1 for the company currency). */
  rate: Decimal;
  /** The day of the rate used (null for the company currency). */
  rateDate: string | null;
  /** The day `at` falls on in the company time zone. */
  day: string;
  companyCurrency: string;
}

interface RateRow {
  company_currency: string;
  day: string;
  rate: string | null;
  rate_date: string | null;
}

/** Looked-up rates per transaction (EntityManager), so a bill of 500 lines asks once per currency and date. */
const cache = new WeakMap<EntityManager, Map<string, Promise<RateRow | undefined>>>();

/**
 * The rate in force for `currency` on the day `at` falls on (company time zone): the latest rate
 * dated on or before that day, as Odoo does. A currency with no rate on or before that day is
 * refused with EXCHANGE_RATE_MISSING naming the currency and the day (`field` names the input
 * the date comes from).
 */
export async function exchangeRateOn(
  em: EntityManager,
  companyId: string,
  currency: string,
  at: Date,
  field: string[] | null = null,
): Promise<RateInForce> {
  let rates = cache.get(em);
  if (!rates) cache.set(em, (rates = new Map()));
  const key = `${companyId}|${currency}|${at.toISOString()}`;
  let found = rates.get(key);
  if (!found) {
    found = em
      .execute<RateRow[]>(
        `select c.currency as company_currency, (?::timestamptz at time zone c.time_zone)::date::text as day,
                r.rate::text as rate, r.date::text as rate_date
           from company c
           left join lateral (
             select x.rate, x.date from exchange_rate x
              where x.company_id = c.id and x.currency = ?
                and x.date <= (?::timestamptz at time zone c.time_zone)::date
              order by x.date desc limit 1) r on true
          where c.id = ?`,
        [at.toISOString(), currency, at.toISOString(), companyId],
      )
      .then((rows) => rows[0]);
    rates.set(key, found);
  }
  const row = await found;
  if (!row) throw new Error(`no company ${companyId}`);
  if (currency === row.company_currency) {
    return { rate: new Decimal(1), rateDate: null, day: row.day, companyCurrency: row.company_currency };
  }
  if (row.rate == null) {
    rates.delete(key);
    throw new DomainError(
      UserErrorCode.EXCHANGE_RATE_MISSING,
      field,
      `${field ? `${field.join('.')}: ` : ''}no exchange rate for ${currency} on or before ${row.day}: the books are kept in ${row.company_currency}; set one with exchangeRateSet (currency ${currency}, a date on or before ${row.day})`,
    );
  }
  return { rate: new Decimal(row.rate), rateDate: row.rate_date, day: row.day, companyCurrency: row.company_currency };
}

/**
 * `amount` of `currency` in the company currency at the rate in force on `date` (exchangeRateOn),
 * exact and unrounded: the posting rounds each line to cents. The company currency converts 1:1
 * (still one query: the company's currency is read, not assumed).
 */
export async function toCompanyCurrency(
  em: EntityManager,
  companyId: string,
  currency: string,
  amount: Decimal.Value,
  date: Date,
  field: string[] | null = null,
): Promise<Decimal> {
  const { rate } = await exchangeRateOn(em, companyId, currency, date, field);
  return new Decimal(amount).times(rate);
}

/** Sets the rate of a currency from a day on, replacing the one of that day if any. */
export async function setExchangeRate(sc: ServiceContext, input: ExchangeRateSetInput): Promise<ExchangeRate> {
  const company = await sc.em.findOneOrFail(Company, sc.companyId);
  if (input.currency === company.currency) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'currency'],
      `input.currency: ${input.currency} is the company currency; its rate is always 1`,
    );
  }
  requireDay(input.date, ['input', 'date']);
  const rate = new Decimal(input.rate).toFixed();
  // Two settings of one currency and day take turns, so the second replaces the first instead
  // of inserting it twice; through the ORM, so the audit log keeps the rate before and after.
  await sc.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
    `exchange_rate:${sc.companyId}:${input.currency}:${input.date}`,
  ]);
  let found = await sc.em.findOne(
    ExchangeRate,
    { company: sc.companyId, currency: input.currency, date: input.date },
    { refresh: true },
  );
  if (found) {
    found.rate = rate;
    found.setBy = sc.actor;
  } else {
    found = sc.em.create(ExchangeRate, {
      company: company,
      currency: input.currency,
      date: input.date,
      rate,
      setBy: sc.actor,
    });
  }
  await sc.em.flush();
  cache.delete(sc.em);
  return found;
}

export async function listExchangeRates(sc: ServiceContext, filter: ExchangeRateFilter | undefined, page: PageArgs) {
  const where: FilterQuery<ExchangeRate> = { company: sc.companyId };
  if (filter?.currency) where.currency = filter.currency;
  if (filter?.onOrBefore) {
    requireDay(filter.onOrBefore, ['filter', 'onOrBefore']);
    where.date = { $lte: filter.onOrBefore };
  }
  return paginate(sc.em, ExchangeRate, where, { currency: 'asc', date: 'desc' }, page);
}
