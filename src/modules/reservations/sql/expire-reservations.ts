/**
 * The sweeper's statements (sweepExpired in reservation.service.ts). SQL, not the ORM: a batch of
 * reservations past their expiry is marked EXPIRED in one statement per state, skipping rows
 * another sweeper (another instance) holds, which the ORM cannot say (for update skip locked).
 * Covered by test/reservations/reserved-stock.test.ts (sweepExpired).
 */

/** Up to a limit of reservations in a state (a range of its partial index) past their expiry become EXPIRED. */
export const EXPIRE_RESERVATIONS = `update reservation set state = 'EXPIRED', updated_at = now()
        where id in (select id from reservation where state = ? and expires_at <= now()
                     order by expires_at limit ? for update skip locked)
        returning id`;

/** The active lines of these reservations (one placeholder each) become EXPIRED too. */
export function expireLinesSql(reservations: number): string {
  return `update reservation_line set state = 'EXPIRED', updated_at = now()
        where state = 'ACTIVE' and reservation_id in (${Array.from({ length: reservations }, () => '?').join(', ')})`;
}
