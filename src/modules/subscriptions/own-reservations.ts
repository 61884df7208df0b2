import { reservationOwnerScope } from '../../auth/reservation-scope';
import type { Context } from '../../graphql/context';
import type { ReservationEvent } from './subscription.types';

/** Who made each reservation seen lately (it never changes): one lookup per reservation and instance. */
const owners = new Map<string, string | null>();
const OWNERS_KEPT = 50_000;

async function ownerOf(ctx: Context, reservationId: string): Promise<string | null> {
  if (owners.has(reservationId)) return owners.get(reservationId)!;
  const [row] = await ctx.em.execute<{ created_by: string | null }[]>(
    'select created_by from reservation where id = ? and company_id = ?',
    [reservationId, ctx.companyId],
  );
  const owner = row?.created_by ?? null;
  if (owners.size >= OWNERS_KEPT) owners.delete(owners.keys().next().value as string);
  owners.set(reservationId, owner);
  return owner;
}

/**
 * `reservationChanged` for a caller scoped to its own reservations (STOREFRONT, PARTNER; see
 * reservation-scope.ts): the events of reservations another key or user made are skipped. The
 * stream itself is unchanged for internal roles. An explicit iterator, as LiveStream is, so that
 * `return()` ends it at once.
 */
export function ownReservationEvents(
  ctx: Context,
  stream: AsyncIterableIterator<ReservationEvent>,
): AsyncIterableIterator<ReservationEvent> {
  const owner = reservationOwnerScope(ctx.auth, 'Subscription', 'reservationChanged');
  if (owner === undefined) return stream;
  const iterator: AsyncIterableIterator<ReservationEvent> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      for (;;) {
        const read = await stream.next();
        if (read.done || (await ownerOf(ctx, read.value.reservationId)) === owner) return read;
      }
    },
    return: () => stream.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    throw: (error: unknown) => stream.throw?.(error) ?? Promise.reject(error),
  };
  return iterator;
}
