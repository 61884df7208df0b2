import type { FilterQuery } from '@mikro-orm/core';
import { Decimal, decToString } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { assertWarehouseCodes, productFor, warehouseFor } from './inventory.lookup';
import { Quant } from './quant.entity';
import type { Knex } from '@mikro-orm/postgresql';
import { queryPrepared, queryRows } from '../../db/sql';
import { type QuantDrift, StockLevel, type StockReconcileReport, type StockShortage } from './stock-level.types';
import { StockMove } from './stock-move.entity';
import { KIT_STOCK_FIGURES, kitFiguresSql } from './kit-figures';

export const MAX_STOCK_LEVEL_ROWS = 5000;
const ON_HAND = `('INTERNAL', 'QUALITY', 'DAMAGED')`;

export interface StockLevelFilter {
  skus?: string[] | null;
  productIds?: string[] | null;
  warehouseIds?: string[] | null;
  warehouseCodes?: string[] | null;
}

export interface FigureRow {
  product_id: string;
  warehouse_id: string;
  sku: string;
  warehouse_code: string;
  on_hand: string;
  pickable: string;
  quality_hold: string;
  damaged: string;
  incoming: string;
  in_transit: string;
  outgoing: string;
  committed: string;
  safety_stock: string;
  reserved: string;
  available: string;
  short: string;
  forecast: string;
}

/** The figures' columns, in the order `stock_level_figures` returns them. */
const FIGURE_COLUMNS = [
  'on_hand',
  'pickable',
  'quality_hold',
  'damaged',
  'incoming',
  'in_transit',
  'outgoing',
  'committed',
  'safety_stock',
  'reserved',
  'available',
  'short',
  'forecast',
] as const;

/**
 * What may still be promised (before any channel buffer) for each pair of `pairs`, a SQL
 * relation with product_id and warehouse_id columns, as `sellable`: the database function
 * `stock_sellable` (migrations/Migration20261206231736), the one definition of `available`.
 * Arrays through LATERAL, not sub-select arguments: PostgreSQL then inlines the function.
 */
export function sellableByPairSql(pairs: string): string {
  return `select s.product_id, s.warehouse_id, s.available as sellable
            from (select array(select distinct product_id from ${pairs}) as ps,
                         array(select distinct warehouse_id from ${pairs}) as ws) a,
                 lateral stock_sellable(a.ps, a.ws) s
           where (s.product_id, s.warehouse_id) in (select product_id, warehouse_id from ${pairs})`;
}

/**
 * One statement for every product x warehouse asked: the figures come from the database
 * function `stock_level_figures` (one row kept per pair, migrations/
 * Migration20261207021107StockPairFigures), the same one the outbox publishes, so a subscriber
 * and a query agree. A warehouse code no row shows is looked up only then (NOT_FOUND).
 */
export async function stockLevels(sc: ServiceContext, filter: StockLevelFilter): Promise<StockLevel[]> {
  const rows = await stockFigures(sc, filter);
  if (filter.warehouseCodes?.length) {
    const seen = new Set(rows.map((row) => row.warehouse_code));
    if (filter.warehouseCodes.some((code) => !seen.has(code.toUpperCase()))) {
      await assertWarehouseCodes(sc, filter.warehouseCodes, ['warehouseCodes']);
    }
  }
  return rows.map(toStockLevel);
}

/**
 * The raw figures behind `stockLevels`, also used by replenishment: one prepared statement per
 * combination of filters (its text never varies, the lists are array parameters), figures as
 * canonical decimal strings (trim_scale), so Node neither plans nor converts anything. A kit's
 * figures derive from its components' (kit-figures.ts).
 */
