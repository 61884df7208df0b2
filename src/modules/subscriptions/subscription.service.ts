import { IsolationLevel } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { Decimal, decToString } from '../../db/decimal';
import type { Context } from '../../graphql/context';
import { DomainError } from '../../domain/errors';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { type LiveConnection, LiveStream } from '../../pubsub/live-stream';
import type { StoredEvent } from '../../pubsub/stock-event-hub';
import { markShared } from '../../pubsub/shared-execution';
import { type FigureRow, toStockLevel } from '../inventory/stock-level.service';
import { kitUnits } from '../inventory/kit-figures';
import type { StockLevel } from '../inventory/stock-level.types';
import { availability, MAX_AVAILABILITY_SKUS, type SkuAvailability } from '../reservations/availability.service';
import { channelFor } from '../reservations/channel.service';
import { channelBuffers } from '../reservations/channel-buffers';
import type {
  ReservationEvent,
  ReservationSubscriptionFilter,
  StockEventCauseKind,
  StockLevelDelta,
  StockLevelEvent,
  StockMoveEvent,
  StockMoveSubscriptionFilter,
} from './subscription.types';

/** The figures as the flush trigger stores them (text decimals), every one computed by `stock_level_figures`. */
interface Figures {
  onHand: string;
  pickable: string;
  qualityHold: string;
  damaged: string;
  incoming: string;
  inTransit: string;
  outgoing: string;
  committed: string;
  safetyStock: string;
  reserved: string;
  available: string;
  short: string;
  forecast: string;
}

/**
 * Events stored before the figures had one definition (Migration20261206231736) carry only the
 * raw figures of the time: what they meant then (on hand less quality hold and damaged was taken
 * as sellable, nothing was committed), so that a resume across the upgrade still reads them.
 */
function storedFigures(figures: Partial<Figures> & Pick<Figures, 'onHand' | 'reserved'>): Figures {
  if (figures.available != null) return figures as Figures;
  const d = (v: string | undefined) => new Decimal(v ?? 0);
  const pickable = d(figures.onHand).minus(d(figures.qualityHold)).minus(d(figures.damaged));
  const held = d(figures.reserved).plus(d(figures.safetyStock));
  return {
    ...(figures as Figures),
    pickable: decToString(pickable),
    committed: '0',
    available: decToString(Decimal.max(0, pickable.minus(held))),
    short: decToString(Decimal.max(0, d(figures.reserved).minus(pickable))),
    forecast: decToString(
      d(figures.onHand).plus(d(figures.incoming)).minus(d(figures.outgoing)).minus(d(figures.reserved)),
    ),
  };
}

interface StockLevelPayload {
  sku: string;
  warehouseCode: string;
  figures: Figures;
  previous: Figures;
  causes?: StoredCause[];
  causeCount?: number;
  /** A kit's event (Migration20261207021108): its components' available and quantity per kit. */
  components?: { productId: string; quantity: string; available: string }[];
}

/** A kit's available on a channel: each component keeps its own buffer back, as availability does. */
export function kitAvailable(
  components: NonNullable<StockLevelPayload['components']>,
  bufferOf: (productId: string) => Decimal,
): string {
  return decToString(
    kitUnits(
      components.map((c) => ({
        figure: Decimal.max(0, new Decimal(c.available).minus(bufferOf(c.productId))),
        quantity: c.quantity,
      })),
    ),
  );
}

function liveOf(ctx: Context): LiveConnection {
  if (!ctx.live) {
    throw new GraphQLError('Subscriptions run over graphql-ws (WebSocket) on /graphql', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return ctx.live;
}

function badInput(field: string, message: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: [field] } });
}

/** null or undefined: no filter; a list (even empty) matches only what it names, as in the queries. */
function setOf(values: readonly string[] | null | undefined, normalize = (v: string) => v): Set<string> | null {
  return values ? new Set(values.map(normalize)) : null;
}
const upper = (code: string) => code.toUpperCase();

/**
 * A resume point must be a whole number and not older than what is still stored: events past
 * the retention are gone, and resuming as if nothing had happened would skip them silently.
 */
async function checkAfterSequence(
  live: LiveConnection,
  companyId: string,
  afterSequence: number | null | undefined,
): Promise<void> {
  if (afterSequence == null) return;
  if (!Number.isSafeInteger(afterSequence) || afterSequence < 0) {
    badInput('afterSequence', 'afterSequence must be a whole number, 0 or more');
  }
  const resumable = await live.hub.resumableFrom(companyId);
  if (afterSequence < resumable) {
    throw new GraphQLError(
      `afterSequence ${afterSequence} is older than the stored events (kept from ${resumable + 1}): ` +
        're-read the figures with a query, then subscribe without afterSequence',
      { extensions: { code: 'RESUME_POINT_EXPIRED', field: ['afterSequence'], resumableFrom: resumable } },
    );
  }
}

