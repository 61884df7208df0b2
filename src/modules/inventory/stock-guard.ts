import { Decimal, decToString } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import { DomainError, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { lockStockPairs, stockPairKey } from './stock-locks';
import { HOLD_FIGURES } from './sql/hold-figures';
import { PAIR_HOLDERS } from './sql/pair-holders';
import { CUT_LINES, LINES_TO_SHORTEN, MARK_SHORT } from './sql/shorten-reservations';

export interface StockPair {
  productId: string;
  warehouseId: string;
}

/** The figures of a pair the guard compares, from the database function `stock_sellable`. */
interface HoldFigures {
  sku: string;
  warehouseCode: string;
  pickable: Decimal;
  reserved: Decimal;
  committed: Decimal;
  short: Decimal;
}

async function holdFigures(sc: ServiceContext, pairs: StockPair[]): Promise<Map<string, HoldFigures>> {
  const rows = await queryRows<{
    product_id: string;
    warehouse_id: string;
    sku: string;
    code: string;
    pickable: string;
    reserved: string;
    committed: string;
    short: string;
  }>(sc.em, HOLD_FIGURES, [[...new Set(pairs.map((p) => p.productId))], [...new Set(pairs.map((p) => p.warehouseId))]]);
  return new Map(
    rows.map((r) => [
      stockPairKey(r.product_id, r.warehouse_id),
      {
        sku: r.sku,
        warehouseCode: r.code,
        pickable: new Decimal(r.pickable),
        reserved: new Decimal(r.reserved),
        committed: new Decimal(r.committed),
        short: new Decimal(r.short),
      },
    ]),
  );
}

export interface HoldGuardOptions {
  /**
   * INSUFFICIENT_STOCK for goods leaving the warehouse (deliveries, shipments, returns to the
   * supplier), RESERVED_STOCK for losses (scrap, counts, moves to Damaged or Output).
   */
  codeOf: (pair: StockPair) => UserErrorCode.INSUFFICIENT_STOCK | UserErrorCode.RESERVED_STOCK;
  /** The input path a refusal names. */
  fieldOf: (pair: StockPair) => string[] | null;
  /** A loss accepted on purpose: the reservations it leaves uncovered become SHORT instead. */
  force?: boolean;
  /** The caller already holds the pairs' locks (postMoves takes them before picking). */
  locked?: boolean;
}

/** Reservations the pickable stock does not cover. */
const uncovered = (f: HoldFigures) => Decimal.max(0, f.reserved.minus(f.pickable));

/**
 * The one rule that keeps reservations and confirmed deliveries servable (DOMAIN.md invariant
 * 3), for every change that takes pickable stock (posting moves out of the pickable locations):
 * under the pairs' locks, `change` may leave neither more reservations uncovered nor more holds
 * short than before. Reservations come first: a confirmed delivery waiting for stock is short
 * (flagged, listed by stockShortages) but never takes a reservation's stock, and goods leaving
 * cannot take what other deliveries hold. A pair already short may still serve what it holds.
 * With `force` (a loss accepted on purpose), the newest reservations give up what the loss took
 * from them and become SHORT; deliveries left without stock show in `short`.
 */
export async function guardHolds<T>(
  sc: ServiceContext,
  pairs: StockPair[],
  change: () => Promise<T>,
  options: HoldGuardOptions,
): Promise<T> {
  if (pairs.length === 0) return change();
  if (!options.locked) await lockStockPairs(sc, pairs);
  const before = await holdFigures(sc, pairs);
  const result = await change();
  const after = await holdFigures(sc, pairs);
  const unique = [...new Map(pairs.map((p) => [stockPairKey(p.productId, p.warehouseId), p])).values()];
  for (const pair of unique) {
    const key = stockPairKey(pair.productId, pair.warehouseId);
    const was = before.get(key);
    const now = after.get(key);
    if (!was || !now) continue;
    const lost = uncovered(now).minus(uncovered(was));
    if (!lost.gt(0) && !now.short.gt(was.short)) continue;
    if (options.force) {
      await shortenReservations(sc, pair, lost);
      continue;
    }
    const code = options.codeOf(pair);
    const canGo = Decimal.max(0, was.pickable.minus(was.reserved).minus(was.committed));
    const held = was.reserved.plus(was.committed).gt(0) ? ` (${await holders(sc, pair)})` : '';
    const figures = `${decToString(was.pickable)} pickable, ${decToString(was.reserved)} reserved, ${decToString(was.committed)} committed to deliveries${held}`;
    if (code === UserErrorCode.INSUFFICIENT_STOCK) {
      throw new DomainError(
        code,
        options.fieldOf(pair),
        `${now.sku} in ${now.warehouseCode}: ${decToString(canGo)} can leave (${figures})`,
        decToString(canGo),
      );
    }
    throw new DomainError(
      code,
      options.fieldOf(pair),
      `${now.sku} in ${now.warehouseCode}: ${decToString(canGo)} can go without taking what is held (${figures}). Give force: true with a reasonCode to accept the loss: those reservations become SHORT`,
      decToString(canGo),
    );
  }
  return result;
}

/** The references of the reservations and transfers holding a pair, newest first, for a message. */
async function holders(sc: ServiceContext, pair: StockPair): Promise<string> {
  const rows = await queryRows<{ what: string; name: string }>(sc.em, PAIR_HOLDERS, [
    pair.productId,
    pair.warehouseId,
    pair.productId,
    pair.warehouseId,
  ]);
  const named = (what: string) =>
    rows
      .filter((r) => r.what === what)
      .map((r) => r.name)
      .join(', ');
  return [
    rows.some((r) => r.what === 'reservation') ? `reservations ${named('reservation')}` : null,
    rows.some((r) => r.what === 'transfer') ? `deliveries ${named('transfer')}` : null,
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * A forced loss: the newest reservations of the pair give up `missing` between them; each line
 * that gives something up records it in `shortQuantity` and its reservation becomes SHORT (the
 * outbox pushes the change on reservationChanged and the pair's figures).
 */
async function shortenReservations(sc: ServiceContext, pair: StockPair, missing: Decimal): Promise<void> {
  if (!missing.gt(0)) return;
  const lines = await queryRows<{ id: string; reservation_id: string; open: string }>(sc.em, LINES_TO_SHORTEN, [
    pair.productId,
    pair.warehouseId,
  ]);
  let left = missing;
  const cuts: { id: string; reservationId: string; cut: Decimal }[] = [];
  for (const line of lines) {
    if (left.isZero()) break;
    const cut = Decimal.min(left, line.open);
    cuts.push({ id: line.id, reservationId: line.reservation_id, cut });
    left = left.minus(cut);
  }
  if (cuts.length === 0) return;
  await queryRows(sc.em, CUT_LINES, [cuts.map((c) => c.id), cuts.map((c) => c.cut.toFixed())]);
  await queryRows(sc.em, MARK_SHORT, [[...new Set(cuts.map((c) => c.reservationId))]]);
}

/** `force` of an input, which needs a reason code: a loss accepted on purpose says why. */
export function forceOf(input: { force?: boolean | null; reasonCode?: string | null }, path: string[]): boolean {
  if (input.force && !input.reasonCode) {
    throw new DomainError(
      UserErrorCode.INVALID,
      [...path, 'reasonCode'],
      `${[...path, 'reasonCode'].join('.')}: give a reason code with force`,
    );
  }
  return !!input.force;
}
