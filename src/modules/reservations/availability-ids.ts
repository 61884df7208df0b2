import type { SkuAvailability } from './availability.service';

/**
 * Ids of availability figures, so that client caches (Apollo Client's InMemoryCache, urql's
 * Graphcache) keep one object per figure and replace it when `availabilityChanged` pushes a new
 * one. A figure is the same when the SKU, the channel (its warehouses and buffer) and the
 * warehouse codes asked for are: `availability(skus, channel)` and `availabilityChanged(skus,
 * channel)` share their ids, while a query narrowed by `warehouseCodes` totals other warehouses
 * and has ids of its own. Readable, but clients must treat them as opaque.
 */
export function availabilityId(sku: string, channel: string | null, warehouseCodes: string[] | null): string {
  let id = `availability?sku=${formValue(sku)}`;
  if (channel) id += `&channel=${formValue(channel)}`;
  if (warehouseCodes) {
    id += `&warehouses=${formValue([...new Set(warehouseCodes.map((c) => c.toUpperCase()))].sort().join())}`;
  }
  return id;
}

/** One warehouse's figure depends on the channel (its buffer), not on which other warehouses were asked for. */
export function warehouseAvailabilityId(sku: string, channel: string | null, warehouseCode: string): string {
  return `${figureOf(sku, channel)}&warehouse=${formValue(warehouseCode)}`;
}

/** The part of a warehouse figure's id its SKU and channel make. */
function figureOf(sku: string, channel: string | null): string {
  return `availability?sku=${formValue(sku)}${channel ? `&channel=${formValue(channel)}` : ''}`;
}

/** Characters application/x-www-form-urlencoded leaves as they are. */
const PLAIN = /^[A-Za-z0-9*._-]*$/;

/**
 * A value as URLSearchParams writes it (the ids' format): plain SKUs and codes, the usual case,
 * as they are, without building a URLSearchParams per id (300 per 50-SKU availability answer).
 */
function formValue(value: string): string {
  return PLAIN.test(value) ? value : new URLSearchParams({ v: value }).toString().slice(2);
}

export type IdentifiedAvailability = SkuAvailability & {
  id: string;
  warehouses: (SkuAvailability['warehouses'][number] & { id: string })[];
};

/**
 * A figure whose id is built when a client selects it: most storefront queries do not, and
 * building 300 ids per 50-SKU answer (with copies of every entry) cost the availability request
 * about 6% of its API CPU.
 */
class SkuFigure implements IdentifiedAvailability {
  readonly sku: string;
  readonly productId: string | null;
  readonly available: string;
  readonly warehouses: WarehouseFigure[];

  constructor(
    entry: SkuAvailability,
    private readonly channel: string | null,
    private readonly warehouseCodes: string[] | null,
  ) {
    this.sku = entry.sku;
    this.productId = entry.productId;
    this.available = entry.available;
    this.warehouses = entry.warehouses.map((w) => new WarehouseFigure(entry.sku, channel, w));
  }

  get id(): string {
    return availabilityId(this.sku, this.channel, this.warehouseCodes);
  }
}

class WarehouseFigure {
  readonly warehouseCode: string;
  readonly warehouseId: string;
  readonly available: string;

  constructor(
    private readonly sku: string,
    private readonly channel: string | null,
    figure: SkuAvailability['warehouses'][number],
  ) {
    this.warehouseCode = figure.warehouseCode;
    this.warehouseId = figure.warehouseId;
    this.available = figure.available;
  }

  get id(): string {
    return warehouseAvailabilityId(this.sku, this.channel, this.warehouseCode);
  }
}

/** The entries of `availability` or `availabilityChanged` with their ids. */
export function withAvailabilityId(
  entry: SkuAvailability,
  channel: string | null | undefined,
  warehouseCodes?: string[] | null,
): IdentifiedAvailability {
  return new SkuFigure(entry, channel ?? null, warehouseCodes ?? null);
}
