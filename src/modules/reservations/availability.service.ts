import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../graphql/errors';
import type { ServiceContext } from '../../graphql/service-context';
import { assertWarehouseCodes, productFor, warehouseFor } from '../inventory/inventory.lookup';
import { stockFigures } from '../inventory/stock-level.service';
import { sellable } from '../inventory/stock-locks';
import type { Knex } from '@mikro-orm/postgresql';
import { queryPrepared } from '../../db/sql';
import { reservedByPairSql } from '../inventory/stock-level.service';
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
 * Every figure availability needs, in one statement with bind parameters: the warehouses (the
 * channel's active ones in priority order with its buffer, or the company's by code), then per
 * product x warehouse only what `available` needs (internal on hand, reserved, safety stock).
 * PostgreSQL does the arithmetic and builds the answer of each known SKU as one JSON document,
 * which costs it no more than rows and saves Node parsing 6 columns x SKUs x warehouses and
 * grouping them.
 */
export async function availabilityEntries(
  sc: ServiceContext,
  skus: string[],
  channelCode: string | null,
  warehouseCodes: string[] | null,
): Promise<SkuAvailability[]> {
  const params: Knex.RawBinding[] = [];
  let warehouses: string;
  if (channelCode) {
    params.push(sc.companyId, channelCode);
    warehouses = `select w.id, w.code, cw.priority as rank, c.buffer
                    from channel c
                    join channel_warehouse cw on cw.channel_id = c.id
                    join warehouse w on w.id = cw.warehouse_id and w.active
                   where c.company_id = ? and c.code = ?`;
  } else {
    params.push(sc.companyId);
    warehouses = `select w.id, w.code, row_number() over (order by w.code) as rank, 0::numeric as buffer
                    from warehouse w where w.company_id = ?`;
  }
  if (warehouseCodes) {
    params.push(warehouseCodes);
    warehouses += ' and w.code = any(?::text[])';
  }
  params.push(sc.companyId, skus);
  // Prepared: planning this statement costs twice what running it does.
  const variant = `availability_${channelCode ? 'channel' : 'company'}${warehouseCodes ? '_codes' : ''}`;
  const [{ answer }] = await queryPrepared<{ answer: SkuAvailability[] | null }>(
    sc.em,
    variant,
    `with w as (${warehouses}),
          p as (select id, sku from product where company_id = ? and sku = any(?::text[])),
          q as (
            select q.product_id, q.warehouse_id, sum(q.quantity) as on_hand
              from quant q join location l on l.id = q.location_id and l.type = 'INTERNAL'
             where q.product_id in (select id from p) and q.warehouse_id in (select id from w)
             group by 1, 2),
          r as (${reservedByPairSql('(select id from p)', '(select id from w)')}),
          f as (
            select p.sku, p.id as product_id, w.id as warehouse_id, w.code as warehouse_code, w.rank,
                   greatest(0, greatest(0, coalesce(q.on_hand, 0) - coalesce(r.reserved, 0) - coalesce(ss.quantity, 0))
                               - w.buffer) as available
              from p cross join w
              left join q on q.product_id = p.id and q.warehouse_id = w.id
              left join r on r.product_id = p.id and r.warehouse_id = w.id
              left join safety_stock ss on ss.product_id = p.id and ss.warehouse_id = w.id),
          s as (
            select sku, product_id, trim_scale(sum(available))::text as available,
                   json_agg(json_build_object('warehouseCode', warehouse_code, 'warehouseId', warehouse_id,
                                              'available', trim_scale(available)::text) order by rank) as warehouses
              from f group by sku, product_id)
     select json_agg(json_build_object('sku', sku, 'productId', product_id, 'available', available,
                                       'warehouses', warehouses)) as answer
       from s`,
    params,
  );
  return answer ?? [];
}

/**
 * The storefront query: sellable quantity per SKU, per warehouse and in total, for a channel
 * (its warehouses, less its buffer). One statement whatever the number of SKUs (a second one
 * only when nothing matched, to tell an unknown channel from unknown SKUs).
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
  const codes = warehouseCodes?.map((c) => c.toUpperCase()) ?? null;
  const entries = await availabilityEntries(sc, skus, channelCode ?? null, codes);
  if (entries.length === 0 && channelCode) await channelFor(sc, channelCode, ['channel']);
  // A code no entry shows may name no warehouse at all (one lookup, only then): NOT_FOUND, not an empty answer.
  if (codes?.length) {
    const seen = new Set(entries.flatMap((entry) => entry.warehouses.map((w) => w.warehouseCode)));
    if (codes.some((code) => !seen.has(code))) await assertWarehouseCodes(sc, codes, ['warehouseCodes']);
  }
  const bySku = new Map(entries.map((entry) => [entry.sku, entry]));
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