export async function stockFigures(sc: ServiceContext, filter: StockLevelFilter): Promise<FigureRow[]> {
  const params: Knex.RawBinding[] = [sc.companyId];
  const productFilters: string[] = [];
  if (filter.skus) {
    params.push(filter.skus);
    productFilters.push('sku = any(?::text[])');
  }
  if (filter.productIds) {
    params.push(filter.productIds.filter(isUuid));
    productFilters.push('id = any(?::uuid[])');
  }
  params.push(sc.companyId);
  const warehouseFilters: string[] = [];
  if (filter.warehouseIds) {
    params.push(filter.warehouseIds.filter(isUuid));
    warehouseFilters.push('id = any(?::uuid[])');
  }
  if (filter.warehouseCodes) {
    params.push(filter.warehouseCodes.map((c) => c.toUpperCase()));
    warehouseFilters.push('code = any(?::text[])');
  }
  const productWhere = productFilters.length ? `and (${productFilters.join(' or ')})` : '';
  const warehouseWhere = warehouseFilters.length ? `and (${warehouseFilters.join(' or ')})` : '';
  const variant = `stock_levels_v1_${filter.skus ? 's' : ''}${filter.productIds ? 'p' : ''}_${filter.warehouseIds ? 'i' : ''}${filter.warehouseCodes ? 'c' : ''}`;
  // Without a product filter, only pairs with stock, open moves or reservations: a catalog times every warehouse is noise.
  const rows = await queryPrepared<FigureRow>(
    sc.em,
    variant,
    `with p as (select id, sku from product where company_id = ? ${productWhere}),
          w as (select id, code from warehouse where company_id = ? ${warehouseWhere}),
          kc as (select kit_id, component_id, quantity from kit_component where kit_id in (select id from p)),
          a as (select array(select id from p union select component_id from kc) as ps, array(select id from w) as ws),
          f0 as (select f.* from a, lateral stock_level_figures(a.ps, a.ws) f),
          fk as (${kitFiguresSql('f0', 'kc', KIT_STOCK_FIGURES)}),
          ka as (select k.kit_id as product_id, f0.warehouse_id, bool_or(f0.active) as active
                   from kc k join f0 on f0.product_id = k.component_id group by 1, 2),
          f as (select product_id, warehouse_id, ${FIGURE_COLUMNS.join(', ')}, active
                  from f0 where product_id not in (select kit_id from kc)
                union all
                select product_id, warehouse_id,
                       ${FIGURE_COLUMNS.map((c) => ((KIT_STOCK_FIGURES as readonly string[]).includes(c) ? `fk.${c}` : `0::numeric as ${c}`)).join(', ')},
                       ka.active
                  from fk join ka using (product_id, warehouse_id))
     select p.id as product_id, w.id as warehouse_id, p.sku, w.code as warehouse_code,
            ${FIGURE_COLUMNS.map((c) => `trim_scale(f.${c})::text as ${c}`).join(', ')}
       from f join p on p.id = f.product_id join w on w.id = f.warehouse_id
       ${productFilters.length ? '' : 'where f.active'}
      order by p.sku, w.code
      limit ${MAX_STOCK_LEVEL_ROWS + 1}`,
    params,
  );
  if (rows.length > MAX_STOCK_LEVEL_ROWS) {
    fail(
      UserErrorCode.INVALID,
      ['skus'],
      `more than ${MAX_STOCK_LEVEL_ROWS} product x warehouse pairs: narrow the query with skus or warehouseCodes`,
    );
  }
  return rows;
}

/** What trim_scale()::text and decToString both give: no conversion needed. */
const CANONICAL = /^(0|-?[1-9]\d*|-?(0|[1-9]\d*)\.\d*[1-9])$/;
const figure = (value: string) => (CANONICAL.test(value) ? value : decToString(value));

/** The API form of a row of `stock_level_figures`: every figure is computed there, once. */
export function toStockLevel(row: FigureRow): StockLevel {
  return Object.assign(new StockLevel(), {
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    onHand: figure(row.on_hand),
    pickable: figure(row.pickable),
    available: figure(row.available),
    reserved: figure(row.reserved),
    committed: figure(row.committed),
    short: figure(row.short),
    qualityHold: figure(row.quality_hold),
    damaged: figure(row.damaged),
    safetyStock: figure(row.safety_stock),
    inTransit: figure(row.in_transit),
    incoming: figure(row.incoming),
    outgoing: figure(row.outgoing),
    forecast: figure(row.forecast),
  });
}

