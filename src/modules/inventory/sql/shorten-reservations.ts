/**
 * A forced loss shortens reservations: these three statements serve shortenReservations
 * (stock-guard.ts). SQL, not the ORM: the lines are locked newest first together with their
 * reservations (for update of l, r) and cut in one statement, inside the ledger's critical
 * section, where loading them as entities would cost a round trip per line. Covered by
 * test/inventory/stock-truth.test.ts (forced losses make the reservations SHORT).
 */

/** The open lines of a pair's active reservations, newest first, locked with their reservations. */
export const LINES_TO_SHORTEN = `select l.id, l.reservation_id, l.quantity - l.fulfilled_quantity as open
       from reservation_line l join reservation r on r.id = l.reservation_id
      where l.product_id = ? and l.warehouse_id = ? and l.state = 'ACTIVE' and l.quantity > l.fulfilled_quantity
        and (l.expires_at is null or l.expires_at > statement_timestamp())
      order by r.created_at desc, l.id
        for update of l, r`;

/** Takes each line's cut off its quantity into its short quantity. */
export const CUT_LINES = `update reservation_line l set quantity = l.quantity - c.cut, short_quantity = l.short_quantity + c.cut,
            updated_at = now()
       from unnest(?::uuid[], ?::numeric[]) as c(id, cut)
      where l.id = c.id`;

/** The reservations that gave something up become SHORT. */
export const MARK_SHORT = `update reservation set state = 'SHORT', updated_at = now() where id = any(?::uuid[]) and state = 'ACTIVE'`;
