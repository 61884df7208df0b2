import { mayReachReservation } from '../../auth/reservation-scope';
import { Decimal, decToString } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { TransferType } from '../inventory/inventory.enums';
import { lockStockPairs } from '../inventory/stock-locks';
import { createTransfer } from '../inventory/transfer.service';
import { expiryOf } from './reservation-plan';
import { ReservationState } from './reservation.enums';
import { Reservation, ReservationLine } from './reservation.entity';
import type { ReservationExtendInput, ReservationFulfilInput } from './reservation.inputs';
import { EXPIRE_RESERVATIONS, expireLinesSql } from './sql/expire-reservations';

// A reservation's life once it exists: release, extend, fulfil, expire. Creating one is
// reservation-create.service.ts.

/** Loads a reservation after locking its row, and answers EXPIRED for an active one past its expiry. */
export async function loadReservation(sc: ServiceContext, id: string, field: string[]): Promise<Reservation> {
  await sc.em.execute('select id from reservation where id = ? and company_id = ? for update', [id, sc.companyId]);
  const reservation = await sc.em.findOne(
    Reservation,
    { id, company: sc.companyId },
    { populate: ['lines', 'lines.product', 'lines.warehouse'] },
  );
  // Another key's reservation does not exist for a STOREFRONT or PARTNER caller.
  if (!reservation || !mayReachReservation(sc, reservation.createdBy)) {
    fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no reservation ${id}`);
  }
  return reservation;
}

/** ACTIVE, or SHORT (still holding what a forced loss left it): it holds stock and can be acted on. */
export function isHolding(reservation: Reservation): boolean {
  return reservation.state === ReservationState.ACTIVE || reservation.state === ReservationState.SHORT;
}

export function isExpired(reservation: Reservation): boolean {
  return (
    reservation.state === ReservationState.EXPIRED ||
    (isHolding(reservation) && !!reservation.expiresAt && reservation.expiresAt.getTime() <= Date.now())
  );
}

function assertActive(reservation: Reservation, field: string[]): void {
  if (isExpired(reservation)) {
    fail(
      UserErrorCode.EXPIRED,
      field,
      `reservation ${reservation.reference} expired at ${reservation.expiresAt?.toISOString()}`,
    );
  }
  if (!isHolding(reservation)) {
    fail(UserErrorCode.INVALID_STATE, field, `reservation ${reservation.reference} is ${reservation.state}`);
  }
}

function setState(reservation: Reservation, state: ReservationState): void {
  reservation.state = state;
  for (const line of reservation.lines) if (line.state === ReservationState.ACTIVE) line.state = state;
}

export async function releaseReservation(sc: ServiceContext, id: string): Promise<Reservation> {
  const reservation = await loadReservation(sc, id, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
  setState(reservation, ReservationState.RELEASED);
  await sc.em.flush();
  return reservation;
}

export async function extendReservation(sc: ServiceContext, input: ReservationExtendInput): Promise<Reservation> {
  const reservation = await loadReservation(sc, input.reservationId, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
  const expiresAt = expiryOf(input, ['input']);
  if (!expiresAt) fail(UserErrorCode.INVALID, ['input', 'ttlSeconds'], 'input: give expiresAt or ttlSeconds');
  reservation.expiresAt = expiresAt;
  for (const line of reservation.lines) line.expiresAt = expiresAt;
  await sc.em.flush();
  return reservation;
}

/**
 * Turns (part of) a reservation into deliveries, one per warehouse. The lines give up their
 * hold in the same transaction as the moves consume the stock, so nobody can take it between.
 */
export async function fulfilReservation(sc: ServiceContext, input: ReservationFulfilInput) {
  const reservation = await loadReservation(sc, input.reservationId, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
  const lines = reservation.lines.getItems();
  const wanted = new Map<string, { quantity: Decimal; lot?: string; serials?: string[] }>();
  if (input.lines) {
    for (const [index, given] of input.lines.entries()) {
      const line = lines.find((l) => l.id === given.lineId);
      const field = ['input', 'lines', String(index)];
      if (!line)
        fail(
          UserErrorCode.NOT_FOUND,
          [...field, 'lineId'],
          `${field.join('.')}.lineId: no line ${given.lineId} in this reservation`,
        );
      const open = new Decimal(line.quantity).minus(line.fulfilledQuantity);
      if (new Decimal(given.quantity).gt(open)) {
        fail(
          UserErrorCode.INVALID,
          [...field, 'quantity'],
          `${field.join('.')}.quantity: ${given.quantity} is more than the ${decToString(open)} held`,
        );
      }
      wanted.set(line.id, { quantity: new Decimal(given.quantity), lot: given.lot, serials: given.serials });
    }
  } else {
    for (const line of lines) {
      const open = new Decimal(line.quantity).minus(line.fulfilledQuantity);
      if (open.gt(0)) wanted.set(line.id, { quantity: open });
    }
  }
  const byWarehouse = new Map<string, ReservationLine[]>();
  for (const line of lines.filter((l) => wanted.has(l.id))) {
    line.fulfilledQuantity = new Decimal(line.fulfilledQuantity).plus(wanted.get(line.id)!.quantity).toFixed();
    if (new Decimal(line.fulfilledQuantity).eq(line.quantity)) line.state = ReservationState.FULFILLED;
    byWarehouse.set(line.warehouse.id, [...(byWarehouse.get(line.warehouse.id) ?? []), line]);
  }
  if (lines.every((l) => l.state === ReservationState.FULFILLED || new Decimal(l.quantity).eq(l.fulfilledQuantity))) {
    for (const line of lines) line.state = ReservationState.FULFILLED;
    reservation.state = ReservationState.FULFILLED;
  }
  // The pairs' locks first, as every taker of stock does (the delivery below takes them again),
  // then their ReservedStock rows in order, before the line updates' trigger touches them.
  const pairs = lines
    .filter((l) => wanted.has(l.id))
    .map((l) => ({ productId: l.product.id, warehouseId: l.warehouse.id }));
  await lockStockPairs(sc, pairs);
  await lockReservedStock(sc, pairs);
  await sc.em.flush(); // the hold is given up before the delivery consumes the stock
  const deliveries = [];
  for (const group of byWarehouse.values()) {
    deliveries.push(
      await createTransfer(sc, {
        type: TransferType.DELIVERY,
        warehouseId: group[0].warehouse.id,
        // Not validated: the delivery holds the stock as `committed`, the hold moved, not doubled.
        validate: input.validate ?? true,
        referenceDocumentUri: input.referenceDocumentUri ?? `reservation:${reservation.reference}`,
        lines: group.map((line) => ({
          productId: line.product.id,
          quantity: wanted.get(line.id)!.quantity.toFixed(),
          lot: wanted.get(line.id)!.lot,
          serials: wanted.get(line.id)!.serials,
        })),
      }),
    );
  }
  return { reservation, deliveries };
}

/** Locks the ReservedStock rows of some pairs in (product, warehouse) order, the order the trigger uses. */
async function lockReservedStock(sc: ServiceContext, pairs: { productId: string; warehouseId: string }[]) {
  if (pairs.length === 0) return;
  await queryRows(
    sc.em,
    `select 1 from reserved_stock
      where (product_id, warehouse_id) in (select * from unnest(?::uuid[], ?::uuid[]))
      order by product_id, warehouse_id for update`,
    [pairs.map((p) => p.productId), pairs.map((p) => p.warehouseId)],
  );
}

/** Marks active reservations past their expiry as EXPIRED; returns their ids (to announce). */
export async function sweepExpired(sc: ServiceContext, limit = 500): Promise<string[]> {
  const ids: string[] = [];
  // One state at a time: each is a range of its partial index (a SHORT reservation is rare).
  for (const state of [ReservationState.ACTIVE, ReservationState.SHORT]) {
    const rows = await sc.em.execute<{ id: string }[]>(EXPIRE_RESERVATIONS, [state, limit]);
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length) {
    await sc.em.execute(expireLinesSql(ids.length), ids);
  }
  return ids;
}

export async function findReservation(sc: ServiceContext, id: string): Promise<Reservation | null> {
  const reservation = isUuid(id) ? await sc.em.findOne(Reservation, { id, company: sc.companyId }) : null;
  return reservation && mayReachReservation(sc, reservation.createdBy) ? reservation : null;
}
