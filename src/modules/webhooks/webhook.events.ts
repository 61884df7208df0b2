import { Decimal, decToString } from '../../db/decimal';
import type { StockEventKind, StoredEvent } from '../../pubsub/stock-event-hub';
import { kitAvailable, toStockLevelEvent } from '../subscriptions/subscription.service';
import { PURCHASING_TOPICS, WebhookTopic } from './webhook.enums';

/** The outbox kinds a set of topics reads. */
export function kindsOf(topics: readonly WebhookTopic[]): StockEventKind[] {
  const kinds = new Set<StockEventKind>();
  for (const topic of topics) {
    if (topic === WebhookTopic.STOCK_LEVEL_CHANGED || topic === WebhookTopic.AVAILABILITY_CHANGED)
      kinds.add('STOCK_LEVEL');
    if (topic === WebhookTopic.STOCK_MOVED) kinds.add('STOCK_MOVE');
    if (topic === WebhookTopic.RESERVATION_CHANGED) kinds.add('RESERVATION');
    if (PURCHASING_TOPICS.includes(topic)) kinds.add('PURCHASING');
  }
  return [...kinds];
}

/** What a webhook asks for, with its channel resolved (its warehouses and buffer) when it names one. */
export interface WebhookFilter {
  topics: readonly WebhookTopic[];
  skus: Set<string> | null;
  warehouseCodes: Set<string> | null;
  /**
   * `buffers`: the buffer on the channel of each product its events name (channel-buffers.ts),
   * read by the worker before it asks deliveriesFor; '' is the channel's flat buffer.
   */
  channel: { id: string; code: string; warehouseIds: Set<string>; buffers: Map<string, Decimal> } | null;
}

export interface QueuedEvent {
  sequence: number;
  topic: WebhookTopic;
  data: Record<string, unknown>;
}

type KitComponents = { productId: string; quantity: string; available: string }[];
interface LevelPayload {
  sku: string;
  warehouseCode: string;
  /** A kit's event: its components' available now, and as last published (null: never). */
  components?: KitComponents;
  previousComponents?: KitComponents | null;
}

/** The products whose buffer on the channel an event's availability needs: a kit's components, or the product. */
export function bufferedProducts(event: StoredEvent): string[] {
  const components = (event.payload as unknown as LevelPayload).components;
  return components ? components.map((c) => c.productId) : event.productId ? [event.productId] : [];
}
interface MovePayload {
  sku: string;
  sourceWarehouseId: string | null;
  destinationWarehouseId: string | null;
  sourceWarehouseCode: string | null;
  destinationWarehouseCode: string | null;
}
interface ReservationPayload {
  channel: string | null;
  lines: { sku: string; warehouseCode: string; warehouseId: string; kitSku?: string | null }[];
}
interface PurchasingPayload {
  event: WebhookTopic;
  purchaseOrders: { warehouseId: string; warehouseCode: string }[];
  lines: { sku: string }[];
}

function cause(event: StoredEvent) {
  return { kind: event.cause.kind ?? 'QUANT', id: event.cause.id, reference: event.cause.reference };
}

/**
 * The deliveries one stored event makes for one webhook (none when its filters skip it): the
 * same shapes the subscriptions of the same names send, as JSON.
 */
export function deliveriesFor(event: StoredEvent, filter: WebhookFilter): QueuedEvent[] {
  const { skus, warehouseCodes: codes, channel } = filter;
  const out: QueuedEvent[] = [];
  const wants = (topic: WebhookTopic) => filter.topics.includes(topic);
  if (event.kind === 'STOCK_LEVEL') {
    const p = event.payload as unknown as LevelPayload;
    if (skus && !skus.has(p.sku)) return out;
    if (codes && !codes.has(p.warehouseCode)) return out;
    if (channel && !channel.warehouseIds.has(event.warehouseId!)) return out;
    const level = toStockLevelEvent(event);
    if (wants(WebhookTopic.STOCK_LEVEL_CHANGED)) {
      out.push({ sequence: event.sequence, topic: WebhookTopic.STOCK_LEVEL_CHANGED, data: { ...level } });
    }
    if (wants(WebhookTopic.AVAILABILITY_CHANGED)) {
      const bufferOf = (productId: string) =>
        channel ? (channel.buffers.get(productId) ?? channel.buffers.get('') ?? new Decimal(0)) : new Decimal(0);
      let available: string;
      let previous: string;
      if (channel && p.components && p.previousComponents !== undefined) {
        // A kit on a channel: each component keeps its own buffer back, as availability does.
        available = kitAvailable(p.components, bufferOf);
        previous = p.previousComponents ? kitAvailable(p.previousComponents, bufferOf) : '0';
      } else {
        const now = new Decimal(level.stockLevel.available);
        const before = now.minus(level.delta.available);
        available = decToString(Decimal.max(0, now.minus(bufferOf(event.productId!))));
        previous = decToString(Decimal.max(0, before.minus(bufferOf(event.productId!))));
      }
      if (available !== previous) {
        out.push({
          sequence: event.sequence,
          topic: WebhookTopic.AVAILABILITY_CHANGED,
          data: {
            sequence: event.sequence,
            committedAt: event.committedAt,
            channel: channel?.code ?? null,
            productId: event.productId,
            sku: p.sku,
            warehouseId: event.warehouseId,
            warehouseCode: p.warehouseCode,
            available,
            previousAvailable: previous,
          },
        });
      }
    }
  } else if (event.kind === 'STOCK_MOVE' && wants(WebhookTopic.STOCK_MOVED)) {
    const p = event.payload as unknown as MovePayload;
    if (skus && !skus.has(p.sku)) return out;
    if (codes && !codes.has(p.sourceWarehouseCode ?? '') && !codes.has(p.destinationWarehouseCode ?? '')) return out;
    if (
      channel &&
      !channel.warehouseIds.has(p.sourceWarehouseId ?? '') &&
      !channel.warehouseIds.has(p.destinationWarehouseId ?? '')
    ) {
      return out;
    }
    out.push({
      sequence: event.sequence,
      topic: WebhookTopic.STOCK_MOVED,
      data: { sequence: event.sequence, committedAt: event.committedAt, cause: cause(event), ...event.payload },
    });
  } else if (event.kind === 'RESERVATION' && wants(WebhookTopic.RESERVATION_CHANGED)) {
    const p = event.payload as unknown as ReservationPayload;
    // A kit's SKU matches the reservations holding its components for it.
    if (skus && !p.lines.some((l) => skus.has(l.sku) || (l.kitSku != null && skus.has(l.kitSku)))) return out;
    if (codes && !p.lines.some((l) => codes.has(l.warehouseCode))) return out;
    if (channel && p.channel !== channel.code) return out;
    out.push({
      sequence: event.sequence,
      topic: WebhookTopic.RESERVATION_CHANGED,
      data: { sequence: event.sequence, committedAt: event.committedAt, ...event.payload },
    });
  } else if (event.kind === 'PURCHASING') {
    const p = event.payload as unknown as PurchasingPayload;
    if (!PURCHASING_TOPICS.includes(p.event) || !wants(p.event)) return out;
    if (skus && !p.lines.some((l) => skus.has(l.sku))) return out;
    if (codes && !p.purchaseOrders.some((o) => codes.has(o.warehouseCode))) return out;
    // A channel names warehouses: purchasing events of orders delivered to them.
    if (channel && !p.purchaseOrders.some((o) => channel.warehouseIds.has(o.warehouseId))) return out;
    out.push({
      sequence: event.sequence,
      topic: p.event,
      data: { sequence: event.sequence, committedAt: event.committedAt, ...event.payload },
    });
  }
  return out;
}
