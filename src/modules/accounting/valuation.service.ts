import { randomUUID } from 'node:crypto';
import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { CostingMethod } from '../catalog/catalog.enums';
import type { Location } from '../inventory/location.entity';
import { LocationType, ON_HAND_TYPES } from '../inventory/location-type.enum';
import type { StockMove } from '../inventory/stock-move.entity';
import { AccountRole, EntrySource } from './accounting.enums';
import {
  type Books,
  BOOKS_COLUMNS,
  type BooksRow,
  booksFrom,
  booksParams,
  money,
  openBooks,
  pair,
  type PostingLine,
} from './posting';
import { POST_ENTRY_SQL, writeEntry } from './journal-writer';
import { GrniClearing } from '../purchasing/grni-share';
import {
  exchangeLines,
  foreignOrderLines,
  type ReturnOrigin,
  originsOf,
  returnedAtReceiptCost,
  returnLines,
} from './return-valuation';

/** Layer state as a posting works on it; new layers get written once, with what is left of them. */
export interface OpenLayer {
  id: string;
  isNew: boolean;
  productId: string;
  warehouseId: string | null;
  remainingQuantity: Decimal;
  remainingValue: Decimal;
  /** The move that brought the layer in (a return to the supplier takes its receipt's layer first). */
  stockMoveId?: string | null;
}

export interface NewLayer {
  id: string;
  productId: string;
  warehouseId: string | null;
  quantity: Decimal;
  value: Decimal;
  stockMoveId?: string | null;
  landedCostId?: string | null;
  open?: OpenLayer;
}

/** Quantity one move took out of one layer (a valuation_layer_consumption row once written). */
export interface LayerTake {
  layerId: string;
  quantity: Decimal;
  stockMoveId?: string;
}

/** Goods the company owns: on hand in a warehouse, or in transit between two of its warehouses. */
function owned(location: Location): boolean {
  return ON_HAND_TYPES.includes(location.type) || location.type === LocationType.TRANSIT;
}

/** Valuation bucket of an owned location: its warehouse, or null for transit. */
function bucketOf(location: Location): string | null {
  return location.warehouse?.id ?? null;
}

const bucketKey = (productId: string, warehouseId: string | null) => `${productId}|${warehouseId ?? ''}`;

/** The other side of Inventory when goods come from or go to a virtual location. */
const COUNTERPART: Partial<Record<LocationType, AccountRole>> = {
  [LocationType.SUPPLIER]: AccountRole.GRNI,
  [LocationType.CUSTOMER]: AccountRole.COGS,
  [LocationType.INVENTORY_LOSS]: AccountRole.SHRINKAGE,
  [LocationType.SCRAP]: AccountRole.SCRAP,
  [LocationType.OPENING]: AccountRole.OPENING_BALANCE,
};

/** Open layers of some product x warehouse buckets, locked in FIFO (seq) order. */
export async function loadOpenLayers(
  sc: ServiceContext,
  buckets: { productId: string; warehouseId: string | null }[],
  at: Date,
): Promise<{ layers: Map<string, OpenLayer[]>; methods: Map<string, CostingMethod>; books: Books }> {
  const layers = new Map<string, OpenLayer[]>(buckets.map((b) => [bucketKey(b.productId, b.warehouseId), []]));
  const methods = new Map<string, CostingMethod>();
  if (buckets.length === 0) return { layers, methods, books: await openBooks(sc, at) };
  const productIds = [...new Set(buckets.map((b) => b.productId))];
  const rows = await sc.em.execute<
    {
      id: string | null;
      product_id: string;
      warehouse_id: string | null;
      remaining_quantity: string | null;
      remaining_value: string | null;
      method: CostingMethod;
      seq: string;
      stock_move_id: string | null;
    }[] &
      BooksRow[]
  >(
    // The books (on the first row), the products (for their costing method), then their open
    // layers locked in FIFO order: one round trip.
    `select b.*, x.* from (select ${BOOKS_COLUMNS}) b cross join (
     select p.id as product_id, coalesce(c.costing_method::text, 'FIFO') as method,
            null::uuid as id, null::uuid as warehouse_id, null::numeric as remaining_quantity,
            null::numeric as remaining_value, 0::bigint as seq, null::uuid as stock_move_id
       from product p left join product_category c on c.id = p.category_id
      where p.id in (${productIds.map(() => '?').join(', ')})
     union all
     select * from (
       select l.product_id, null::text, l.id, l.warehouse_id, l.remaining_quantity, l.remaining_value, l.seq,
              l.stock_move_id
         from valuation_layer l
        where l.remaining_quantity > 0
          and (${buckets.map((b) => (b.warehouseId ? '(l.product_id = ? and l.warehouse_id = ?)' : '(l.product_id = ? and l.warehouse_id is null)')).join(' or ')})
        order by l.seq
        for update of l) locked) x`,
    [
      ...booksParams(sc, at),
      ...productIds,
      ...buckets.flatMap((b) => (b.warehouseId ? [b.productId, b.warehouseId] : [b.productId])),
    ],
  );
  const books = booksFrom(rows[0], at);
  rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
  for (const row of rows) {
    if (row.id === null) {
      methods.set(row.product_id, row.method);
      continue;
    }
    layers.get(bucketKey(row.product_id, row.warehouse_id))?.push({
      id: row.id,
      isNew: false,
      productId: row.product_id,
      warehouseId: row.warehouse_id,
      remainingQuantity: new Decimal(row.remaining_quantity!),
      remainingValue: new Decimal(row.remaining_value!),
      stockMoveId: row.stock_move_id,
    });
  }
  return { layers, methods, books };
}

