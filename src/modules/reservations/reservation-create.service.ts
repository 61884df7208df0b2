import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal, decToString } from '../../db/decimal';
import { DomainErrors, type UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import type { AuditEntryValues } from '../../graphql/audit-trail';
import { Company } from '../company/company.entity';
import { stockLockKeys, stockPairKey } from '../inventory/stock-locks';
import { addTaken, allocate, type Allocation } from './allocation';
import { Channel } from './channel.entity';
import {
  type InsertedReservation,
  insertedOf,
  insertReservation,
  reserveInGroup,
  reserveUnderLock,
} from './reservation-commit';
import { assertKitsUnchanged, kitFacts } from './kit-reservations';
import { prepareReservation, type ReservationDraft } from './reservation-plan';
import { ReservationPolicy, ReservationState } from './reservation.enums';
import { Reservation } from './reservation.entity';
import type { ReservationCreateInput } from './reservation.inputs';
import { sourcingCache } from './sourcing-cache';
import type { UnderLockRow } from './sql/reserve';

export interface ReservationResult {
  reservation: Reservation | null;
  userErrors?: { code: UserErrorCode; field: string[] | null; message: string; quantityAvailable: string | null }[];
}

/** The sellable figures RESERVE read, less what the reservation it inserted took from them. */
function figuresAfter(row: UnderLockRow, taken: Allocation['lines']): { p: string; w: string; s: string }[] {
  const byPair = addTaken(new Map(), taken);
  return (row.figures ?? []).map((f) => ({
    p: f.p,
    w: f.w,
    s: decToString(new Decimal(f.s).minus(byPair.get(stockPairKey(f.p, f.w)) ?? 0)),
  }));
}

function reservationResult(
  sc: ServiceContext,
  draft: ReservationDraft,
  inserted: InsertedReservation,
  allocation: Allocation,
): ReservationResult {
  const reservation = Object.assign(new Reservation(), {
    id: inserted.id,
    createdAt: inserted.created_at,
    updatedAt: inserted.updated_at,
    company: sc.em.getReference(Company, sc.companyId),
    reference: draft.reference,
    channel: draft.channelId ? sc.em.getReference(Channel, draft.channelId) : null,
    state: ReservationState.ACTIVE,
    policy: draft.policy,
    expiresAt: draft.expiresAt,
    createdBy: draft.createdBy,
  });
  return {
    reservation,
    userErrors: allocation.shortfalls.map((e) => ({
      code: e.code,
      field: e.field,
      message: e.message,
      quantityAvailable: e.quantityAvailable,
    })),
  };
}

/**
 * The storefront's common case without BEGIN/COMMIT: a plan from the sourcing cache (or, on a
 * miss, from the snapshot read), then the locks and RESERVE as one implicit transaction shared
 * with the other requests of its group (the locks, the re-check, the insert and its audit entry
 * commit together, so no lock is held while an answer travels back). Null when the allocation is
 * short or stale, when the figures or catalog facts moved under it, when an earlier member of its
 * group no longer fitted, or when its group was refused or never sent: createReservation then
 * decides under the locks. Throws when the group's outcome is unknown (see GroupCommit).
 */
export async function createReservationAtOnce(
  sc: ServiceContext,
  input: ReservationCreateInput,
  audit: AuditEntryValues,
): Promise<ReservationResult | null> {
  if (sc.em.isInTransaction()) return null;
  const prepared = await prepareReservation(sc, input, true);
  const { optimistic, draft } = prepared;
  if (optimistic.stale || optimistic.shortfalls.length > 0 || optimistic.lines.length === 0) return null;
  const keys = stockLockKeys(prepared.pairs);
  const row = await reserveInGroup(sc, {
    keys,
    draft,
    allocation: optimistic,
    audit,
    facts: prepared.facts,
    kits: kitFacts(prepared.plans),
  });
  const inserted = row && insertedOf(row);
  if (row) sourcingCache(sc.em).rememberFigures(figuresAfter(row, inserted ? optimistic.lines : []));
  return inserted ? reservationResult(sc, draft, inserted, optimistic) : null;
}

/**
 * Holds stock without ever overselling, inside the caller's transaction: the products,
 * warehouses and figures are read in one statement without locks and allocated; then every
 * product x warehouse the request may take from is locked in one global order (so concurrent
 * multi-line requests cannot deadlock) and the reservation is inserted in the same round trip
 * if the figures, read again under the locks, still give the same allocation. Otherwise
 * (figures moved, or a line is short or stale) the request is allocated again on the locked
 * figures, the locks still held.
 */
export async function createReservation(sc: ServiceContext, input: ReservationCreateInput): Promise<ReservationResult> {
  if (!sc.em.isInTransaction()) {
    // The locks must outlive the first round trip (see reserveUnderLock).
    return sc.em.transactional((em) => createReservation({ ...sc, em: em as EntityManager }, input));
  }
  const { plans, pairs, draft, optimistic } = await prepareReservation(sc, input);
  const clean = !optimistic.stale && optimistic.shortfalls.length === 0;
  const locked = await reserveUnderLock(sc, pairs, draft, clean ? optimistic : null, kitFacts(plans));
  let allocation = optimistic;
  let inserted = locked.inserted;
  if (!inserted) {
    // Under the locks a kit cannot change (productKitSet takes them too): the plan's kits must still hold.
    await assertKitsUnchanged(sc, plans);
    allocation = allocate(plans, locked.figures);
    if (allocation.stale) throw allocation.stale;
    if (
      allocation.shortfalls.length &&
      (draft.policy === ReservationPolicy.ALL_OR_NOTHING || allocation.lines.length === 0)
    ) {
      throw new DomainErrors(allocation.shortfalls);
    }
    inserted = await insertReservation(sc, draft, allocation.lines);
  }
  return reservationResult(sc, draft, inserted, allocation);
}
