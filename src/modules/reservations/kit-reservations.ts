import { Decimal, decToString } from '../../db/decimal';
import { DomainError, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { kitUnits } from '../inventory/kit-figures';
import { stockPairKey } from '../inventory/stock-locks';
import { queryRows } from '../../db/sql';
import type { ReservationSnapshot, WarehouseRef } from './sourcing-cache';

/** What a kit line's allocation reads of its plan (reservation.service's LinePlan). */
interface KitLinePlan {
  line: { quantity: string; expectedAvailable?: string };
  path: string[];
  productId: string;
  sku: string;
  candidates: WarehouseRef[];
  quantity: Decimal;
  components: KitPart[] | null;
}

type Remaining = Map<string, Decimal>;

/**
 * Reservations of kits (issue 22). A kit line is planned as its components: in each of the line's
 * warehouses, in order, as many whole kits as the components' figures there allow
 * (kit-figures.ts), each kit taking its components from one warehouse. The component lines go
 * through the one reservation path (the same pair locks in the same global order, the same
 * statement under them), so a component sold on its own, and every kit sharing it, compete for the
 * same units. Each component line keeps its kit and the whole kits it holds; releasing, expiring
 * or fulfilling the reservation acts on the components.
 */

/** One component of a kit line: the component product and its quantity in one kit. */
export interface KitPart {
  productId: string;
  sku: string;
  quantity: Decimal;
}

/** A line the allocation takes; a component line of a kit names the kit and the whole kits it serves. */
export interface AllocatedLine {
  productId: string;
  warehouseId: string;
  quantity: Decimal;
  kitId?: string | null;
  kitQuantity?: Decimal | null;
}

/**
 * The components of the line's product when it is a kit (null otherwise), from the snapshot.
 * Kits are sold whole, and every component must be active.
 */
export function kitPartsOf(
  product: { id: string; sku: string },
  snapshot: ReservationSnapshot,
  line: { quantity: string },
  path: string[],
  problems: DomainError[],
): KitPart[] | null {
  const rows = (snapshot.kits ?? []).filter((k) => k.kit === product.id);
  if (rows.length === 0) return null;
  const archived = rows.filter((r) => !r.active).map((r) => r.sku);
  if (archived.length) {
    problems.push(
      new DomainError(
        UserErrorCode.INVALID,
        path,
        `${path.join('.')}: kit ${product.sku} has archived components (${archived.join(', ')}); it cannot be reserved`,
      ),
    );
  }
  if (!new Decimal(line.quantity).isInteger()) {
    problems.push(
      new DomainError(
        UserErrorCode.INVALID,
        [...path, 'quantity'],
        `${path.join('.')}.quantity: ${product.sku} is a kit, sold in whole kits; ${line.quantity} is not whole`,
      ),
    );
  }
  return rows.map((r) => ({ productId: r.id, sku: r.sku, quantity: new Decimal(r.quantity) }));
}

/**
 * Allocates one kit line against the running figures (allocate's part for kits): whole kits per
 * warehouse in order, recording what the outcome depended on for the check under the locks (the
 * exact figures of every component where the line was short or checked `expectedAvailable`, a
 * lower bound where it was served in full).
 */
export function allocateKit(
  plan: KitLinePlan,
  remaining: Remaining,
  assume: (key: string, exact: boolean, taken: Decimal) => void,
  lines: AllocatedLine[],
): { stale: DomainError | null; shortfall: DomainError | null } {
  const parts = plan.components!;
  const kitsAt = (warehouseId: string) =>
    kitUnits(
      parts.map((c) => ({
        figure: Decimal.max(0, remaining.get(stockPairKey(c.productId, warehouseId)) ?? 0),
        quantity: c.quantity,
      })),
    );
  const availableHere = plan.candidates.reduce((sum, w) => sum.plus(kitsAt(w.id)), new Decimal(0));
  if (plan.line.expectedAvailable != null) {
    for (const w of plan.candidates)
      for (const c of parts) assume(stockPairKey(c.productId, w.id), true, new Decimal(0));
    if (!availableHere.eq(plan.line.expectedAvailable)) {
      return {
        stale: new DomainError(
          UserErrorCode.STALE,
          [...plan.path, 'expectedAvailable'],
          `${plan.path.join('.')}: ${plan.sku} has ${decToString(availableHere)} available, not ${plan.line.expectedAvailable}; nothing was reserved`,
          decToString(availableHere),
        ),
        shortfall: null,
      };
    }
  }
  let wanted = plan.quantity;
  for (const w of plan.candidates) {
    const take = Decimal.min(wanted, kitsAt(w.id));
    for (const c of parts) {
      const key = stockPairKey(c.productId, w.id);
      const quantity = take.times(c.quantity);
      assume(key, take.lt(wanted), Decimal.max(quantity, 0));
      if (take.gt(0)) {
        remaining.set(key, (remaining.get(key) ?? new Decimal(0)).minus(quantity));
        lines.push({ productId: c.productId, warehouseId: w.id, quantity, kitId: plan.productId, kitQuantity: take });
      }
    }
    wanted = wanted.minus(Decimal.max(take, 0));
    if (wanted.lte(0)) break;
  }
  if (wanted.gt(0)) {
    return {
      stale: null,
      shortfall: new DomainError(
        UserErrorCode.INSUFFICIENT_STOCK,
        plan.path,
        `${plan.path.join('.')}: ${plan.sku}: ${plan.line.quantity} asked, ${decToString(availableHere)} available (whole kits)`,
        decToString(availableHere),
      ),
    };
  }
  return { stale: null, shortfall: null };
}

/** A kit as a plan expanded it: its components and quantities, as RESERVE compares them. */
export interface KitFact {
  kitId: string;
  /** `component:quantity` pairs in component id order, as RESERVE writes them from kit_component. */
  components: string;
}

/** The kits of the plans, for RESERVE to check under the locks (a changed kit makes the member stale). */
export function kitFacts(plans: KitLinePlan[]): KitFact[] {
  const facts = new Map<string, KitFact>();
  for (const plan of plans) {
    if (!plan.components) continue;
    const parts = [...plan.components].sort((a, b) => (a.productId < b.productId ? -1 : 1));
    facts.set(plan.productId, {
      kitId: plan.productId,
      components: parts.map((c) => `${c.productId}:${decToString(c.quantity)}`).join(','),
    });
  }
  return [...facts.values()];
}

/**
 * Checks, under the pair locks, that the kits are still the ones planned (productKitSet takes the
 * locks of a kit's components too, so what is read here holds until the commit); a kit changed
 * since the snapshot answers STALE rather than hold the wrong goods.
 */
export async function assertKitsUnchanged(sc: ServiceContext, plans: KitLinePlan[]): Promise<void> {
  const kits = plans.filter((p) => p.components);
  if (kits.length === 0) return;
  const rows = await queryRows<{ kit_id: string; component_id: string; quantity: string }>(
    sc.em,
    `select kit_id, component_id, quantity::text from kit_component where kit_id = any(?::uuid[])`,
    [[...new Set(kits.map((p) => p.productId))]],
  );
  for (const plan of kits) {
    const now = rows.filter((r) => r.kit_id === plan.productId);
    const same =
      now.length === plan.components!.length &&
      plan.components!.every((c) => now.some((r) => r.component_id === c.productId && c.quantity.eq(r.quantity)));
    if (!same) {
      throw new DomainError(
        UserErrorCode.STALE,
        plan.path,
        `${plan.path.join('.')}: kit ${plan.sku} changed while it was being reserved; nothing was reserved, try again`,
      );
    }
  }
}