/**
 * Takes `quantity` out of a bucket's open layers and returns its value. FIFO takes the oldest
 * layers at their own cost; AVERAGE takes the bucket's average and spreads what is left over
 * the remaining layers. Taking all that is left takes exactly the value left, so rounding
 * never leaves cents behind. More than the layers hold (only possible in transit) is valued at
 * the last known unit cost.
 */
export function consume(
  open: OpenLayer[],
  quantity: Decimal,
  method: CostingMethod,
  fallbackUnitCost: Decimal,
  takes: LayerTake[] = [],
): Decimal {
  const live = open.filter((l) => l.remainingQuantity.gt(0));
  const totalQuantity = live.reduce((s, l) => s.plus(l.remainingQuantity), new Decimal(0));
  const totalValue = live.reduce((s, l) => s.plus(l.remainingValue), new Decimal(0));
  const taken = Decimal.min(quantity, totalQuantity);
  const excess = quantity.minus(taken);
  const excessUnitCost = totalQuantity.gt(0) ? totalValue.div(totalQuantity) : fallbackUnitCost;
  let value = new Decimal(0);
  if (method === CostingMethod.AVERAGE) {
    value = taken.eq(totalQuantity) ? totalValue : money(totalValue.times(taken).div(totalQuantity));
    let need = taken;
    for (const layer of live) {
      const take = Decimal.min(need, layer.remainingQuantity);
      if (take.gt(0)) takes.push({ layerId: layer.id, quantity: take });
      layer.remainingQuantity = layer.remainingQuantity.minus(take);
      need = need.minus(take);
    }
    spread(live, totalValue.minus(value));
  } else {
    let need = taken;
    for (const layer of live) {
      if (need.isZero()) break;
      const take = Decimal.min(need, layer.remainingQuantity);
      const v = take.eq(layer.remainingQuantity)
        ? layer.remainingValue
        : money(layer.remainingValue.times(take).div(layer.remainingQuantity));
      takes.push({ layerId: layer.id, quantity: take });
      layer.remainingQuantity = layer.remainingQuantity.minus(take);
      layer.remainingValue = layer.remainingValue.minus(v);
      value = value.plus(v);
      need = need.minus(take);
    }
  }
  return value.plus(money(excess.times(excessUnitCost)));
}

/**
 * Takes goods sent back to their supplier out of a bucket: first from the layer their receipt
 * made (Odoo values the return of a receipt at that receipt's cost, not at the oldest layer),
 * then, for what that layer no longer holds (sold or moved meanwhile), as any outbound move.
 * Average cost: the quantities are taken the same way, the value at the receipt's unit cost
 * (never more than the bucket holds), and the rest of the value is spread over what remains.
 */
