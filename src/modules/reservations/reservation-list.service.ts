import type { FilterQuery } from '@mikro-orm/core';
import { asSubquery, type PageArgs, paginate } from '../../graphql/connection';
import { isUuid } from '../../graphql/problems';
import type { ServiceContext } from '../../graphql/service-context';
import { Reservation, ReservationLine } from './reservation.entity';
import { ReservationState } from './reservation.enums';
import type { ReservationFilterInput } from './reservation.types';

/**
 * The states as `effectiveState` reads them (see isExpired): a reservation holding stock (ACTIVE
 * or SHORT) past its expiry is EXPIRED at once, before the sweeper stores it so.
 */
function effectiveStateIn(states: ReservationState[], now: Date): FilterQuery<Reservation> {
  // The states that hold stock (isHolding) until their expiry.
  const holding = [ReservationState.ACTIVE, ReservationState.SHORT];
  const or: FilterQuery<Reservation>[] = [];
  for (const state of new Set(states)) {
    if (holding.includes(state)) {
      or.push({ state, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
    } else if (state === ReservationState.EXPIRED) {
      or.push({ state }, { state: { $in: holding }, expiresAt: { $lte: now } });
    } else or.push({ state });
  }
  return { $or: or };
}

/** Reservations, newest first: what a back office or a storefront looks up by state, channel, SKU or reference. */
export async function listReservations(sc: ServiceContext, filter: ReservationFilterInput | undefined, page: PageArgs) {
  const where: FilterQuery<Reservation> = { company: sc.companyId };
  const and: FilterQuery<Reservation>[] = [];
  if (filter?.states?.length) and.push(effectiveStateIn(filter.states, new Date()));
  if (filter?.channel) and.push({ channel: { code: filter.channel } });
  if (filter?.reference) where.reference = filter.reference;
  if (filter?.sku || filter?.warehouseCode || filter?.warehouseId) {
    const lines = sc.em
      .createQueryBuilder(ReservationLine, 'l')
      .select('l.reservation')
      .where({ company: sc.companyId });
    if (filter.sku) lines.andWhere({ product: { sku: filter.sku } });
    if (filter.warehouseCode) lines.andWhere({ warehouse: { code: filter.warehouseCode.toUpperCase() } });
    if (filter.warehouseId) lines.andWhere({ warehouse: isUuid(filter.warehouseId) ? filter.warehouseId : null });
    and.push({ id: { $in: asSubquery(lines.getKnexQuery()) } });
  }
  if (filter?.from) and.push({ createdAt: { $gte: filter.from } });
  if (filter?.to) and.push({ createdAt: { $lte: filter.to } });
  if (and.length) where.$and = and;
  return paginate(sc.em, Reservation, where, { createdAt: 'desc' }, page);
}
