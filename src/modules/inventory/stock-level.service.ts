import type { FilterQuery } from '@mikro-orm/core';
import { Decimal, decToString } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { UserErrorCode, fail } from '../../graphql/errors';
import { isUuid } from '../../graphql/problems';
import type { ServiceContext } from '../../graphql/service-context';
import { assertWarehouseCodes, productFor, warehouseFor } from './inventory.lookup';
import { Quant } from './quant.entity';
import { queryRows } from '../../db/sql';
import { type QuantDrift, StockLevel, type StockReconcileReport } from './stock-level.types';
import { StockMove } from './stock-move.entity';

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
  reserved: string;
  on_hand: string;
  quality_hold: string;
  damaged: string;
  incoming: string;
  in_transit: string;
  outgoing: string;
  safety_stock: string;
}

/**
 * `reserved` per product x warehouse for the given product and warehouse id sets (SQL
 * subqueries), from the database function `stock_reserved` (migrations/Migration20261124221500):
 * the ReservedStock counter (open quantity of active lines, kept by a trigger) less the active
 * lines already past their expiry. Expiry applies at read time: a lapsed line stops counting
 * before any sweeper runs.
 */
export function reservedByPairSql(productIds: string, warehouseIds: string): string {
  // Arrays through LATERAL, not sub-select arguments: PostgreSQL then inlines the function.
  return `select r.product_id, r.warehouse_id, r.reserved
            from (select array(select x from ${productIds} as t(x)) as ps, array(select x from ${warehouseIds} as t(x)) as ws) a,
                 lateral stock_reserved(a.ps, a.ws) r`;
}

/**
 * What may still be promised (before any channel buffer) for each pair of `pairs`, a SQL
 * relation with product_id and warehouse_id columns: internal on hand less reserved and safety
 * stock, never below 0; the same figure as `sellable()` of a FigureRow, for a few pairs.
 */
export function sellableByPairSql(pairs: string): string {
  return `select x.product_id, x.warehouse_id,
                 greatest(0, coalesce((select sum(q.quantity) from quant q
                                        join location l on l.id = q.location_id and l.type = 'INTERNAL'
                                       where q.product_id = x.product_id and q.warehouse_id = x.warehouse_id), 0)
                           - coalesce((select r.reserved from stock_reserved(array[x.product_id], array[x.warehouse_id]) r), 0)
                           - coalesce((select ss.quantity from safety_stock ss
                                        where ss.product_id = x.product_id and ss.warehouse_id = x.warehouse_id), 0)) as sellable
            from ${pairs} x`;
}

/** `column in (?, ?, ...)` with its bindings appended; an empty list matches nothing. */
function inList(column: string, values: unknown[], params: unknown[]): string {
  if (values.length === 0) return 'false';
  params.push(...values);
  return `${column} in (${values.map(() => '?').join(', ')})`;
}

/**
 * One statement for every product x warehouse asked: the raw figures come from the database
 * function `stock_level_figures` (quants by location type, open moves by direction, safety
 * stock, reserved), the same one the outbox publishes, so a subscriber and a query agree.
 */
export async function stockLevels(sc: ServiceContext, filter: StockLevelFilter): Promise<StockLevel[]> {
  if (filter.warehouseCodes?.length) await assertWarehouseCodes(sc, filter.warehouseCodes, ['warehouseCodes']);
  return (await stockFigures(sc, filter)).map(toStockLevel);
}

/** The raw figures behind `stockLevels`, also used by availability and reservations. */
export async function stockFigures(sc: ServiceContext, filter: StockLevelFilter): Promise<FigureRow[]> {
  const params: unknown[] = [sc.companyId];
  const productFilters: string[] = [];
  if (filter.skus) productFilters.push(inList('sku', filter.skus, params));
  if (filter.productIds) productFilters.push(inList('id', filter.productIds.filter(isUuid), params));
  const productWhere = productFilters.length ? `and (${productFilters.join(' or ')})` : '';
  const warehouseFilters: string[] = [];
  const warehouseParams: unknown[] = [sc.companyId];
  if (filter.warehouseIds) warehouseFilters.push(inList('id', filter.warehouseIds.filter(isUuid), warehouseParams));
  if (filter.warehouseCodes) {
    warehouseFilters.push(
      inList(
        'code',
        filter.warehouseCodes.map((c) => c.toUpperCase()),
        warehouseParams,
      ),
    );
  }
  const warehouseWhere = warehouseFilters.length ? `and (${warehouseFilters.join(' or ')})` : '';
  // Without a product filter, only pairs with stock, open moves or reservations: a catalog times every warehouse is noise.
  const rows = await sc.em.execute<FigureRow[]>(
    `with p as (select id, sku from product where company_id = ? ${productWhere}),
          w as (select id, code from warehouse where company_id = ? ${warehouseWhere}),
          a as (select array(select id from p) as ps, array(select id from w) as ws),
          f as (select f.* from a, lateral stock_level_figures(a.ps, a.ws) f)
     select p.id as product_id, w.id as warehouse_id, p.sku, w.code as warehouse_code,
            f.reserved, f.on_hand, f.quality_hold, f.damaged, f.incoming, f.in_transit, f.outgoing, f.safety_stock
       from f join p on p.id = f.product_id join w on w.id = f.warehouse_id
       ${productFilters.length ? '' : 'where f.active'}
      order by p.sku, w.code
      limit ${MAX_STOCK_LEVEL_ROWS + 1}`,
    [...params, ...warehouseParams],
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

export function toStockLevel(row: FigureRow): StockLevel {
  const reserved = new Decimal(row.reserved);
  const onHand = new Decimal(row.on_hand);
  const available = Decimal.max(
    0,
    onHand.minus(row.quality_hold).minus(row.damaged).minus(reserved).minus(row.safety_stock),
  );
  const forecast = onHand.plus(row.incoming).minus(row.outgoing).minus(reserved);
  return Object.assign(new StockLevel(), {
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    onHand: decToString(onHand),
    available: decToString(available),
    reserved: decToString(reserved),
    qualityHold: decToString(row.quality_hold),
    damaged: decToString(row.damaged),
    safetyStock: decToString(row.safety_stock),
    inTransit: decToString(row.in_transit),
    incoming: decToString(row.incoming),
    outgoing: decToString(row.outgoing),
    forecast: decToString(forecast),
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
  return {
    sku: product.sku,
    warehouseCode: warehouse?.code ?? null,
    ok: differences.length === 0 && new Decimal(totalOverAllLocations).isZero() && reservedDifferences.length === 0,
    differences,
    totalOverAllLocations,
    reservedDifferences,
  };
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
