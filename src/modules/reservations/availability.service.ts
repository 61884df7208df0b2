import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../graphql/errors';
import type { ServiceContext } from '../../graphql/service-context';
import { productFor, warehouseFor } from '../inventory/inventory.lookup';
import { stockFigures } from '../inventory/stock-level.service';
import { sellable } from '../inventory/stock-locks';
import { channelFor } from './reservation.service';

/** Most SKUs one availability query may ask for. */
export const MAX_AVAILABILITY_SKUS = 250;

export interface WarehouseAvailability {
  warehouseCode: string;
  warehouseId: string;
  available: string;
}

export interface SkuAvailability {
  sku: string;
  productId: string | null;
  available: string;
  warehouses: WarehouseAvailability[];
}

/**
 * The storefront query: sellable quantity per SKU, per warehouse and in total, for a channel
 * (its warehouses, less its buffer). A fixed number of statements whatever the number of
 * SKUs: the channel (when given), then one statement for every figure.
 */
export async function availability(
  sc: ServiceContext,
  skus: string[],
  channelCode?: string | null,
  warehouseCodes?: string[] | null,
): Promise<SkuAvailability[]> {
  if (skus.length > MAX_AVAILABILITY_SKUS) {
    fail(UserErrorCode.INVALID, ['skus'], `skus: at most ${MAX_AVAILABILITY_SKUS} per query, got ${skus.length}`);
  }
  let buffer = new Decimal(0);
  let warehouses: { id: string; code: string }[] | null = null;
  if (channelCode) {
    const channel = await channelFor(sc, channelCode, ['channel']);
    buffer = channel.buffer;
    warehouses = channel.warehouses;
  }
  const codes = warehouseCodes?.map((c) => c.toUpperCase());
  if (warehouses && codes) warehouses = warehouses.filter((w) => codes.includes(w.code));
  const figures = await stockFigures(sc, {
    skus,
    ...(warehouses ? { warehouseIds: warehouses.map((w) => w.id) } : codes ? { warehouseCodes: codes } : {}),
  });
  const order = warehouses ? new Map(warehouses.map((w, i) => [w.id, i])) : null;
  const bySku = new Map<string, SkuAvailability>();
  for (const row of figures) {
    const entry = bySku.get(row.sku) ?? { sku: row.sku, productId: row.product_id, available: '0', warehouses: [] };
    const available = Decimal.max(0, sellable(row).minus(buffer));
    entry.warehouses.push({
      warehouseCode: row.warehouse_code,
      warehouseId: row.warehouse_id,
      available: decToString(available),
    });
    entry.available = decToString(new Decimal(entry.available).plus(available));
    bySku.set(row.sku, entry);
  }
  if (order) {
    for (const entry of bySku.values())
      entry.warehouses.sort((a, b) => order.get(a.warehouseId)! - order.get(b.warehouseId)!);
  }
  // Unknown SKUs answer 0 rather than failing the whole storefront page.
  return skus.map((sku) => bySku.get(sku) ?? { sku, productId: null, available: '0', warehouses: [] });
}

export interface AtpBucket {
  date: string;
  receipts: string;
  commitments: string;
  atp: string;
}

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Time-phased available to promise (DOMAIN.md): atp(d) = min over t >= d of
 * (available now + receipts expected by t - commitments due by t). Receipts are open inbound
 * moves (receipts not validated, shipments towards the warehouse) at their expected date;
 * commitments are open outbound moves at theirs; anything dated in the past counts today.
 */
export async function availableToPromise(
  sc: ServiceContext,
  sku: string,
  warehouseCode: string,
  horizonDays: number,
): Promise<AtpBucket[]> {
  if (!Number.isInteger(horizonDays) || horizonDays < 0 || horizonDays > 366) {
    fail(UserErrorCode.INVALID, ['horizonDays'], 'horizonDays must be a whole number from 0 to 366');
  }
  const product = await productFor(sc, { sku }, []);
  const warehouse = await warehouseFor(sc, { code: warehouseCode }, ['warehouseCode']);
  return atpBuckets(sc, product.id, warehouse.id, horizonDays);
}

