import { randomUUID } from 'node:crypto';
import { Decimal } from '../../db/decimal';
import { queryPrepared } from '../../db/sql';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { productConflict, warehouseConflict } from '../inventory/inventory.lookup';
import { stockPairKey } from '../inventory/stock-locks';
import { bufferIn } from './channel-buffers';
import { allocate, type Allocation, type LinePlan, type Remaining } from './allocation';
import { kitPartsOf } from './kit-reservations';
import { ReservationPolicy } from './reservation.enums';
import type { ReservationCreateInput } from './reservation.inputs';
import { type ReservationSnapshot, sourcingCache, type WarehouseRef } from './sourcing-cache';
import { RESERVATION_SNAPSHOT } from './sql/reservation-snapshot';

// Planning a reservation before any lock: read (or recall) the catalog facts and figures, resolve
// the lines, allocate. Nothing here writes; reservation-commit.ts decides under the locks.

/** The expiry a reservation request asks for (expiresAt or ttlSeconds), or null for none. */
export function expiryOf(input: { expiresAt?: Date; ttlSeconds?: number }, field: string[]): Date | null {
  if (input.expiresAt && input.ttlSeconds)
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: give expiresAt or ttlSeconds, not both`);
  if (input.ttlSeconds) return new Date(Date.now() + input.ttlSeconds * 1000);
  if (input.expiresAt) {
    if (input.expiresAt.getTime() <= Date.now())
      fail(UserErrorCode.INVALID, [...field, 'expiresAt'], `${field.join('.')}.expiresAt is in the past`);
    return input.expiresAt;
  }
  return null;
}

async function reservationSnapshot(sc: ServiceContext, input: ReservationCreateInput): Promise<ReservationSnapshot> {
  const skus = input.lines.filter((l) => !l.productId && l.sku).map((l) => l.sku!);
  const productIds = input.lines.filter((l) => l.productId && isUuid(l.productId)).map((l) => l.productId!);
  const codes = input.lines.filter((l) => l.warehouseCode).map((l) => l.warehouseCode!.toUpperCase());
  const warehouseIds = input.lines.filter((l) => l.warehouseId && isUuid(l.warehouseId)).map((l) => l.warehouseId!);
  const [row] = await queryPrepared<ReservationSnapshot>(
    sc.em,
    'stockline_reservation_snapshot_v3',
    RESERVATION_SNAPSHOT,
    [
      sc.companyId,
      input.channel ?? null,
      sc.companyId,
      input.channel ?? null,
      sc.companyId,
      codes,
      warehouseIds,
      sc.companyId,
      skus,
      productIds,
    ],
  );
  return row;
}

/** The request's lines resolved against the snapshot; every unknown product or warehouse is reported at once. */
function planLines(input: ReservationCreateInput, snapshot: ReservationSnapshot): LinePlan[] {
  const channel = input.channel ? snapshot.channel_warehouses : null;
  const all = channel ?? snapshot.all_warehouses;
  const problems: DomainError[] = [];
  const plans = input.lines.map((line, index) => {
    const path = ['input', 'lines', String(index)];
    const product = snapshot.products.find((p) => (line.productId ? p.id === line.productId : p.sku === line.sku));
    if (!line.sku && !line.productId)
      problems.push(new DomainError(UserErrorCode.INVALID, path, `${path.join('.')}: give sku or productId`));
    else if (!product || !product.active) {
      const field = [...path, line.productId ? 'productId' : 'sku'];
      problems.push(
        new DomainError(
          UserErrorCode.NOT_FOUND,
          field,
          `${field.join('.')}: no active product ${line.productId ?? line.sku}`,
        ),
      );
    } else {
      const conflict = productConflict(line, product, path);
      if (conflict) problems.push(conflict);
    }
    let candidates: WarehouseRef[] = all;
    if (line.warehouseCode || line.warehouseId) {
      const warehouse = snapshot.named.find((w) =>
        line.warehouseId ? w.id === line.warehouseId : w.code === line.warehouseCode!.toUpperCase(),
      );
      const field = [...path, line.warehouseId ? 'warehouseId' : 'warehouseCode'];
      if (!warehouse || !warehouse.active) {
        problems.push(
          new DomainError(
            UserErrorCode.NOT_FOUND,
            field,
            `${field.join('.')}: no active warehouse ${line.warehouseId ?? line.warehouseCode}`,
          ),
        );
        candidates = [];
      } else if (warehouseConflict({ id: line.warehouseId, code: line.warehouseCode }, warehouse, field)) {
        problems.push(warehouseConflict({ id: line.warehouseId, code: line.warehouseCode }, warehouse, field)!);
        candidates = [];
      } else if (channel && !channel.some((w) => w.id === warehouse.id)) {
        problems.push(
          new DomainError(
            UserErrorCode.INVALID,
            field,
            `${field.join('.')}: channel ${input.channel} does not sell from ${warehouse.code}`,
          ),
        );
        candidates = [];
      } else candidates = [{ id: warehouse.id, code: warehouse.code }];
    }
    const components = product ? kitPartsOf(product, snapshot, line, path, problems) : null;
    return {
      line,
      path,
      productId: product?.id ?? '',
      sku: product?.sku ?? '',
      candidates,
      quantity: new Decimal(line.quantity),
      components,
    };
  });
  if (problems.length) throw new DomainErrors(problems);
  return plans;
}

/** The reservation to insert, its values chosen before the statement runs. */
export interface ReservationDraft {
  /** Chosen before the insert, so that a group's statement can tell whose reservation is whose. */
  id: string;
  companyId: string;
  reference: string;
  channelId: string | null;
  policy: ReservationPolicy;
  expiresAt: Date | null;
  createdBy: string;
}

/**
 * The catalog facts a plan relies on, for RESERVE to check under the locks when the plan was made
 * from the sourcing cache: each product (by id, with the SKU its line named) and each named
 * warehouse is still active, the channel still has this code and active warehouses in this
 * order, and, without a channel, the active warehouses are still these. (Buffers need no fact:
 * RESERVE reads them itself, and the allocation's assumptions catch a plan they change.)
 */
export interface SourcingFacts {
  products: { id: string; sku: string | null }[];
  warehouses: { id: string; code: string | null }[];
  channel: { code: string; warehouseIds: string[] } | null;
  allWarehouseIds: string[] | null;
}

function sourcingFacts(input: ReservationCreateInput, snapshot: ReservationSnapshot, plans: LinePlan[]): SourcingFacts {
  const warehouses = input.lines.flatMap((line, i) =>
    line.warehouseId || line.warehouseCode
      ? [{ id: plans[i].candidates[0].id, code: line.warehouseId ? null : plans[i].candidates[0].code }]
      : [],
  );
  return {
    products: plans.map((plan) => ({ id: plan.productId, sku: plan.line.productId ? null : plan.sku })),
    warehouses,
    channel: input.channel ? { code: input.channel, warehouseIds: snapshot.channel_warehouses.map((w) => w.id) } : null,
    allWarehouseIds:
      !input.channel && warehouses.length < input.lines.length ? snapshot.all_warehouses.map((w) => w.id) : null,
  };
}

export interface PreparedReservation {
  plans: LinePlan[];
  pairs: { productId: string; warehouseId: string }[];
  draft: ReservationDraft;
  optimistic: Allocation;
  /** Set when the plan was made from the sourcing cache: what RESERVE must find still true. */
  facts: SourcingFacts | null;
}

/**
 * Reads the snapshot, resolves the lines and allocates on the snapshot's figures (no lock yet).
 * The storefront's path (`fromCache`) first tries the sourcing cache, and takes the read only
 * when something is missing there or the cached facts do not make a plan (an error is always
 * decided on a fresh read).
 */
export async function prepareReservation(
  sc: ServiceContext,
  input: ReservationCreateInput,
  fromCache = false,
): Promise<PreparedReservation> {
  const expiresAt = expiryOf(input, ['input']);
  const cache = sourcingCache(sc.em);
  const cached = fromCache ? cache.snapshot(sc.companyId, input) : null;
  if (cached) {
    try {
      return planReservation(sc, input, expiresAt, cached, true);
    } catch (error) {
      if (!(error instanceof DomainError || error instanceof DomainErrors)) throw error;
    }
  }
  const snapshot = await reservationSnapshot(sc, input);
  cache.remember(sc.companyId, input, snapshot);
  return planReservation(sc, input, expiresAt, snapshot, false);
}

function planReservation(
  sc: ServiceContext,
  input: ReservationCreateInput,
  expiresAt: Date | null,
  snapshot: ReservationSnapshot,
  cached: boolean,
): PreparedReservation {
  const policy = input.policy ?? ReservationPolicy.ALL_OR_NOTHING;
  if (input.channel && !snapshot.channel) {
    fail(UserErrorCode.NOT_FOUND, ['input', 'channel'], `input.channel: no channel ${input.channel}`);
  }
  const plans = planLines(input, snapshot);
  // Each product less its own buffer on the channel (channel-buffers.ts), none without one.
  const buffers = new Map((snapshot.buffers ?? []).map((b) => [b.p, new Decimal(b.b)]));
  const figures: Remaining = new Map(
    snapshot.figures.map((f) => [
      stockPairKey(f.p, f.w),
      Decimal.max(0, new Decimal(f.s).minus(snapshot.channel ? bufferIn(buffers, f.p) : 0)),
    ]),
  );
  return {
    plans,
    // A kit line locks and reads its components' pairs (kit-reservations.ts).
    pairs: plans.flatMap((p) =>
      (p.components?.map((c) => c.productId) ?? [p.productId]).flatMap((productId) =>
        p.candidates.map((w) => ({ productId, warehouseId: w.id })),
      ),
    ),
    draft: {
      id: randomUUID(),
      companyId: sc.companyId,
      reference: input.reference,
      channelId: snapshot.channel?.id ?? null,
      policy,
      expiresAt,
      createdBy: sc.actor,
    },
    optimistic: allocate(plans, figures),
    facts: cached ? sourcingFacts(input, snapshot, plans) : null,
  };
}
