import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { supplierFor } from './supplier.service';
import type { Partner } from './partner.entity';
import { DELIVERY_TOTALS, ORDER_TOTALS } from './sql/supplier-performance';

export interface SupplierPerformanceFigures {
  supplier: Partner;
  from: Date;
  to: Date;
  orders: number;
  lines: number;
  deliveries: number;
  onTimeDeliveries: number;
  onTimeRate: string | null;
  averageLeadTimeDays: string | null;
  promisedLeadTimeDays: string | null;
  orderedQuantity: string;
  receivedQuantity: string;
  fillRate: string | null;
}

/** Days the period covers when `from` is not given. */
export const DEFAULT_PERFORMANCE_DAYS = 90;

/**
 * The period asked for, by default the last 90 days up to now: a window relative to the day it
 * is asked (fixed dates in a saved query go stale and read all zeros a month later).
 */
export function performanceWindow(from?: Date | null, to?: Date | null, now = new Date()): { from: Date; to: Date } {
  const end = to ?? now;
  return { from: from ?? new Date(end.getTime() - DEFAULT_PERFORMANCE_DAYS * 86_400_000), to: end };
}

const ratio = (a: Decimal.Value, b: Decimal.Value) =>
  new Decimal(b).isZero() ? null : decToString(new Decimal(a).div(b).toDecimalPlaces(4));

/**
 * How a supplier kept its promises on the orders confirmed between `from` and `to` (cancelled
 * ones aside): a delivery is one receipt of one line (its done moves of one transfer), on time
 * when it arrived no later than the day promised at confirmation; lead times run from
 * confirmation to arrival (actual) and to the promised date (promised); the fill rate is
 * received over ordered, in product units.
 */
export async function supplierPerformance(
  sc: ServiceContext,
  supplierId: string,
  givenFrom?: Date | null,
  givenTo?: Date | null,
): Promise<SupplierPerformanceFigures> {
  const { from, to } = performanceWindow(givenFrom, givenTo);
  if (from > to) fail(UserErrorCode.INVALID, ['from'], 'from must not be after to');
  const supplier = await supplierFor(sc, supplierId, ['supplierId'], { activeOnly: false });
  const [totals] = await sc.em.execute<
    { orders: string; lines: string; ordered: string | null; received: string | null }[]
  >(ORDER_TOTALS, [sc.companyId, supplier.id, from, to]);
  const [deliveries] = await sc.em.execute<
    { deliveries: string; on_time: string; lead_days: string | null; promised_days: string | null }[]
  >(DELIVERY_TOTALS, [sc.companyId, supplier.id, from, to]);
  const days = (v: string | null) => (v == null ? null : decToString(new Decimal(v).toDecimalPlaces(2)));
  const count = Number(deliveries.deliveries);
  return {
    supplier,
    from,
    to,
    orders: Number(totals.orders),
    lines: Number(totals.lines),
    deliveries: count,
    onTimeDeliveries: Number(deliveries.on_time),
    onTimeRate: ratio(deliveries.on_time, count),
    averageLeadTimeDays: days(deliveries.lead_days),
    promisedLeadTimeDays: days(deliveries.promised_days),
    orderedQuantity: decToString(totals.ordered ?? 0),
    receivedQuantity: decToString(totals.received ?? 0),
    fillRate: ratio(totals.received ?? 0, totals.ordered ?? 0),
  };
}
