import { Decimal } from '../../db/decimal';
import { GroupCommit } from '../../db/group-commit';
import { lockTimeoutOf } from '../../db/lock-timeout';
import { queryWithPrepared } from '../../db/prepared';
import type { ServiceContext } from '../../domain/service-context';
import { stockLockKeys, stockLocksSql, stockPairKey } from '../inventory/stock-locks';
import type { Allocation, Remaining } from './allocation';
import type { ReservationDraft } from './reservation-plan';
import { RESERVE, type ReserveMember, reserveSql, type UnderLockRow } from './sql/reserve';
import type { KitFact } from './kit-reservations';

// Running RESERVE under the stock locks: grouped with other storefront requests (GroupCommit), or
// alone on the request's transaction.

export interface InsertedReservation {
  id: string;
  created_at: Date;
  updated_at: Date;
}

export function insertedOf(row: UnderLockRow): InsertedReservation | null {
  return row.inserted
    ? {
        id: row.inserted.id,
        created_at: new Date(row.inserted.created_at),
        updated_at: new Date(row.inserted.updated_at),
      }
    : null;
}

/**
 * Storefront reservations of the same pairs are committed in groups: under load a hot SKU's
 * throughput is bounded by its lock's critical section, so one commit (and one outbox flush) per
 * group rather than per request. See GroupCommit.
 */
const groupCommit = new GroupCommit<ReserveMember, UnderLockRow>(
  stockLocksSql,
  [RESERVE],
  reserveSql,
  2,
  64,
  lockTimeoutOf,
);

/** RESERVE for one member as part of a group of the same locks (see GroupCommit); null when it must run again alone. */
export function reserveInGroup(sc: ServiceContext, member: ReserveMember): Promise<UnderLockRow | null> {
  return groupCommit.submit({ em: sc.em, deadline: sc.deadline, lockKeys: member.keys, params: member });
}

/** RESERVE for one reservation on the request's connection, after taking its pairs' locks when asked. */
async function reserveAlone(sc: ServiceContext, member: ReserveMember, lock: boolean): Promise<UnderLockRow> {
  const sql = reserveSql([member]);
  const results = await queryWithPrepared(sc.em, [RESERVE], lock ? `${stockLocksSql(member.keys)};\n${sql}` : sql);
  return results[results.length - 1].rows[0] as UnderLockRow;
}

/**
 * The critical section, one round trip: the locks, then RESERVE. The locks stay held until the
 * transaction ends, so a caller whose assumptions failed can allocate again on the fresh
 * figures returned and insert with insertReservation.
 */
export async function reserveUnderLock(
  sc: ServiceContext,
  pairs: { productId: string; warehouseId: string }[],
  draft: ReservationDraft,
  allocation: Allocation | null,
  kits: KitFact[] = [],
): Promise<{ inserted: InsertedReservation | null; figures: Remaining }> {
  const keys = stockLockKeys(pairs);
  if (keys.length === 0) return { inserted: null, figures: new Map() };
  const row = await reserveAlone(sc, { keys, draft, allocation, audit: null, facts: null, kits }, true);
  return {
    inserted: insertedOf(row),
    figures: new Map((row.figures ?? []).map((f) => [stockPairKey(f.p, f.w), new Decimal(f.a)])),
  };
}

/** Inserts the reservation and its lines (the caller holds the locks). */
export async function insertReservation(
  sc: ServiceContext,
  draft: ReservationDraft,
  lines: Allocation['lines'],
): Promise<InsertedReservation> {
  const allocation = { lines, assumptions: new Map() };
  const member = { keys: [], draft, allocation, audit: null, facts: null };
  return insertedOf(await reserveAlone(sc, member, false))!;
}
