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
import { stockFigures } from './stock-level.service';
import { lockStockPairs } from './stock-locks';
import type { StockMove } from './stock-move.entity';

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
export async function postMoves(sc: ServiceContext, moves: StockMove[], options: PostOptions = {}): Promise<void> {
  const at = options.at ?? new Date();
  const deltas = new Map<string, QuantDelta>();
  const add = (move: StockMove, location: Location, delta: Decimal) => {
    const product = move.product.getEntity();
    const key = `${product.id}|${location.id}|${move.lot}`;
    const entry = deltas.get(key);
    if (entry) entry.delta = entry.delta.plus(delta);
    else deltas.set(key, { product, location, lot: move.lot, delta, field: options.fieldOf?.(move) ?? null });
  };
  for (const move of moves) {
    if (move.state === MoveState.DONE || move.state === MoveState.CANCELLED) {
      throw new DomainError(UserErrorCode.INVALID_STATE, null, `move ${move.id} is already ${move.state}`);
    }
    const quantity = new Decimal(move.quantity);
    add(move, move.source.getEntity(), quantity.negated());
    add(move, move.destination.getEntity(), quantity);
    move.state = MoveState.DONE;
    move.effectiveDate = at;
    move.doneBy = sc.actor;
  }
  // Goods leaving the warehouse must not take stock that reservations hold.
  const leaving = moves.filter(
    (m) =>
      m.source.getEntity().type === LocationType.INTERNAL &&
      LEAVING_TYPES.includes(m.destination.getEntity().type) &&
      m.source.getEntity().warehouse,
  );
  const guarded = leaving.map((m) => ({ productId: m.product.id, warehouseId: m.source.getEntity().warehouse!.id }));
  await lockStockPairs(sc, guarded);
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
  if (guarded.length) await assertReservationsCovered(sc, leaving, options);
  // The books follow the goods in the same transaction (DOMAIN.md: perpetual inventory).
  await movesPosted(sc, moves, at);
}

const LEAVING_TYPES: readonly LocationType[] = [LocationType.CUSTOMER, LocationType.TRANSIT, LocationType.SUPPLIER];

async function assertReservationsCovered(
  sc: ServiceContext,
  leaving: StockMove[],
  options: PostOptions,
): Promise<void> {
  const figures = await stockFigures(sc, {
    productIds: [...new Set(leaving.map((m) => m.product.id))],
    warehouseIds: [...new Set(leaving.map((m) => m.source.getEntity().warehouse!.id))],
  });
  for (const row of figures) {
    const free = new Decimal(row.on_hand).minus(row.quality_hold).minus(row.damaged).minus(row.reserved);
    if (free.isNegative()) {
      const move = leaving.find((m) => m.product.id === row.product_id)!;
      const available = decToString(Decimal.max(0, free.plus(move.quantity)));
      throw new DomainError(
        UserErrorCode.INSUFFICIENT_STOCK,
        options.fieldOf?.(move) ?? null,
        `${row.sku}: ${decToString(row.reserved)} of the stock in ${row.warehouse_code} is reserved; ${available} can leave`,
        available,
      );
    }
  }
}

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
    `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
     values ${batch.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?)').join(', ')}
     on conflict (product_id, location_id, lot)
     do update set quantity = quant.quantity + excluded.quantity, updated_at = now()
     returning product_id, location_id, lot, quantity`,
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