/** On hand of a product in a warehouse at a past instant, rebuilt from done moves alone. */
export async function stockOnHandAt(sc: ServiceContext, sku: string, warehouseCode: string, at: Date): Promise<string> {
  const product = await productFor(sc, { sku }, []);
  const warehouse = await warehouseFor(sc, { code: warehouseCode }, ['warehouseCode']);
  const [row] = await sc.em.execute<{ total: string | null }[]>(
    `select sum(case when dl.warehouse_id = ? and dl.type in ${ON_HAND} then m.quantity else 0 end)
          - sum(case when sl.warehouse_id = ? and sl.type in ${ON_HAND} then m.quantity else 0 end) as total
       from stock_move m
       join location sl on sl.id = m.source_id
       join location dl on dl.id = m.destination_id
      where m.product_id = ? and m.state = 'DONE' and m.effective_date <= ?`,
    [warehouse.id, warehouse.id, product.id, at],
  );
  return decToString(row?.total ?? 0);
}

/** Rebuilds the product's quants from its done moves and lists every difference (the drift detector). */
export async function reconcile(
  sc: ServiceContext,
  sku: string,
  warehouseCode?: string | null,
): Promise<StockReconcileReport> {
  const product = await productFor(sc, { sku }, []);
  const warehouse = warehouseCode ? await warehouseFor(sc, { code: warehouseCode }, ['warehouseCode']) : null;
  const rows = await sc.em.execute<{ location: string; lot: string; recorded: string; from_moves: string }[]>(
    `with ledger as (
        select location_id, lot, sum(delta) as quantity from (
          select destination_id as location_id, lot, quantity as delta from stock_move where product_id = ? and state = 'DONE'
          union all
          select source_id, lot, -quantity from stock_move where product_id = ? and state = 'DONE') d
        group by 1, 2),
      recorded as (select location_id, lot, quantity from quant where product_id = ?)
     select l.full_name as location, coalesce(r.lot, g.lot) as lot,
            coalesce(r.quantity, 0) as recorded, coalesce(g.quantity, 0) as from_moves
       from recorded r full join ledger g on g.location_id = r.location_id and g.lot = r.lot
       join location l on l.id = coalesce(r.location_id, g.location_id)
      where coalesce(r.quantity, 0) <> coalesce(g.quantity, 0) ${warehouse ? 'and l.warehouse_id = ?' : ''}
      order by 1, 2`,
    warehouse ? [product.id, product.id, product.id, warehouse.id] : [product.id, product.id, product.id],
  );
  const [total] = await sc.em.execute<{ total: string | null }[]>(
    'select sum(quantity) as total from quant where product_id = ?',
    [product.id],
  );
  // The reserved-stock counters (kept by a trigger) against the lines they sum.
  const reserved = await queryRows<{ warehouse_code: string; recorded: string; from_lines: string }>(
    sc.em,
    `select w.code as warehouse_code, coalesce(rs.quantity, 0) as recorded, coalesce(l.open, 0) as from_lines
       from (select warehouse_id, quantity from reserved_stock where product_id = ?) rs
       full join (select warehouse_id, sum(quantity - fulfilled_quantity) as open from reservation_line
                   where product_id = ? and state = 'ACTIVE' group by 1) l using (warehouse_id)
       join warehouse w on w.id = coalesce(rs.warehouse_id, l.warehouse_id)
      where coalesce(rs.quantity, 0) <> coalesce(l.open, 0) and (?::uuid is null or w.id = ?::uuid)
      order by w.code`,
    [product.id, product.id, warehouse?.id ?? null, warehouse?.id ?? null],
  );
  // The sums kept per pair for the figures (by triggers) against their recomputation.
  const figureDrift = await queryRows<{ warehouse_code: string; figure: string; kept: string; recomputed: string }>(
    sc.em,
    `select w.code as warehouse_code, d.figure, d.kept, d.recomputed
       from stock_pair_figures_drift(array[?::uuid], ?::uuid[]) d join warehouse w on w.id = d.warehouse_id
      order by w.code, d.figure`,
    [product.id, warehouse ? [warehouse.id] : null],
  );
  const figureDifferences = figureDrift.map((d) => ({
    warehouseCode: d.warehouse_code,
    figure: d.figure.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    recorded: decToString(d.kept),
    recomputed: decToString(d.recomputed),
  }));
  const reservedDifferences = reserved.map((r) => ({
    warehouseCode: r.warehouse_code,
    recorded: decToString(r.recorded),
    fromLines: decToString(r.from_lines),
  }));
  const differences: QuantDrift[] = rows.map((r) => ({
    location: r.location,
    lot: r.lot || null,
    recorded: decToString(r.recorded),
    fromMoves: decToString(r.from_moves),
  }));
  const totalOverAllLocations = decToString(total?.total ?? 0);
  const shortages = await stockShortages(sc, {
    skus: [product.sku],
    warehouseCodes: warehouse ? [warehouse.code] : null,
  });
  return {
    sku: product.sku,
    warehouseCode: warehouse?.code ?? null,
    ok:
      differences.length === 0 &&
      new Decimal(totalOverAllLocations).isZero() &&
      reservedDifferences.length === 0 &&
      figureDifferences.length === 0 &&
      shortages.length === 0,
    differences,
    totalOverAllLocations,
    reservedDifferences,
    figureDifferences,
    shortages,
  };
}

