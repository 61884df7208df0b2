import { LRUCache } from 'lru-cache';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stockPairKey } from '../inventory/stock-locks';

export interface WarehouseRef {
  id: string;
  code: string;
}

/** What a reservation needs to know before it locks: the snapshot statement's answer. */
export interface ReservationSnapshot {
  channel: { id: string } | null;
  channel_warehouses: WarehouseRef[];
  all_warehouses: WarehouseRef[];
  named: (WarehouseRef & { active: boolean })[];
  products: { id: string; sku: string; active: boolean }[];
  figures: { p: string; w: string; s: string }[];
  /** The components of the kits among the products (none from the cache: kits are never cached). */
  kits?: { kit: string; id: string; sku: string; active: boolean; quantity: string }[];
  /** With a channel: the buffer of each product of the figures on it (channel-buffers.ts). */
  buffers?: { p: string; b: string }[];
}

/** The parts of a reservation request that name catalog records. */
export interface SourcingRequest {
  channel?: string | null;
  lines: {
    sku?: string | null;
    productId?: string | null;
    warehouseCode?: string | null;
    warehouseId?: string | null;
  }[];
}

const ENTRIES = 100_000;

/**
 * At most `entries` entries, storage growing with use. lru-cache allocates its whole storage up
 * front when given `max`: 8.5 ms and ~2.8 MB per cache of 100,000, so the first reservation of
 * each process (and of each test server) paid ~45 ms for five mostly empty caches.
 */
function bounded<V extends object | string>(entries: number): LRUCache<string, V> {
  return new LRUCache<string, V>({ maxSize: entries, sizeCalculation: () => 1 });
}

/**
 * The snapshot facts seen last, per process, so that the storefront's common reservation needs no
 * read before its locked statement: active products by SKU and id, active warehouses by code and
 * id, a channel's active warehouses in priority order and its buffer for each product, every
 * active warehouse, and the last sellable figure of each product x warehouse. Nothing here is trusted: the locked statement
 * checks every catalog fact the plan relied on (RESERVE's facts) and every figure, and on any
 * difference the request takes the full path, whose fresh snapshot refreshes these entries. Only
 * what was found active is kept, so an error (unknown SKU, inactive warehouse) always comes from
 * a fresh read.
 */
export class SourcingCache {
  private readonly products = bounded<{ id: string; sku: string }>(ENTRIES);
  private readonly warehouses = bounded<WarehouseRef>(ENTRIES);
  private readonly channels = bounded<{ id: string; warehouses: WarehouseRef[] }>(ENTRIES);
  /** By channel id and product id. */
  private readonly buffers = bounded<string>(ENTRIES);
  private readonly allWarehouses = bounded<WarehouseRef[]>(1_000);
  private readonly sellable = bounded<string>(ENTRIES);

  /** The snapshot this request would read, from what was seen before; null when anything is missing. */
  snapshot(companyId: string, request: SourcingRequest): ReservationSnapshot | null {
    const products: ReservationSnapshot['products'] = [];
    const named: ReservationSnapshot['named'] = [];
    for (const line of request.lines) {
      const product = line.productId
        ? this.products.get(`${companyId}|id|${line.productId}`)
        : line.sku
          ? this.products.get(`${companyId}|sku|${line.sku}`)
          : undefined;
      if (!product) return null;
      products.push({ ...product, active: true });
      if (line.warehouseId || line.warehouseCode) {
        const warehouse = this.warehouses.get(warehouseKey(companyId, line));
        if (!warehouse) return null;
        named.push({ ...warehouse, active: true });
      }
    }
    const channel = request.channel ? this.channels.get(`${companyId}|${request.channel}`) : undefined;
    if (request.channel && !channel) return null;
    const unnamed = request.lines.some((l) => !l.warehouseId && !l.warehouseCode);
    const all = !request.channel && unnamed ? this.allWarehouses.get(companyId) : [];
    if (!all) return null;
    const buffers: NonNullable<ReservationSnapshot['buffers']> = [];
    if (channel) {
      for (const product of products) {
        const b = this.buffers.get(`${channel.id}|${product.id}`);
        if (b === undefined) return null;
        buffers.push({ p: product.id, b });
      }
    }
    const figures: ReservationSnapshot['figures'] = [];
    const candidates = [...(channel?.warehouses ?? []), ...all, ...named];
    for (const product of products) {
      for (const warehouse of candidates) {
        const s = this.sellable.get(stockPairKey(product.id, warehouse.id));
        if (s === undefined) return null;
        figures.push({ p: product.id, w: warehouse.id, s });
      }
    }
    return {
      channel: channel ? { id: channel.id } : null,
      channel_warehouses: channel?.warehouses ?? [],
      all_warehouses: all,
      named,
      products,
      figures,
      buffers,
    };
  }

  /** Keeps what a fresh snapshot found active, and forgets what it asked for and did not find so. */
  remember(companyId: string, request: SourcingRequest, snapshot: ReservationSnapshot): void {
    for (const line of request.lines) {
      if (line.productId) this.products.delete(`${companyId}|id|${line.productId}`);
      else if (line.sku) this.products.delete(`${companyId}|sku|${line.sku}`);
      if (line.warehouseId || line.warehouseCode) this.warehouses.delete(warehouseKey(companyId, line));
    }
    const kits = new Set(snapshot.kits?.map((k) => k.kit));
    for (const p of snapshot.products) {
      for (const key of [`${companyId}|id|${p.id}`, `${companyId}|sku|${p.sku}`]) {
        // A kit is never planned from the cache: its reservation checks its components under the locks.
        if (p.active && !kits.has(p.id)) this.products.set(key, { id: p.id, sku: p.sku });
        else this.products.delete(key);
      }
    }
    for (const w of snapshot.named) {
      for (const key of [`${companyId}|id|${w.id}`, `${companyId}|code|${w.code}`]) {
        if (w.active) this.warehouses.set(key, { id: w.id, code: w.code });
        else this.warehouses.delete(key);
      }
    }
    if (request.channel) {
      const key = `${companyId}|${request.channel}`;
      if (snapshot.channel) {
        this.channels.set(key, { id: snapshot.channel.id, warehouses: snapshot.channel_warehouses });
        for (const b of snapshot.buffers ?? []) this.buffers.set(`${snapshot.channel.id}|${b.p}`, b.b);
      } else this.channels.delete(key);
    } else {
      // The snapshot reads every active warehouse only when the request names no channel.
      this.allWarehouses.set(companyId, snapshot.all_warehouses);
    }
    this.rememberFigures(snapshot.figures);
  }

  /** Keeps the sellable figures of product x warehouse pairs (read fresh, or left by a reservation). */
  rememberFigures(figures: { p: string; w: string; s: string }[]): void {
    for (const f of figures) this.sellable.set(stockPairKey(f.p, f.w), f.s);
  }
}

function warehouseKey(companyId: string, line: SourcingRequest['lines'][number]): string {
  return line.warehouseId
    ? `${companyId}|id|${line.warehouseId}`
    : `${companyId}|code|${line.warehouseCode!.toUpperCase()}`;
}

const caches = new WeakMap<object, SourcingCache>();

/** The cache of the database this entity manager works on (one per ORM instance, shared by its forks). */
export function sourcingCache(em: EntityManager): SourcingCache {
  let cache = caches.get(em.config);
  if (!cache) caches.set(em.config, (cache = new SourcingCache()));
  return cache;
}
