import { UserErrorCode } from '../../domain/errors';
import { DomainError } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Decimal, decToString } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import { ProductTracking } from '../catalog/catalog.enums';
import type { Product } from '../catalog/product.entity';
import { MoveState } from './inventory.enums';
import type { Location } from './location.entity';
import { LocationType, ON_HAND_TYPES } from './location-type.enum';
import { movesPosted } from './posting-hooks';
import { guardHolds, type StockPair } from './stock-guard';
import { lockStockPairs } from './stock-locks';
import { pickSources } from './stock-pick';
import type { StockMove } from './stock-move.entity';
import { APPLY_QUANT_DELTAS } from './sql/apply-quant-deltas';

interface QuantDelta {
  product: Product;
  location: Location;
  lot: string;
  delta: Decimal;
  field: string[] | null;
}

export interface PostOptions {
  /** Input path of each move, so that a stock failure names the line that caused it. */
  fieldOf?: (move: StockMove) => string[] | null;
  at?: Date;
  /** Accept a loss that leaves reservations uncovered (they become SHORT); see guardHolds. */
  force?: boolean;
  /** The caller already runs this posting inside guardHolds over the same moves (createTransfer). */
  guarded?: boolean;
  /**
   * Each move takes from its own source location, not from the locations below it (the removal
   * order of stock-pick.ts): a count or a set quantity names the quant it changes.
   */
  exactSources?: boolean;
}

/** Whether stock at this location is pickable (feeds sales and deliveries). */
const pickable = (location: Location) => location.sellable && location.type === LocationType.INTERNAL;

/**
 * The product x warehouse pairs whose pickable stock the moves take (or, confirmed, will take):
 * from a pickable location to anywhere but another pickable location of the same warehouse.
 */
export function pairsTakingPickable(moves: StockMove[]): (StockPair & { move: StockMove })[] {
  return moves
    .filter((m) => {
      const source = m.source.getEntity();
      const destination = m.destination.getEntity();
      return (
        pickable(source) &&
        source.warehouse &&
        !(pickable(destination) && destination.warehouse?.id === source.warehouse.id)
      );
    })
    .map((m) => ({ productId: m.product.id, warehouseId: m.source.getEntity().warehouse!.id, move: m }));
}

/** INSUFFICIENT_STOCK when goods leave the warehouse, RESERVED_STOCK for a loss inside it. */
export function holdCode(moves: StockMove[], pair: StockPair) {
  const leaves = moves.some(
    (m) =>
      m.product.id === pair.productId &&
      m.source.getEntity().warehouse?.id === pair.warehouseId &&
      LEAVING_TYPES.includes(m.destination.getEntity().type),
  );
  return leaves ? UserErrorCode.INSUFFICIENT_STOCK : UserErrorCode.RESERVED_STOCK;
}

/**
 * The one writer of quants (Odoo's `_update_available_quantity`, Saleor's `management.py`):
 * marks the moves DONE and applies them to quants in the same transaction.
 *
 * Every quant row is touched in one global order (product, location, lot), by one set-based
 * upsert per posting (sql/apply-quant-deltas.ts), so concurrent multi-line postings cannot
 * deadlock and a posting's statements do not grow with its lines. A decrease of on-hand stock is
 * checked on the row's new quantity, read under the row's lock: two concurrent moves can never
 * take the same unit, and a refused one fails the transaction.
 */
export async function postMoves(sc: ServiceContext, given: StockMove[], options: PostOptions = {}): Promise<void> {
  const at = options.at ?? new Date();
  for (const move of given) {
    if (move.state === MoveState.DONE || move.state === MoveState.CANCELLED) {
      throw new DomainError(UserErrorCode.INVALID_STATE, null, `move ${move.id} is already ${move.state}`);
    }
  }
  // Everything that takes from pickable stock is serialized with reservations (stock-locks.ts),
  // before the removal order reads where the goods are.
  await lockStockPairs(
    sc,
    given
      .filter((m) => pickable(m.source.getEntity()) && m.source.getEntity().warehouse)
      .map((m) => ({ productId: m.product.id, warehouseId: m.source.getEntity().warehouse!.id })),
  );
  const { moves, splitFrom } = options.exactSources
    ? { moves: given, splitFrom: new Map<StockMove, StockMove>() }
    : await pickSources(sc, given);
  const fieldOf = (move: StockMove) => options.fieldOf?.(splitFrom.get(move) ?? move) ?? null;
  const taking = options.guarded ? [] : pairsTakingPickable(moves);
  await guardHolds(sc, taking, () => applyMoves(sc, moves, fieldOf, at), {
    codeOf: (pair) => holdCode(moves, pair),
    fieldOf: (pair) => fieldOf(taking.find((t) => t.productId === pair.productId)!.move),
    force: options.force,
    locked: true,
  });
  // The books follow the goods in the same transaction (DOMAIN.md: perpetual inventory).
  await movesPosted(sc, moves, at);
}