/**
 * Every product x warehouse whose holds are not all covered (the `short` figure of
 * `stock_sellable`, or reservations made SHORT by a forced loss), with who is short.
 */
export async function stockShortages(
  sc: ServiceContext,
  filter: { skus?: string[] | null; warehouseCodes?: string[] | null },
): Promise<StockShortage[]> {
  const rows = await queryRows<{
    product_id: string;
    sku: string;
    warehouse_id: string;
    warehouse_code: string;
    pickable: string;
    reserved: string;
    committed: string;
    short: string;
    reservations: { reservationId: string; reference: string; shortQuantity: string; held: string }[];
    transfers: string[];
  }>(
    sc.em,
    `with p as (select id, sku from product where company_id = ? and (?::text[] is null or sku = any(?::text[]))),
          w as (select id, code from warehouse where company_id = ? and (?::text[] is null or code = any(?::text[]))),
          sr as (
            select l.product_id, l.warehouse_id, r.id, r.reference, sum(l.short_quantity) as short_quantity,
                   sum(l.quantity - l.fulfilled_quantity) as held
              from reservation r join reservation_line l on l.reservation_id = r.id
             where r.company_id = ? and r.state = 'SHORT' and l.state = 'ACTIVE' and l.short_quantity > 0
               and (l.expires_at is null or l.expires_at > statement_timestamp())
             group by 1, 2, 3, 4),
          cand as (
            select product_id, warehouse_id from sr
            union select product_id, warehouse_id from reserved_stock where company_id = ? and quantity <> 0
            union select product_id, source_warehouse_id from stock_move
                   where company_id = ? and state = 'CONFIRMED' and source_warehouse_id is not null),
          cp as (select cand.* from cand join p on p.id = cand.product_id join w on w.id = cand.warehouse_id),
          a as (select array(select distinct product_id from cp) as ps, array(select distinct warehouse_id from cp) as ws),
          f as (select s.* from a, lateral stock_sellable(a.ps, a.ws) s join cp using (product_id, warehouse_id))
     select f.product_id, p.sku, f.warehouse_id, w.code as warehouse_code, f.pickable, f.reserved, f.committed, f.short,
            (select coalesce(json_agg(json_build_object('reservationId', sr.id, 'reference', sr.reference,
                       'shortQuantity', trim_scale(sr.short_quantity)::text, 'held', trim_scale(sr.held)::text)
                       order by sr.reference), '[]')
               from sr where sr.product_id = f.product_id and sr.warehouse_id = f.warehouse_id) as reservations,
            (select coalesce(json_agg(distinct t.name), '[]')
               from stock_move m join location sl on sl.id = m.source_id and sl.sellable
               join transfer t on t.id = m.transfer_id
              where m.product_id = f.product_id and m.source_warehouse_id = f.warehouse_id and m.state = 'CONFIRMED'
                and f.short > 0) as transfers
       from f join p on p.id = f.product_id join w on w.id = f.warehouse_id
      where f.short > 0 or exists (select from sr where sr.product_id = f.product_id and sr.warehouse_id = f.warehouse_id)
      order by p.sku, w.code
      limit ${MAX_STOCK_LEVEL_ROWS}`,
    [
      sc.companyId,
      filter.skus ?? null,
      filter.skus ?? null,
      sc.companyId,
      filter.warehouseCodes?.map((c) => c.toUpperCase()) ?? null,
      filter.warehouseCodes?.map((c) => c.toUpperCase()) ?? null,
      sc.companyId,
      sc.companyId,
      sc.companyId,
    ],
  );
  return rows.map((r) => ({
    productId: r.product_id,
    sku: r.sku,
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    pickable: decToString(r.pickable),
    reserved: decToString(r.reserved),
    committed: decToString(r.committed),
    short: decToString(r.short),
    reservations: r.reservations.map((x) => ({
      ...x,
      shortQuantity: decToString(x.shortQuantity),
      held: decToString(x.held),
    })),
    transfers: r.transfers,
  }));
}

