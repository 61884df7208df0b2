import { UserErrorCode } from '../../domain/errors';
import { DomainError } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Decimal, decToString } from '../../db/decimal';
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
import { increaseQuantsSql } from './sql/increase-quants';

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
 * Every quant row is touched in one global order (product, location, lot), so concurrent
 * multi-line postings cannot deadlock. A decrease of on-hand stock is a conditional UPDATE
 * (`quantity + delta >= 0`): PostgreSQL re-checks the condition on the row it locked, so two
 * concurrent moves can never take the same unit.
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
  const { moves, splitFrom } = await pickSources(sc, given);
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
  // Consecutive increases go in one multi-row upsert, which PostgreSQL applies in VALUES order,
  // so the global lock order holds; a receipt of 50 lines is one statement instead of 100.
  let batch: QuantDelta[] = [];
  for (const d of ordered) {
    if (d.delta.isZero()) continue;
    if (ON_HAND_TYPES.includes(d.location.type) && d.delta.isNegative()) {
      await increase(sc, batch);
      batch = [];
      await decrease(sc, d);
    } else batch.push(d);
  }
  await increase(sc, batch);
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

async function decrease(sc: ServiceContext, d: QuantDelta): Promise<void> {
  const rows = await sc.em.execute<{ quantity: string }[]>(
    `update quant set quantity = quantity + ?, updated_at = now()
      where product_id = ? and location_id = ? and lot = ? and quantity + ? >= 0
      returning quantity`,
    [d.delta.toFixed(), d.product.id, d.location.id, d.lot, d.delta.toFixed()],
  );
  if (rows.length === 1) return;
  const [current] = await sc.em.execute<{ quantity: string }[]>(
    'select quantity from quant where product_id = ? and location_id = ? and lot = ?',
    [d.product.id, d.location.id, d.lot],
  );
  const available = decToString(current?.quantity ?? '0');
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

async function increase(sc: ServiceContext, batch: QuantDelta[]): Promise<void> {
  if (batch.length === 0) return;
  const rows = await sc.em.execute<{ product_id: string; location_id: string; lot: string; quantity: string }[]>(
    increaseQuantsSql(batch.length),
    batch.flatMap((d) => [
      sc.companyId,
      d.product.id,
      d.location.id,
      d.location.warehouse?.id ?? null,
      d.lot,
      d.delta.toFixed(),
    ]),
  );
  for (const d of batch) {
    if (d.product.tracking !== ProductTracking.SERIAL || !ON_HAND_TYPES.includes(d.location.type)) continue;
    const row = rows.find((r) => r.product_id === d.product.id && r.location_id === d.location.id && r.lot === d.lot);
    if (row && new Decimal(row.quantity).gt(1)) {
      throw new DomainError(
        UserErrorCode.TAKEN,
        d.field,
        `${d.product.sku} serial ${d.lot} is already in ${d.location.fullName}; a serial number holds one unit`,
      );
    }
  }
}
