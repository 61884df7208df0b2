import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { assertWarehouseCodes, productFor, warehouseFor } from '../inventory/inventory.lookup';
import type { Knex } from '@mikro-orm/postgresql';
import { queryPrepared, queryRows } from '../../db/sql';
import { type AtpBucket, atpFromDays } from './atp';
import { channelFor } from './channel.service';
import { bufferIn, channelBuffers, channelBuffersSql } from './channel-buffers';
import { kitFiguresSql, kitUnits } from '../inventory/kit-figures';

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
 * channel's active ones in priority order, or the company's active ones by code), then per
 * product x warehouse `available` from the database function `stock_sellable`, the one
 * definition every reservation path checks against too, less the product's buffer on the
 * channel (channel-buffers.ts).
 * PostgreSQL does the arithmetic and builds the answer of each known SKU as one JSON document,
 * which costs it no more than rows and saves Node parsing and grouping them.
 */
export async function availabilityEntries(
  sc: ServiceContext,
  skus: string[],
  channelCode: string | null,
  warehouseCodes: string[] | null,
): Promise<SkuAvailability[]> {
  const params: Knex.RawBinding[] = [];
  let warehouses: string;
  let channel: string;
  if (channelCode) {
    params.push(sc.companyId, channelCode);
    channel = 'select id from channel where company_id = ? and code = ?';
    warehouses = `select w.id, w.code, cw.priority as rank
                    from ch join channel_warehouse cw on cw.channel_id = ch.id
                    join warehouse w on w.id = cw.warehouse_id and w.active
                   where true`;
  } else {
    channel = 'select null::uuid as id';
    params.push(sc.companyId);
    warehouses = `select w.id, w.code, row_number() over (order by w.code) as rank
                    from warehouse w where w.company_id = ? and w.active`;
  }
  if (warehouseCodes) {
    params.push(warehouseCodes);
    warehouses += ' and w.code = any(?::text[])';
  }
  params.push(sc.companyId, skus);
  // Prepared: planning this statement costs twice what running it does.
  const variant = `availability_v5_${channelCode ? 'channel' : 'company'}${warehouseCodes ? '_codes' : ''}`;
  // A kit's figure derives from its components' (kit-figures.ts): they are read with the products
  // asked, each less its own buffer on the channel, then the kit rows replace the kit's own (empty) ones.
  const [{ answer }] = await queryPrepared<{ answer: SkuAvailability[] | null }>(
    sc.em,
    variant,
    `with ch as (${channel}),
          w as (${warehouses}),
          p as (select id, sku from product where company_id = ? and sku = any(?::text[])),
          kc as (select kit_id, component_id, quantity from kit_component where kit_id in (select id from p)),
          a as (select array(select id from p union select component_id from kc) as ps, array(select id from w) as ws),
          s as (select s.* from a, lateral stock_sellable(a.ps, a.ws) s),
          b as (select x.product_id, x.buffer from a, ${channelBuffersSql('(select id from ch)', 'a.ps')} as x),
          sb as (select s.product_id, s.warehouse_id, greatest(0, s.available - b.buffer) as available
                   from s join b using (product_id)),
          sk as (select * from sb where product_id not in (select kit_id from kc)
                 union all ${kitFiguresSql('sb', 'kc', ['available'])}),
          f as (
            select p.sku, p.id as product_id, w.id as warehouse_id, w.code as warehouse_code, w.rank, sk.available
              from sk join p on p.id = sk.product_id join w on w.id = sk.warehouse_id),
          g as (
            select sku, product_id, trim_scale(sum(available))::text as available,
                   json_agg(json_build_object('warehouseCode', warehouse_code, 'warehouseId', warehouse_id,
                                              'available', trim_scale(available)::text) order by rank) as warehouses
              from f group by sku, product_id)
     select json_agg(json_build_object('sku', sku, 'productId', product_id, 'available', available,
                                       'warehouses', warehouses)) as answer
       from g`,
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

export type { AtpBucket } from './atp';

/**
 * Time-phased available to promise (DOMAIN.md): what can still be promised on each day. It starts
 * from `available` now before its floor at 0 (the figure availability answers and reservations
 * check: pickable stock less reservations, confirmed deliveries and safety stock) and adds, by their expected
 * dates, the confirmed moves that will feed the pickable stock (receipts, inbound transfers,
 * put-aways); anything dated in the past counts today. Confirmed outbound moves already hold
 * their stock now (`committed`), so they are shown on their day but never subtracted twice, and
 * a day's figure never depends on the horizon asked. With a channel, the product's buffer on it
 * (channel-buffers.ts) is kept back; a kit's components each keep theirs.
 */
export async function availableToPromise(
  sc: ServiceContext,
  sku: string,
  warehouseCode: string,
  horizonDays: number,
  channelCode?: string | null,
): Promise<AtpBucket[]> {
  if (!Number.isInteger(horizonDays) || horizonDays < 0 || horizonDays > 366) {
    fail(UserErrorCode.INVALID, ['horizonDays'], 'horizonDays must be a whole number from 0 to 366');
  }
  const product = await productFor(sc, { sku }, []);
  const warehouse = await warehouseFor(sc, { code: warehouseCode }, ['warehouseCode']);
  let channelId: string | null = null;
  if (channelCode) {
    const channel = await channelFor(sc, channelCode, ['channel']);
    if (!channel.warehouses.some((w) => w.id === warehouse.id)) {
      fail(UserErrorCode.INVALID, ['warehouseCode'], `channel ${channelCode} does not sell from ${warehouse.code}`);
    }
    channelId = channel.channelId;
  }
  const components = await kitComponents(sc, product.id);
  const buffers = await channelBuffers(sc, channelId, [product.id, ...components.map((c) => c.component_id)]);
  return productBuckets(sc, product.id, components, warehouse.id, horizonDays, buffers);
}

/** A kit's components with their quantity per kit; empty for a product that is not a kit. */
async function kitComponents(sc: ServiceContext, productId: string): Promise<KitComponentRow[]> {
  return queryRows<KitComponentRow>(
    sc.em,
    'select component_id, quantity from kit_component where kit_id = ? order by component_id',
    [productId],
  );
}

interface KitComponentRow {
  component_id: string;
  quantity: string;
}

/**
 * The ATP buckets of a product, or of a kit: each day, the whole kits its components' ATP of that
 * day allows (kit-figures.ts), each component less its own channel buffer. A kit's receipts are the
 * kits that day's component receipts make promisable; it commits nothing of its own (its
 * components' commitments are already in their ATP).
 */
async function productBuckets(
  sc: ServiceContext,
  productId: string,
  components: KitComponentRow[],
  warehouseId: string,
  horizonDays: number,
  buffers: ReadonlyMap<string, Decimal>,
): Promise<AtpBucket[]> {
  if (components.length === 0) return atpBuckets(sc, productId, warehouseId, horizonDays, bufferIn(buffers, productId));
  const perComponent = await Promise.all(
    components.map(async (c) => ({
      quantity: c.quantity,
      buckets: await atpBuckets(sc, c.component_id, warehouseId, horizonDays, bufferIn(buffers, c.component_id)),
    })),
  );
  return perComponent[0].buckets.map((bucket, day) => {
    const atp = kitUnits(perComponent.map((c) => ({ figure: c.buckets[day].atp, quantity: c.quantity })));
    const before = kitUnits(
      perComponent.map((c) => ({
        figure: Decimal.max(0, new Decimal(c.buckets[day].atp).minus(c.buckets[day].receipts)),
        quantity: c.quantity,
      })),
    );
    return {
      date: bucket.date,
      receipts: decToString(Decimal.max(0, atp.minus(before))),
      commitments: '0',
      atp: decToString(atp),
    };
  });
}

async function atpBuckets(
  sc: ServiceContext,
  productId: string,
  warehouseId: string,
  horizonDays: number,
  buffer: Decimal,
): Promise<AtpBucket[]> {
  const [figures] = await queryRows<{ balance: string }>(
    sc.em,
    'select balance from stock_sellable(array[?::uuid], array[?::uuid])',
    [productId, warehouseId],
  );
  const rows = await queryRows<{ day: string; receipts: string | null; commitments: string | null }>(
    sc.em,
    `select to_char(greatest(coalesce(m.expected_date, now()), now()) at time zone 'UTC', 'YYYY-MM-DD') as day,
            sum(m.quantity) filter (where m.destination_warehouse_id = ?
                                      and stock_move_feeds_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)) as receipts,
            sum(m.quantity) filter (where m.source_warehouse_id = ?
                                      and stock_move_takes_pickable(sl.sellable, sl.warehouse_id, dl.sellable, dl.warehouse_id)) as commitments
       from stock_move m
       join location sl on sl.id = m.source_id
       join location dl on dl.id = m.destination_id
      where m.product_id = ? and m.state = 'CONFIRMED' and (m.source_warehouse_id = ? or m.destination_warehouse_id = ?)
      group by 1`,
    [warehouseId, warehouseId, productId, warehouseId, warehouseId],
  );
  // From the balance, not `available`: holds beyond the stock (deliveries waiting for it) are
  // served first by what arrives.
  return atpFromDays(new Decimal(figures?.balance ?? 0), rows, Date.now(), horizonDays, buffer);
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
  const { warehouses, channelId } = await channelFor(sc, channelCode, ['channel']);
  const components = await kitComponents(sc, product.id);
  const buffers = await channelBuffers(sc, channelId, [product.id, ...components.map((c) => c.component_id)]);
  const perWarehouse = await Promise.all(
    warehouses.map(async (w) => ({
      w,
      buckets: await productBuckets(sc, product.id, components, w.id, horizonDays, buffers),
    })),
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
