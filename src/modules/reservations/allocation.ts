import { Decimal, decToString } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import { stockPairKey } from '../inventory/stock-locks';
import type { ReservationCreateInput } from './reservation.inputs';
import type { WarehouseRef } from './sourcing-cache';
import { type AllocatedLine, allocateKit, type KitPart } from './kit-reservations';

// Pure allocation of a reservation's lines to warehouses: no database, no clock (test/unit/allocation.test.ts).

/** One line of the request, resolved: the product and the warehouses it may take from, in order. */
export interface LinePlan {
  line: ReservationCreateInput['lines'][number];
  path: string[];
  productId: string;
  sku: string;
  candidates: WarehouseRef[];
  quantity: Decimal;
  /** Set when the product is a kit: the line reserves these components (kit-reservations.ts). */
  components: KitPart[] | null;
}

/** What the request may take from each product x warehouse: sellable less the product's buffer on the channel (channel-buffers.ts). */
export type Remaining = Map<string, Decimal>;

/**
 * What the outcome of an allocation depended on, per pair: the exact figure (where a line was
 * short, or checked `expectedAvailable`) or a lower bound (where every line that reached the
 * pair was served in full). Under any figures meeting these conditions the allocation is the same.
 */
type Assumptions = Map<string, { exact: Decimal | null; atLeast: Decimal }>;

export interface Allocation {
  lines: AllocatedLine[];
  shortfalls: DomainError[];
  stale: DomainError | null;
  assumptions: Assumptions;
}

/**
 * Allocates line by line against a running total (so the same SKU on two lines is checked as a
 * whole), following each line's warehouses in order. Pure: the caller decides on which figures.
 */
export function allocate(plans: LinePlan[], figures: Remaining): Allocation {
  const remaining: Remaining = new Map(figures);
  const assumptions: Assumptions = new Map();
  const assume = (key: string, exact: boolean, taken: Decimal) => {
    const a = assumptions.get(key) ?? { exact: null, atLeast: new Decimal(0) };
    if (exact) a.exact = figures.get(key) ?? new Decimal(0);
    a.atLeast = a.atLeast.plus(taken);
    assumptions.set(key, a);
  };
  const lines: Allocation['lines'] = [];
  const shortfalls: DomainError[] = [];
  for (const plan of plans) {
    if (plan.components) {
      const outcome = allocateKit(plan, remaining, assume, lines);
      if (outcome.stale) return { lines, shortfalls, stale: outcome.stale, assumptions };
      if (outcome.shortfall) shortfalls.push(outcome.shortfall);
      continue;
    }
    const keys = plan.candidates.map((w) => stockPairKey(plan.productId, w.id));
    const availableHere = keys.reduce((sum, key) => sum.plus(remaining.get(key) ?? 0), new Decimal(0));
    if (plan.line.expectedAvailable != null) {
      for (const key of keys) assume(key, true, new Decimal(0));
      if (!availableHere.eq(plan.line.expectedAvailable)) {
        const stale = new DomainError(
          UserErrorCode.STALE,
          [...plan.path, 'expectedAvailable'],
          `${plan.path.join('.')}: ${plan.sku} has ${decToString(availableHere)} available, not ${plan.line.expectedAvailable}; nothing was reserved`,
          decToString(availableHere),
        );
        return { lines, shortfalls, stale, assumptions };
      }
    }
    let wanted = plan.quantity;
    for (const [i, key] of keys.entries()) {
      const here = remaining.get(key) ?? new Decimal(0);
      const take = Decimal.min(wanted, here);
      assume(key, take.lt(wanted), Decimal.max(take, 0));
      if (take.gt(0)) {
        remaining.set(key, here.minus(take));
        lines.push({ productId: plan.productId, warehouseId: plan.candidates[i].id, quantity: take });
        wanted = wanted.minus(take);
      }
      if (wanted.isZero()) break;
    }
    if (wanted.gt(0)) {
      shortfalls.push(
        new DomainError(
          UserErrorCode.INSUFFICIENT_STOCK,
          plan.path,
          `${plan.path.join('.')}: ${plan.sku}: ${plan.line.quantity} asked, ${decToString(availableHere)} available`,
          decToString(availableHere),
        ),
      );
    }
  }
  return { lines, shortfalls, stale: null, assumptions };
}

/** Adds what the lines take to the running totals per pair; returns the totals. */
export function addTaken(totals: Map<string, Decimal>, lines: Allocation['lines']): Map<string, Decimal> {
  for (const line of lines) {
    const key = stockPairKey(line.productId, line.warehouseId);
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(line.quantity));
  }
  return totals;
}