export function consumeReturn(
  open: OpenLayer[],
  origin: ReturnOrigin,
  quantity: Decimal,
  method: CostingMethod,
  fallbackUnitCost: Decimal,
  takes: LayerTake[] = [],
): Decimal {
  const own = open.filter((l) => l.stockMoveId === origin.moveId && l.remainingQuantity.gt(0));
  const fromOwn = Decimal.min(
    quantity,
    own.reduce((s, l) => s.plus(l.remainingQuantity), new Decimal(0)),
  );
  if (method !== CostingMethod.AVERAGE) {
    const first = consume(own, fromOwn, CostingMethod.FIFO, fallbackUnitCost, takes);
    return first.plus(consume(open, quantity.minus(fromOwn), CostingMethod.FIFO, fallbackUnitCost, takes));
  }
  if (origin.unitCost === null) return consume(open, quantity, method, fallbackUnitCost, takes);
  const live = open.filter((l) => l.remainingQuantity.gt(0));
  const totalQuantity = live.reduce((s, l) => s.plus(l.remainingQuantity), new Decimal(0));
  const totalValue = live.reduce((s, l) => s.plus(l.remainingValue), new Decimal(0));
  const taken = Decimal.min(quantity, totalQuantity);
  const atCost = money(origin.unitCost.times(quantity));
  const value = taken.eq(totalQuantity)
    ? totalValue.plus(money(quantity.minus(taken).times(origin.unitCost)))
    : Decimal.min(atCost, totalValue);
  let need = taken;
  for (const layer of [...own, ...live.filter((l) => !own.includes(l))]) {
    const take = Decimal.min(need, layer.remainingQuantity);
    if (take.gt(0)) takes.push({ layerId: layer.id, quantity: take });
    layer.remainingQuantity = layer.remainingQuantity.minus(take);
    need = need.minus(take);
  }
  spread(live, taken.eq(totalQuantity) ? new Decimal(0) : totalValue.minus(value));
  return value;
}

/** Spreads a value over layers in proportion to what is left of them; the last takes the rounding. */
export function spread(layers: OpenLayer[], value: Decimal): void {
  const live = layers.filter((l) => l.remainingQuantity.gt(0));
  for (const l of layers) if (!l.remainingQuantity.gt(0)) l.remainingValue = new Decimal(0);
  if (live.length === 0) return;
  const quantity = live.reduce((s, l) => s.plus(l.remainingQuantity), new Decimal(0));
  let left = value;
  live.forEach((layer, i) => {
    const share = i === live.length - 1 ? left : money(value.times(layer.remainingQuantity).div(quantity));
    layer.remainingValue = share;
    left = left.minus(share);
  });
}

/** Unit cost of goods coming back without a cost: the bucket's average, else the product's last layer, else 0. */
async function currentUnitCosts(
  sc: ServiceContext,
  buckets: { productId: string; warehouseId: string | null }[],
): Promise<Map<string, Decimal>> {
  const costs = new Map<string, Decimal>();
  if (buckets.length === 0) return costs;
  const rows = await sc.em.execute<{ product_id: string; warehouse_id: string | null; cost: string | null }[]>(
    `select b.product_id, b.warehouse_id,
            coalesce(
              (select sum(l.remaining_value) / nullif(sum(l.remaining_quantity), 0) from valuation_layer l
                where l.product_id = b.product_id and l.warehouse_id is not distinct from b.warehouse_id
                  and l.remaining_quantity > 0),
              (select l.value / l.quantity from valuation_layer l
                where l.product_id = b.product_id and l.quantity <> 0 order by l.seq desc limit 1)) as cost
       from (values ${buckets.map(() => '(?::uuid, ?::uuid)').join(', ')}) b(product_id, warehouse_id)`,
    buckets.flatMap((b) => [b.productId, b.warehouseId]),
  );
  for (const row of rows) costs.set(bucketKey(row.product_id, row.warehouse_id), new Decimal(row.cost ?? 0));
  return costs;
}

/**
 * Writes what a posting did to the layers, and (with `postEntryId`) marks its entry POSTED, in
 * one statement: updated remainders, new layers and the entry's state go in one round trip.
 */