function figureRow(event: StoredEvent, payload: StockLevelPayload, stored: Figures): FigureRow {
  const figures = storedFigures(stored);
  return {
    product_id: event.productId!,
    warehouse_id: event.warehouseId!,
    sku: payload.sku,
    warehouse_code: payload.warehouseCode,
    on_hand: figures.onHand,
    pickable: figures.pickable,
    quality_hold: figures.qualityHold,
    damaged: figures.damaged,
    incoming: figures.incoming,
    in_transit: figures.inTransit,
    outgoing: figures.outgoing,
    committed: figures.committed,
    safety_stock: figures.safetyStock,
    reserved: figures.reserved,
    available: figures.available,
    short: figures.short,
    forecast: figures.forecast,
  };
}

const DELTA_FIELDS = [
  'onHand',
  'pickable',
  'available',
  'reserved',
  'committed',
  'short',
  'qualityHold',
  'damaged',
  'safetyStock',
  'inTransit',
  'incoming',
  'outgoing',
  'forecast',
] as const satisfies readonly (keyof StockLevel & keyof StockLevelDelta)[];

function cause(event: StoredEvent) {
  return {
    kind: (event.cause.kind ?? 'QUANT') as StockEventCauseKind,
    // Every staged change names its record (Migration20261206233000QuantCauseId).
    id: event.cause.id!,
    reference: event.cause.reference,
  };
}

/** A cause as the flush lists it in a STOCK_LEVEL payload (Migration20261207030000StockLevelCauses). */
interface StoredCause {
  kind: string;
  id: string;
  reference: string | null;
}

/** A STOCK_LEVEL row as the client gets it: available and forecast come from toStockLevel, the one rule. */
export function toStockLevelEvent(event: StoredEvent): StockLevelEvent {
  const payload = event.payload as unknown as StockLevelPayload;
  const level = toStockLevel(figureRow(event, payload, payload.figures));
  const before = toStockLevel(figureRow(event, payload, payload.previous));
  const delta = {} as StockLevelDelta;
  for (const field of DELTA_FIELDS) delta[field] = decToString(new Decimal(level[field]).minus(before[field]));
  return {
    sequence: event.sequence,
    committedAt: event.committedAt,
    cause: cause(event),
    // Events stored before causes were listed carry their one cause only.
    causes: payload.causes?.map((c) => ({ ...c, kind: c.kind as StockEventCauseKind })) ?? [cause(event)],
    causeCount: payload.causeCount ?? 1,
    productId: event.productId!,
    sku: payload.sku,
    warehouseId: event.warehouseId!,
    warehouseCode: payload.warehouseCode,
    delta,
    stockLevel: level,
  };
}

/** One StockLevelEvent per stored event, shared by every subscriber it reaches (executed once per selection). */
const sharedLevels = new WeakMap<StoredEvent, StockLevelEvent>();
function sharedStockLevelEvent(event: StoredEvent): StockLevelEvent {
  let level = sharedLevels.get(event);
  if (!level) sharedLevels.set(event, (level = markShared(toStockLevelEvent(event))));
  return level;
}

export interface StockLevelChangedArgs {
  skus?: string[] | null;
  productIds?: string[] | null;
  warehouseCodes?: string[] | null;
  channel?: string | null;
  afterSequence?: number | null;
}

export async function stockLevelChanged(ctx: Context, args: StockLevelChangedArgs) {
  const live = liveOf(ctx);
  await checkAfterSequence(live, ctx.companyId, args.afterSequence);
  const skus = setOf(args.skus);
  const productIds = setOf(args.productIds);
  const codes = setOf(args.warehouseCodes, upper);
  let channelWarehouses: Set<string> | null = null;
  if (args.channel) {
    const sourcing = await channelFor(ctx, args.channel, ['channel']).catch(rethrowAsGraphQL);
    channelWarehouses = new Set(sourcing.warehouses.map((w) => w.id));
  }
  return new LiveStream(live, {
    companyId: ctx.companyId,
    kinds: ['STOCK_LEVEL'],
    // Indexed by product and by one warehouse dimension (codes, else the channel's); accept checks both.
    pairs: {
      products: skus || productIds ? { skus: skus ?? [], ids: productIds ?? [] } : null,
      warehouses: codes ? { codes } : channelWarehouses ? { ids: channelWarehouses } : null,
    },
    afterSequence: args.afterSequence,
    accept: (event) => {
      const payload = event.payload as unknown as StockLevelPayload;
      if ((skus || productIds) && !skus?.has(payload.sku) && !productIds?.has(event.productId!)) return false;
      if (codes && !codes.has(payload.warehouseCode)) return false;
      return !channelWarehouses || channelWarehouses.has(event.warehouseId!);
    },
    // A kit's event also comes when only a component's available moved (for availabilityChanged's
    // buffers); its own figures may then be unchanged: nothing to push here.
    map: (event) => (unchangedKit(event.payload as unknown as StockLevelPayload) ? null : sharedStockLevelEvent(event)),
  });
}

