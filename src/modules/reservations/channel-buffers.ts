import { Decimal } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import type { ServiceContext } from '../../domain/service-context';

/**
 * The buffer a channel keeps back for a product, per warehouse: the one definition, the database
 * function `channel_buffers_for(channel, products[])` (migrations/Migration20261207071000ChannelBuffersSetBased,
 * which `channel_buffer_for(channel, product)` reads for one product): the
 * product's own row, else its category's or the nearest ancestor category's, else the channel's
 * flat buffer; 0 without a channel. Every figure a channel sells from uses it: availability,
 * available to promise and promise dates, the reservation snapshot and the locked RESERVE
 * statement, the availability subscription and webhooks. A kit keeps nothing back of its own:
 * each of its components keeps its own buffer (docs/storefronts.md).
 *
 * In SQL: the expression for a channel id and a product id (column names or placeholders).
 */
export const channelBufferSql = (channelId: string, productId: string) =>
  `channel_buffer_for(${channelId}, ${productId})`;

/**
 * In SQL: a table (product_id, buffer) of the buffers of many products at once, for a FROM clause.
 * Prefer it to one call per product: each call of a SQL function with sub-queries runs its own executor.
 */
export const channelBuffersSql = (channelId: string, productIds: string) =>
  `channel_buffers_for(${channelId}, ${productIds})`;

/**
 * The buffer on the channel of each product and of the components of the kits among them (0 for
 * all without a channel), and under the key '' the channel's flat buffer (what a product without a
 * row of its own or of its categories keeps back): one statement.
 */
export async function channelBuffers(
  sc: Pick<ServiceContext, 'em'>,
  channelId: string | null,
  productIds: readonly string[],
): Promise<Map<string, Decimal>> {
  const ids = [...new Set(productIds)];
  if (!channelId) return new Map(['', ...ids].map((id) => [id, new Decimal(0)]));
  const rows = await queryRows<{ product_id: string | null; buffer: string }>(
    sc.em,
    `select b.product_id, b.buffer::text as buffer
       from ${channelBuffersSql(
         '?::uuid',
         `array(select unnest(?::uuid[]) union select component_id from kit_component where kit_id = any(?::uuid[])
                union all select null::uuid)`,
       )} as b`,
    [channelId, ids, ids],
  );
  return new Map(rows.map((r) => [r.product_id ?? '', new Decimal(r.buffer)]));
}

/** A product's buffer from a map read by channelBuffers; one it does not name is a bug, never 0. */
export function bufferIn(buffers: ReadonlyMap<string, Decimal>, productId: string): Decimal {
  const buffer = buffers.get(productId);
  if (!buffer) throw new Error(`no channel buffer was read for product ${productId}`);
  return buffer;
}