/** Marks the moves DONE and applies them to the quants. */
async function applyMoves(
  sc: ServiceContext,
  moves: StockMove[],
  fieldOf: (move: StockMove) => string[] | null,
  at: Date,
): Promise<void> {
  const deltas = new Map<string, QuantDelta>();
  const add = (move: StockMove, location: Location, delta: Decimal) => {
    const product = move.product.getEntity();
    const key = `${product.id}|${location.id}|${move.lot}`;
    const entry = deltas.get(key);
    if (entry) entry.delta = entry.delta.plus(delta);
    else deltas.set(key, { product, location, lot: move.lot, delta, field: fieldOf(move) });
  };
  for (const move of moves) {
    const quantity = new Decimal(move.quantity);
    add(move, move.source.getEntity(), quantity.negated());
    add(move, move.destination.getEntity(), quantity);
    move.state = MoveState.DONE;
    move.effectiveDate = at;
    move.doneBy = sc.actor;
  }
  await sc.em.flush();

  const ordered = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
  await applyQuantDeltas(sc, ordered);
  await assertSerialsUnique(sc, ordered);
}

const LEAVING_TYPES: readonly LocationType[] = [LocationType.CUSTOMER, LocationType.TRANSIT, LocationType.SUPPLIER];

/** A serial number is unique per product: at most one unit of it on hand, whichever the warehouse. */
async function assertSerialsUnique(sc: ServiceContext, deltas: QuantDelta[]): Promise<void> {
  const serials = deltas.filter((d) => d.product.tracking === ProductTracking.SERIAL && d.delta.isPositive() && d.lot);
  for (const d of serials) {
    // Two receipts of one serial into different locations would not touch the same quant row.
    await sc.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`serial:${d.product.id}:${d.lot}`]);
    const [row] = await sc.em.execute<{ total: string | null }[]>(
      `select sum(q.quantity) as total from quant q join location l on l.id = q.location_id
        where q.product_id = ? and q.lot = ? and l.type in ('INTERNAL', 'QUALITY', 'DAMAGED')`,
      [d.product.id, d.lot],
    );
    if (new Decimal(row?.total ?? 0).gt(1)) {
      throw new DomainError(
        UserErrorCode.TAKEN,
        d.field,
        `${d.product.sku} serial ${d.lot} is already in stock; a serial number holds one unit`,
      );
    }
  }
}

/**
 * Applies the deltas to their quants in one statement, in the order given (the global order), and
 * refuses a decrease that would take an on-hand quant below zero: the statement writes it, the
 * check reads its answer, and the refusal fails the transaction, so it is never committed. The
 * number of statements does not grow with the quants (a count of 250 items is one statement).
 */
async function applyQuantDeltas(sc: ServiceContext, ordered: QuantDelta[]): Promise<void> {
  const changed = ordered.filter((d) => !d.delta.isZero());
  if (changed.length === 0) return;
  const rows = await queryRows<{ product_id: string; location_id: string; lot: string; quantity: string }>(
    sc.em,
    APPLY_QUANT_DELTAS,
    [
      sc.companyId,
      changed.map((d) => d.product.id),
      changed.map((d) => d.location.id),
      changed.map((d) => d.location.warehouse?.id ?? null) as string[],
      changed.map((d) => d.lot),
      changed.map((d) => d.delta.toFixed()),
    ],
  );
  const after = new Map(rows.map((r) => [`${r.product_id}|${r.location_id}|${r.lot}`, new Decimal(r.quantity)]));
  for (const d of changed) {
    if (!ON_HAND_TYPES.includes(d.location.type)) continue;
    const quantity = after.get(`${d.product.id}|${d.location.id}|${d.lot}`)!;
    if (d.delta.isNegative() && quantity.isNegative()) {
      const available = decToString(quantity.minus(d.delta));
      const what = d.lot
        ? `${d.product.sku} ${d.product.tracking === ProductTracking.SERIAL ? 'serial' : 'lot'} ${d.lot}`
        : d.product.sku;
      throw new DomainError(
        UserErrorCode.INSUFFICIENT_STOCK,
        d.field,
        `${what}: ${decToString(d.delta.negated())} needed in ${d.location.fullName}, ${available} available`,
        available,
      );
    }
    if (d.product.tracking === ProductTracking.SERIAL && d.delta.isPositive() && quantity.gt(1)) {
      throw new DomainError(
        UserErrorCode.TAKEN,
        d.field,
        `${d.product.sku} serial ${d.lot} is already in ${d.location.fullName}; a serial number holds one unit`,
      );
    }
  }
}