function unchangedKit(payload: StockLevelPayload): boolean {
  if (!payload.components) return false;
  const keys = Object.keys(payload.figures) as (keyof Figures)[];
  return keys.every((key) => payload.figures[key] === payload.previous[key]);
}

/**
 * Per stored event: the availabilityChanged entries made from it, by channel and content. The
 * subscribers of a SKU on one channel mostly hold the same figures (each keeps its own, from its
 * snapshot on): those whose entry is equal get the same object, marked shared, so that it is
 * executed and serialized once per selection (shared-execution.ts) instead of per subscriber.
 * The channel is part of the key because the field's ids are made from it.
 */
const sharedAvailabilities = new WeakMap<StoredEvent, Map<string, SkuAvailability>>();
function sharedAvailability(
  event: StoredEvent,
  channel: string | null | undefined,
  entry: SkuAvailability,
): SkuAvailability {
  let byKey = sharedAvailabilities.get(event);
  if (!byKey) sharedAvailabilities.set(event, (byKey = new Map()));
  const key = `${channel ?? ''}\u0000${JSON.stringify(entry)}`;
  const found = byKey.get(key);
  if (found) return found;
  byKey.set(key, markShared(entry));
  return entry;
}

/**
 * The storefront form: the availability query's entry for a SKU, pushed when its sellable
 * quantity on the channel (its warehouses, less its buffer) changes. Starts from a snapshot read
 * together with the outbox position it reflects; each later event carries absolute figures,
 * so applying them in order keeps the snapshot exact.
 */
