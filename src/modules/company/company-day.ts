import type { ServiceContext } from '../../domain/service-context';

/** The day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Today in the company time zone (`Company.timeZone`), and the zone: the day reports, aged
 * payables and price lists go by, as fiscal periods are days in that zone.
 */
export async function companyToday(sc: ServiceContext): Promise<{ today: string; timeZone: string }> {
  const [row] = await sc.em.execute<{ time_zone: string }[]>('select time_zone from company where id = ?', [
    sc.companyId,
  ]);
  return { today: localDay(new Date(), row.time_zone), timeZone: row.time_zone };
}