export async function writeLayers(
  sc: ServiceContext,
  touched: OpenLayer[],
  created: NewLayer[],
  at: Date,
  entryId: string | null,
  options: { postEntry?: boolean; takes?: LayerTake[] } = {},
): Promise<void> {
  const ctes: string[] = [];
  const params: unknown[] = [];
  const takes = options.takes ?? [];
  if (takes.length) {
    // Layers this statement creates are referenced too: foreign keys are checked at its end.
    ctes.push(
      `taken as (insert into valuation_layer_consumption (id, created_at, updated_at, company_id, layer_id, stock_move_id, quantity)
       values ${takes.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?)').join(', ')} returning id)`,
    );
    params.push(...takes.flatMap((t) => [sc.companyId, t.layerId, t.stockMoveId, t.quantity.toFixed()]));
  }
  if (entryId && options.postEntry) {
    ctes.push(`posted as (${POST_ENTRY_SQL} returning id)`);
    params.push(sc.actor, entryId);
  }
  const updates = touched.filter((l) => !l.isNew);
  if (updates.length) {
    ctes.push(
      `remaining as (update valuation_layer v set remaining_quantity = x.rq::numeric, remaining_value = x.rv::numeric,
              updated_at = now()
         from (values ${updates.map(() => '(?::uuid, ?, ?)').join(', ')}) x(id, rq, rv)
        where v.id = x.id returning v.id)`,
    );
    params.push(...updates.flatMap((l) => [l.id, l.remainingQuantity.toFixed(), l.remainingValue.toFixed(2)]));
  }
  let main = 'select 1';
  if (created.length) {
    main = `insert into valuation_layer (id, created_at, updated_at, company_id, seq, product_id, warehouse_id, date,
                                  quantity, value, remaining_quantity, remaining_value, stock_move_id, landed_cost_id,
                                  entry_id)
       values ${created.map(() => "(?, now(), now(), ?, nextval('valuation_layer_seq'), ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?)").join(', ')}`;
    params.push(
      ...created.flatMap((l) => [
        l.id,
        sc.companyId,
        l.productId,
        l.warehouseId,
        at.toISOString(),
        l.quantity.toFixed(),
        l.value.toFixed(2),
        (l.open?.remainingQuantity ?? new Decimal(0)).toFixed(),
        (l.open?.remainingValue ?? new Decimal(0)).toFixed(2),
        l.stockMoveId ?? null,
        l.landedCostId ?? null,
        entryId,
      ]),
    );
  }
  if (ctes.length === 0 && !created.length) return;
  await sc.em.execute(`${ctes.length ? `with ${ctes.join(', ')} ` : ''}${main}`, params);
}

/**
 * Values the moves `postMoves` just made DONE, in the same transaction: layers in and out of
 * each product x warehouse, and one stock journal entry (DOMAIN.md's table of postings).
 * Moves inside one warehouse carry no value; moves between warehouses (through transit) carry
 * their layers' value across, Inventory to Inventory per warehouse. A few set-based
 * statements per call, whatever the number of moves; none when nothing is valued.
 */