async function atpBuckets(
  sc: ServiceContext,
  productId: string,
  warehouseId: string,
  horizonDays: number,
): Promise<AtpBucket[]> {
  const [figures] = await stockFigures(sc, { productIds: [productId], warehouseIds: [warehouseId] });
  const rows = await sc.em.execute<{ day: string; receipts: string; commitments: string }[]>(
    `select to_char(greatest(coalesce(m.expected_date, now()), now()) at time zone 'UTC', 'YYYY-MM-DD') as day,
            sum(m.quantity) filter (where m.destination_warehouse_id = ? and m.source_warehouse_id is distinct from ?) as receipts,
            sum(m.quantity) filter (where m.source_warehouse_id = ? and m.destination_warehouse_id is distinct from ?) as commitments
       from stock_move m
      where m.product_id = ? and m.state = 'CONFIRMED'
        and (m.source_warehouse_id = ? or m.destination_warehouse_id = ?)
      group by 1`,
    [warehouseId, warehouseId, warehouseId, warehouseId, productId, warehouseId, warehouseId],
  );
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const today = Date.now();
  const buckets: { date: string; receipts: Decimal; commitments: Decimal; cumulative: Decimal }[] = [];
  let cumulative = figures ? sellable(figures) : new Decimal(0);
  // Everything dated beyond the horizon still binds the last bucket (a later commitment limits today).
  const beyond = rows.filter((r) => r.day > dayOf(new Date(today + horizonDays * DAY)));
  for (let i = 0; i <= horizonDays; i++) {
    const date = dayOf(new Date(today + i * DAY));
    const row = byDay.get(date);
    const receipts = new Decimal(row?.receipts ?? 0);
    const commitments = new Decimal(row?.commitments ?? 0);
    cumulative = cumulative.plus(receipts).minus(commitments);
    buckets.push({ date, receipts, commitments, cumulative });
  }
  let floor = beyond.reduce((c, r) => c.plus(r.receipts ?? 0).minus(r.commitments ?? 0), cumulative);
  floor = Decimal.min(floor, cumulative);
  const result: AtpBucket[] = [];
  for (let i = buckets.length - 1; i >= 0; i--) {
    floor = Decimal.min(floor, buckets[i].cumulative);
    result.unshift({
      date: buckets[i].date,
      receipts: decToString(buckets[i].receipts),
      commitments: decToString(buckets[i].commitments),
      atp: decToString(Decimal.max(0, floor)),
    });
  }
  return result;
}

export interface PromiseAnswer {
  date: string;
  warehouses: { warehouseCode: string; quantity: string }[];
}

/**
 * The earliest date on which the channel's warehouses together can promise `quantity`,
 * drawing on them in priority order; null when nothing scheduled within a year covers it.
 */
export async function promiseDate(
  sc: ServiceContext,
  sku: string,
  quantity: string,
  channelCode: string,
  horizonDays = 365,
): Promise<PromiseAnswer | null> {
  const wanted = new Decimal(quantity);
  if (!wanted.isFinite() || wanted.lte(0)) fail(UserErrorCode.INVALID, ['quantity'], 'quantity must be greater than 0');
  const product = await productFor(sc, { sku }, []);
  const { warehouses } = await channelFor(sc, channelCode, ['channel']);
  const perWarehouse = await Promise.all(
    warehouses.map(async (w) => ({ w, buckets: await atpBuckets(sc, product.id, w.id, horizonDays) })),
  );
  for (let day = 0; day <= horizonDays; day++) {
    let left = wanted;
    const taken: { warehouseCode: string; quantity: string }[] = [];
    for (const { w, buckets } of perWarehouse) {
      const take = Decimal.min(left, buckets[day].atp);
      if (take.gt(0)) {
        taken.push({ warehouseCode: w.code, quantity: decToString(take) });
        left = left.minus(take);
      }
      if (left.isZero()) return { date: perWarehouse[0].buckets[day].date, warehouses: taken };
    }
  }
  return null;
}
