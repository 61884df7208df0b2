import { Decimal, decToString } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import { DomainError, DomainErrors, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import { Product } from '../catalog/product.entity';
import { Location } from './location.entity';
import { LocationType, ON_HAND_TYPES } from './location-type.enum';
import { postMoves } from './stock-ledger.service';
import { lockStockPairs } from './stock-locks';
import type { StockMove } from './stock-move.entity';
import type { InventorySetQuantitiesInput } from './stock-sync.inputs';
import { buildMove } from './stock-moves';
import { Warehouse } from './warehouse.entity';

/** One item's outcome: the quantity before and after, and the adjustment move when it changed. */
export interface QuantityChange {
  sku: string;
  productId: string;
  warehouseCode: string;
  locationId: string;
  location: string;
  lot: string | null;
  previousQuantity: string;
  quantity: string;
  delta: string;
  moveId: string | null;
}

interface Resolved {
  index: number;
  product: Product;
  warehouse: Warehouse;
  location: Location;
  lot: string;
  quantity: Decimal;
  compare: Decimal | null;
}

const itemField = (index: number, field: string) => ['input', 'items', String(index), field];

/**
 * Sets on-hand quantities, all or nothing, as count adjustments: each difference becomes a move
 * from or to inventory loss with the reason code, posted through the ledger and valued like a
 * count's. An item with a compareQuantity that differs from the current quantity fails the call
 * with STALE. The statements do not grow with the items: one lookup each for the products,
 * warehouses and locations, one for the locks, one to lock and read the quants (the items' and
 * the inventory-loss ones, in the ledger's order), then one posting (one quant write).
 */
export async function setQuantities(sc: ServiceContext, input: InventorySetQuantitiesInput): Promise<QuantityChange[]> {
  const { em } = sc;
  const errors: DomainError[] = [];
  const skus = [...new Set(input.items.map((i) => i.sku))];
  const codes = [...new Set(input.items.map((i) => i.warehouseCode.toUpperCase()))];
  const locationIds = [...new Set(input.items.flatMap((i) => (i.locationId ? [i.locationId] : [])))];
  const [products, warehouses] = await Promise.all([
    em.find(Product, { company: sc.companyId, sku: { $in: skus } }, { populate: ['uom'] }),
    em.find(Warehouse, { company: sc.companyId, code: { $in: codes } }),
  ]);
  const locations = await em.find(Location, {
    company: sc.companyId,
    $or: [
      { id: { $in: locationIds } },
      { fullName: { $in: warehouses.map((w) => `${w.code}/Stock`) } },
      { warehouse: null, type: LocationType.INVENTORY_LOSS },
    ],
  });
  const productBySku = new Map(products.map((p) => [p.sku, p]));
  const warehouseByCode = new Map(warehouses.map((w) => [w.code, w]));
  const locationById = new Map(locations.map((l) => [l.id, l]));
  const loss = locations.find((l) => l.type === LocationType.INVENTORY_LOSS && !l.warehouse)!;

  const resolved: Resolved[] = [];
  const seen = new Map<string, number>();
  input.items.forEach((item, index) => {
    const product = productBySku.get(item.sku);
    const code = item.warehouseCode.toUpperCase();
    const warehouse = warehouseByCode.get(code);
    if (!product)
      errors.push(
        new DomainError(
          UserErrorCode.NOT_FOUND,
          itemField(index, 'sku'),
          `input.items.${index}.sku: no product ${item.sku}`,
        ),
      );
    if (!warehouse) {
      errors.push(
        new DomainError(
          UserErrorCode.NOT_FOUND,
          itemField(index, 'warehouseCode'),
          `input.items.${index}.warehouseCode: no warehouse ${item.warehouseCode}`,
        ),
      );
    }
    if (!product || !warehouse) return;
    const location = item.locationId
      ? locationById.get(item.locationId)
      : locations.find((l) => l.fullName === `${warehouse.code}/Stock`);
    if (!location) {
      errors.push(
        new DomainError(
          UserErrorCode.NOT_FOUND,
          itemField(index, 'locationId'),
          `input.items.${index}.locationId: no location ${item.locationId}`,
        ),
      );
      return;
    }
    if (location.warehouse?.id !== warehouse.id || !ON_HAND_TYPES.includes(location.type)) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          itemField(index, 'locationId'),
          `input.items.${index}.locationId: ${location.fullName} is not a stock-holding location of warehouse ${warehouse.code}`,
        ),
      );
      return;
    }
    const lot = item.lot ?? '';
    const quantity = new Decimal(item.quantity);
    if (product.tracking === ProductTracking.NONE && lot) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          itemField(index, 'lot'),
          `input.items.${index}.lot: ${product.sku} is not tracked by lot or serial`,
        ),
      );
      return;
    }
    if (product.tracking !== ProductTracking.NONE && !lot) {
      const what = product.tracking === ProductTracking.SERIAL ? 'serial number' : 'lot';
      errors.push(
        new DomainError(
          UserErrorCode.LOT_REQUIRED,
          itemField(index, 'lot'),
          `input.items.${index}: ${product.sku} needs a ${what}`,
        ),
      );
      return;
    }
    if (product.tracking === ProductTracking.SERIAL && quantity.gt(1)) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          itemField(index, 'quantity'),
          `input.items.${index}.quantity: a serial number holds at most 1 unit`,
        ),
      );
      return;
    }
    const key = `${product.id}|${location.id}|${lot}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(
        new DomainError(
          UserErrorCode.INVALID,
          itemField(index, 'sku'),
          `input.items.${index}: ${product.sku} in ${location.fullName}${lot ? ` lot ${lot}` : ''} is already item ${earlier}`,
        ),
      );
      return;
    }
    seen.set(key, index);
    const compare = item.compareQuantity != null ? new Decimal(item.compareQuantity) : null;
    resolved.push({ index, product, warehouse, location, lot, quantity, compare });
  });
  if (errors.length) throw new DomainErrors(errors);

  // Locks in the ledger's order: the product x warehouse pairs (as postMoves and reservations
  // take them), then the quant rows, made first where missing so that a concurrent caller (or a
  // receipt) waits on the row instead of reading the same absent quantity. The rows are the
  // items' and the inventory-loss quants their adjustments will touch, locked together in the
  // ledger's global order (product, location, lot): the posting then writes only rows this call
  // already holds, so it never holds one quant while waiting for an earlier one.
  await lockStockPairs(
    sc,
    resolved.map((r) => ({ productId: r.product.id, warehouseId: r.warehouse.id })),
  );
  const quantKeys = [
    ...resolved.map((r) => ({ p: r.product.id, l: r.location.id, w: r.warehouse.id as string | null, lot: r.lot })),
    ...resolved.map((r) => ({ p: r.product.id, l: loss.id, w: null, lot: r.lot })),
  ];
  const unique = [...new Map(quantKeys.map((k) => [`${k.p}|${k.l}|${k.lot}`, k])).values()];
  const keys = {
    products: unique.map((k) => k.p),
    locations: unique.map((k) => k.l),
    warehouses: unique.map((k) => k.w) as string[],
    lots: unique.map((k) => k.lot),
  };
  await queryRows(
    em,
    `insert into quant (id, created_at, updated_at, company_id, product_id, location_id, warehouse_id, lot, quantity)
     select gen_random_uuid(), now(), now(), ?, k.p, k.l, k.w, k.lot, 0
       from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[]) as k(p, l, w, lot)
      order by k.p, k.l, k.lot
     on conflict (product_id, location_id, lot) do nothing`,
    [sc.companyId, keys.products, keys.locations, keys.warehouses, keys.lots],
  );
  const rows = await queryRows<{ product_id: string; location_id: string; lot: string; quantity: string }>(
    em,
    `select q.product_id, q.location_id, q.lot, q.quantity from quant q
       join unnest(?::uuid[], ?::uuid[], ?::text[]) as k(p, l, lot)
         on q.product_id = k.p and q.location_id = k.l and q.lot = k.lot
      order by q.product_id, q.location_id, q.lot
        for update of q`,
    [keys.products, keys.locations, keys.lots],
  );
  const current = new Map(rows.map((r) => [`${r.product_id}|${r.location_id}|${r.lot}`, new Decimal(r.quantity)]));

  const stale: DomainError[] = [];
  for (const r of resolved) {
    const now = current.get(`${r.product.id}|${r.location.id}|${r.lot}`) ?? new Decimal(0);
    if (r.compare && !r.compare.eq(now)) {
      stale.push(
        new DomainError(
          UserErrorCode.STALE,
          itemField(r.index, 'compareQuantity'),
          `input.items.${r.index}: ${r.product.sku} in ${r.location.fullName}${r.lot ? ` lot ${r.lot}` : ''} is ${decToString(now)}, not ${decToString(r.compare)}`,
          decToString(now),
        ),
      );
    }
  }
  if (stale.length) throw new DomainErrors(stale);

  const moves: StockMove[] = [];
  const moveOf = new Map<number, StockMove>();
  const indexOf = new Map<StockMove, number>();
  const changes: QuantityChange[] = resolved.map((r) => {
    const before = current.get(`${r.product.id}|${r.location.id}|${r.lot}`) ?? new Decimal(0);
    const delta = r.quantity.minus(before);
    if (!delta.isZero()) {
      const move = buildMove(sc, {
        product: r.product,
        quantity: delta.abs(),
        requestedQuantity: delta.abs().toFixed(),
        requestedUom: r.product.uom,
        source: delta.isPositive() ? loss : r.location,
        destination: delta.isPositive() ? r.location : loss,
        lot: r.lot,
        reasonCode: input.reason,
        reference: input.reference ?? 'inventorySetQuantities',
      });
      moves.push(move);
      moveOf.set(r.index, move);
      indexOf.set(move, r.index);
    }
    return {
      sku: r.product.sku,
      productId: r.product.id,
      warehouseCode: r.warehouse.code,
      locationId: r.location.id,
      location: r.location.fullName,
      lot: r.lot || null,
      previousQuantity: decToString(before),
      quantity: decToString(r.quantity),
      delta: decToString(delta),
      moveId: null,
    };
  });
  if (moves.length) {
    await postMoves(sc, moves, {
      fieldOf: (move) => itemField(indexOf.get(move) ?? 0, 'quantity'),
      force: !!input.force,
      // The item's quant, not the oldest one below its location (a set of WH/Stock leaves its bins alone).
      exactSources: true,
    });
  }
  resolved.forEach((r, i) => {
    changes[i].moveId = moveOf.get(r.index)?.id ?? null;
  });
  return changes;
}