export interface QuantFilter {
  productId?: string | null;
  sku?: string | null;
  locationId?: string | null;
  warehouseId?: string | null;
  lot?: string | null;
}

export async function listQuants(sc: ServiceContext, filter: QuantFilter | undefined, page: PageArgs) {
  const where: FilterQuery<Quant> = { company: sc.companyId };
  if (filter?.productId) where.product = isUuid(filter.productId) ? filter.productId : null;
  if (filter?.sku) where.product = { sku: filter.sku };
  if (filter?.locationId) where.location = isUuid(filter.locationId) ? filter.locationId : null;
  if (filter?.warehouseId) where.warehouse = isUuid(filter.warehouseId) ? filter.warehouseId : null;
  if (filter?.lot != null) where.lot = filter.lot;
  return paginate(sc.em, Quant, where, { createdAt: 'asc' }, page);
}

export interface MoveFilter {
  productId?: string | null;
  sku?: string | null;
  locationId?: string | null;
  warehouseId?: string | null;
  reference?: string | null;
  from?: Date | null;
  to?: Date | null;
  state?: string | null;
}

export async function listMoves(sc: ServiceContext, filter: MoveFilter | undefined, page: PageArgs) {
  const where: FilterQuery<StockMove> = { company: sc.companyId };
  const and: FilterQuery<StockMove>[] = [];
  if (filter?.productId) where.product = isUuid(filter.productId) ? filter.productId : null;
  if (filter?.sku) where.product = { sku: filter.sku };
  if (filter?.locationId) {
    const id = isUuid(filter.locationId) ? filter.locationId : null;
    and.push({ $or: [{ source: id }, { destination: id }] });
  }
  if (filter?.warehouseId) {
    const id = isUuid(filter.warehouseId) ? filter.warehouseId : null;
    and.push({ $or: [{ sourceWarehouse: id }, { destinationWarehouse: id }] });
  }
  if (filter?.reference) where.reference = filter.reference;
  if (filter?.state) where.state = filter.state as StockMove['state'];
  if (filter?.from) and.push({ createdAt: { $gte: filter.from } });
  if (filter?.to) and.push({ createdAt: { $lte: filter.to } });
  if (and.length) where.$and = and;
  return paginate(sc.em, StockMove, where, { createdAt: 'desc' }, page);
}

/** Every move of a lot or serial in order, and where its quantity is now. */
export async function lotTrace(sc: ServiceContext, lot: string, sku?: string | null) {
  const product = sku ? await productFor(sc, { sku }, []) : null;
  const where: FilterQuery<StockMove> = { company: sc.companyId, lot, state: 'DONE' as StockMove['state'] };
  if (product) where.product = product;
  const moves = await sc.em.find(StockMove, where, { orderBy: { effectiveDate: 'asc', createdAt: 'asc', id: 'asc' } });
  const positions = await sc.em.execute<{ location: string; quantity: string }[]>(
    `select l.full_name as location, sum(q.quantity) as quantity from quant q join location l on l.id = q.location_id
      where q.company_id = ? and q.lot = ? ${product ? 'and q.product_id = ?' : ''} and q.quantity <> 0
      group by 1 order by 1`,
    product ? [sc.companyId, lot, product.id] : [sc.companyId, lot],
  );
  return { lot, moves, positions: positions.map((p) => ({ location: p.location, quantity: decToString(p.quantity) })) };
}