export async function availabilityChanged(ctx: Context, skus: string[], channel: string | null | undefined) {
  const live = liveOf(ctx);
  if (skus.length > MAX_AVAILABILITY_SKUS) {
    badInput('skus', `skus: at most ${MAX_AVAILABILITY_SKUS} per subscription, got ${skus.length}`);
  }
  const channelId = channel ? (await channelFor(ctx, channel, ['channel']).catch(rethrowAsGraphQL)).channelId : null;
  // Each product's buffer on the channel (channel-buffers.ts), read with the snapshot: a component
  // added to a kit after the subscription started counts with the channel's flat buffer.
  let buffers = new Map<string, Decimal>();
  const bufferOf = (productId: string) => buffers.get(productId) ?? buffers.get('') ?? new Decimal(0);
  interface Entry {
    sku: string;
    productId: string;
    warehouses: Map<string, { warehouseCode: string; warehouseId: string; available: string }>;
  }
  const byProduct = new Map<string, Entry>();
  const wanted = new Set(skus);
  let resolveReady!: (sequence: number) => void;
  let rejectReady!: (error: unknown) => void;
  const ready = new Promise<number>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const stream = new LiveStream<SkuAvailability>(live, {
    companyId: ctx.companyId,
    kinds: ['STOCK_LEVEL'],
    // By SKU: the product ids and the channel's warehouses come with the snapshot, later.
    pairs: { products: { skus: wanted }, warehouses: null },
    ready,
    // By SKU: the snapshot (product ids, the channel's warehouses) may still be loading.
    accept: (event) => wanted.has((event.payload as unknown as StockLevelPayload).sku),
    map: (event) => {
      const entry = byProduct.get(event.productId!);
      const warehouse = entry?.warehouses.get(event.warehouseId!);
      if (!entry || !warehouse) return null;
      const payload = event.payload as unknown as StockLevelPayload;
      const available = payload.components
        ? kitAvailable(payload.components, bufferOf)
        : decToString(
            Decimal.max(
              0,
              new Decimal(figureRow(event, payload, payload.figures).available).minus(bufferOf(event.productId!)),
            ),
          );
      if (available === warehouse.available) return null;
      warehouse.available = available;
      const list = [...entry.warehouses.values()];
      const total = list.reduce((sum, w) => sum.plus(w.available), new Decimal(0));
      return sharedAvailability(event, channel, {
        sku: entry.sku,
        productId: entry.productId,
        available: decToString(total),
        warehouses: list.map((w) => ({ ...w })),
      });
    },
  });
  // The stream already takes live events; the snapshot and the sequence it reflects are read in
  // one REPEATABLE READ snapshot, and events up to that sequence are skipped.
  ctx.em
    .fork()
    .transactional(
      async (em) => {
        const [row] = await em.execute<{ last: string }[]>(
          'select coalesce((select last from stock_event_counter where company_id = ?), 0) as last',
          [ctx.companyId],
        );
        const sc = { em, companyId: ctx.companyId, actor: ctx.actor };
        const entries = await availability(sc, skus, channel);
        buffers = await channelBuffers(
          sc,
          channelId,
          entries.flatMap((e) => (e.productId ? [e.productId] : [])),
        );
        for (const entry of entries) {
          if (!entry.productId) continue;
          byProduct.set(entry.productId, {
            sku: entry.sku,
            productId: entry.productId,
            warehouses: new Map(entry.warehouses.map((w) => [w.warehouseId, { ...w }])),
          });
        }
        return Number(row.last);
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    )
    .then(resolveReady, (error: unknown) => rejectReady(error instanceof DomainError ? toGraphQL(error) : error));
  return stream;
}

function toGraphQL(error: DomainError): GraphQLError {
  try {
    rethrowAsGraphQL(error);
  } catch (converted) {
    return converted as GraphQLError;
  }
}

interface MovePayload {
  moveId: string;
  reference: string | null;
  state: StockMoveEvent['state'];
  productId: string;
  sku: string;
  quantity: string;
  sourceLocationId: string;
  sourceLocation: string;
  destinationLocationId: string;
  destinationLocation: string;
  sourceWarehouseCode: string | null;
  destinationWarehouseCode: string | null;
  lot: string | null;
  expectedDate: string | null;
  effectiveDate: string | null;
}

export async function stockMoved(
  ctx: Context,
  filter: StockMoveSubscriptionFilter | null | undefined,
  afterSequence: number | null | undefined,
) {
  const live = liveOf(ctx);
  await checkAfterSequence(live, ctx.companyId, afterSequence);
  const skus = setOf(filter?.skus);
  const productIds = setOf(filter?.productIds);
  const codes = setOf(filter?.warehouseCodes, upper);
  const states = setOf(filter?.states);
  const references = setOf(filter?.references);
  return new LiveStream<StockMoveEvent>(live, {
    companyId: ctx.companyId,
    kinds: ['STOCK_MOVE'],
    afterSequence,
    accept: (event) => {
      const p = event.payload as unknown as MovePayload;
      if ((skus || productIds) && !skus?.has(p.sku) && !productIds?.has(p.productId)) return false;
      if (codes && !codes.has(p.sourceWarehouseCode ?? '') && !codes.has(p.destinationWarehouseCode ?? '')) {
        return false;
      }
      if (states && !states.has(p.state)) return false;
      return !references || references.has(p.reference ?? '');
    },
    map: (event) => {
      const p = event.payload as unknown as MovePayload;
      return {
        sequence: event.sequence,
        committedAt: event.committedAt,
        cause: cause(event),
        ...p,
        expectedDate: p.expectedDate ? new Date(p.expectedDate) : null,
        effectiveDate: p.effectiveDate ? new Date(p.effectiveDate) : null,
      };
    },
  });
}

interface ReservationPayload {
  reservationId: string;
  reference: string;
  state: ReservationEvent['state'];
  channel: string | null;
  expiresAt: string | null;
  lines: ReservationEvent['lines'];
  kits?: ReservationEvent['kits'];
}

export async function reservationChanged(
  ctx: Context,
  filter: ReservationSubscriptionFilter | null | undefined,
  afterSequence: number | null | undefined,
) {
  const live = liveOf(ctx);
  await checkAfterSequence(live, ctx.companyId, afterSequence);
  const ids = setOf(filter?.reservationIds);
  const references = setOf(filter?.references);
  const channels = setOf(filter?.channels);
  const skus = setOf(filter?.skus);
  const codes = setOf(filter?.warehouseCodes, upper);
  return new LiveStream<ReservationEvent>(live, {
    companyId: ctx.companyId,
    kinds: ['RESERVATION'],
    afterSequence,
    accept: (event) => {
      const p = event.payload as unknown as ReservationPayload;
      if (ids && !ids.has(p.reservationId)) return false;
      if (references && !references.has(p.reference)) return false;
      if (channels && !channels.has(p.channel ?? '')) return false;
      if (skus && !p.lines.some((l) => skus.has(l.sku) || (l.kitSku != null && skus.has(l.kitSku)))) return false;
      return !codes || p.lines.some((l) => codes.has(l.warehouseCode));
    },
    map: (event) => {
      const p = event.payload as unknown as ReservationPayload;
      return {
        sequence: event.sequence,
        committedAt: event.committedAt,
        ...p,
        // Events stored before kits were named (Migration20261207055000PurchasingEvents) carry none.
        lines: p.lines.map((l) => ({
          ...l,
          kitId: l.kitId ?? null,
          kitSku: l.kitSku ?? null,
          kitQuantity: l.kitQuantity ?? null,
        })),
        kits: p.kits ?? [],
        expiresAt: p.expiresAt ? new Date(p.expiresAt) : null,
      };
    },
  });
}