export async function valueMoves(sc: ServiceContext, moves: StockMove[], at: Date): Promise<void> {
  const valued = moves.filter((m) => {
    const source = m.source.getEntity();
    const destination = m.destination.getEntity();
    if (!owned(source) && !owned(destination)) return false;
    return !(owned(source) && owned(destination) && bucketOf(source) === bucketOf(destination));
  });
  if (valued.length === 0) return;

  const outBuckets = new Map<string, { productId: string; warehouseId: string | null }>();
  const costBuckets = new Map<string, { productId: string; warehouseId: string | null }>();
  for (const m of valued) {
    const source = m.source.getEntity();
    const destination = m.destination.getEntity();
    if (owned(source)) {
      outBuckets.set(bucketKey(m.product.id, bucketOf(source)), {
        productId: m.product.id,
        warehouseId: bucketOf(source),
      });
    } else if (m.unitCost == null) {
      costBuckets.set(bucketKey(m.product.id, bucketOf(destination)), {
        productId: m.product.id,
        warehouseId: bucketOf(destination),
      });
    }
  }
  // Unknown costs are looked up before any layer changes: the cost as it stood when the goods came back.
  const costs = await currentUnitCosts(sc, [...costBuckets.values()]);
  // Goods sent back to their supplier leave at the cost they came in at (return-valuation.ts).
  const origins = await originsOf(sc, valued);
  // Receipts and returns of foreign-currency order lines move GR/IR by its one rule (grni-share.ts).
  const orderLines = await foreignOrderLines(sc, valued, origins);
  const grni = new GrniClearing(sc, { moveIds: valued.map((m) => m.id) });
  const { layers, methods, books } = await loadOpenLayers(sc, [...outBuckets.values()], at);
  const bucket = (productId: string, warehouseId: string | null) => {
    const key = bucketKey(productId, warehouseId);
    if (!layers.has(key)) layers.set(key, []);
    return layers.get(key)!;
  };

  const created: NewLayer[] = [];
  const lines: PostingLine[] = [];
  const takes: LayerTake[] = [];
  for (const m of valued) {
    const product = m.product.getEntity();
    const source = m.source.getEntity();
    const destination = m.destination.getEntity();
    const quantity = new Decimal(m.quantity);
    const label = `${product.sku} x ${quantity.toFixed()} ${source.fullName} > ${destination.fullName}`;
    const common = { productId: product.id, stockMoveId: m.id, label };
    let value: Decimal;
    if (owned(source)) {
      const from = bucketOf(source);
      const fallback = costs.get(bucketKey(product.id, from)) ?? new Decimal(0);
      const taken: LayerTake[] = [];
      const method = methods.get(product.id) ?? CostingMethod.FIFO;
      const origin = destination.type === LocationType.SUPPLIER ? origins.get(m.id) : undefined;
      value = origin
        ? consumeReturn(bucket(product.id, from), origin, quantity, method, fallback, taken)
        : consume(bucket(product.id, from), quantity, method, fallback, taken);
      takes.push(...taken.map((t) => ({ ...t, stockMoveId: m.id })));
      created.push({
        id: randomUUID(),
        productId: product.id,
        warehouseId: from,
        quantity: quantity.negated(),
        value: value.negated(),
        stockMoveId: m.id,
      });
    } else {
      const unitCost =
        m.unitCost != null
          ? new Decimal(m.unitCost)
          : (costs.get(bucketKey(product.id, bucketOf(destination))) ?? new Decimal(0));
      value = money(quantity.times(unitCost));
    }
    if (owned(destination)) {
      const to = bucketOf(destination);
      const open: OpenLayer = {
        id: randomUUID(),
        isNew: true,
        productId: product.id,
        warehouseId: to,
        remainingQuantity: quantity,
        remainingValue: value,
      };
      bucket(product.id, to).push(open);
      created.push({ id: open.id, productId: product.id, warehouseId: to, quantity, value, stockMoveId: m.id, open });
    }
    const inventory = (warehouseId: string | null) => ({ ...common, accountId: books.accounts.INVENTORY, warehouseId });
    if (owned(source) && owned(destination)) {
      lines.push(...pair(value, inventory(bucketOf(destination)), inventory(bucketOf(source))));
    } else if (owned(source) && origins.has(m.id) && destination.type === LocationType.SUPPLIER) {
      const origin = origins.get(m.id)!;
      const line = orderLines.get(m.id);
      const cleared = line
        ? (await grni.move(line, quantity.negated(), returnedAtReceiptCost(origin, quantity, value))).negated()
        : undefined;
      lines.push(...returnLines(books, origin, quantity, value, inventory(bucketOf(source)), cleared));
    } else if (!owned(source) && orderLines.has(m.id)) {
      // A receipt of an order line in a foreign currency: GR/IR takes back what bills of goods
      // not yet received (or sent back after their bill) left open, the rest at its cost.
      const credit = await grni.move(orderLines.get(m.id)!, quantity, value);
      const counterpart = { ...common, warehouseId: bucketOf(destination) };
      lines.push(
        { ...inventory(bucketOf(destination)), debit: value, credit: new Decimal(0) },
        {
          ...counterpart,
          accountId: books.accounts.GRNI,
          debit: credit.lt(0) ? credit.negated() : new Decimal(0),
          credit: Decimal.max(credit, 0),
        },
        ...exchangeLines(books, credit, value, true, counterpart),
      );
    } else if (owned(source)) {
      const role = COUNTERPART[destination.type] ?? AccountRole.SHRINKAGE;
      lines.push(
        ...pair(
          value,
          { ...common, accountId: books.accounts[role], warehouseId: bucketOf(source) },
          inventory(bucketOf(source)),
        ),
      );
    } else {
      const role = COUNTERPART[source.type] ?? AccountRole.SHRINKAGE;
      lines.push(
        ...pair(value, inventory(bucketOf(destination)), {
          ...common,
          accountId: books.accounts[role],
          warehouseId: bucketOf(destination),
        }),
      );
    }
  }
  // Numbered at commit: the stock journal's counter is the one row every valued move shares.
  const entryId = await writeEntry(
    sc,
    books,
    { journal: 'STOCK', date: at, source: EntrySource.STOCK, reference: valued[0].reference ?? null, lines },
    { deferPosting: true, numbering: 'AT_COMMIT' },
  );
  await writeLayers(sc, [...layers.values()].flat(), created, at, entryId, { postEntry: true, takes });
}

export type { Books };
