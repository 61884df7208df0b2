import { Decimal } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import { UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { ProductCategory } from '../catalog/product-category.entity';
import { Product } from '../catalog/product.entity';
import { ChannelBuffer } from './channel-buffer.entity';
import { Channel } from './channel.entity';
import type { ChannelBufferRemoveInput, ChannelBufferSetInput } from './reservation.inputs';

interface Target {
  channel: Channel;
  product: Product | null;
  category: ProductCategory | null;
}

/** The channel and the product (by SKU) or category (by id) a buffer input names; exactly one of the two. */
async function targetOf(sc: ServiceContext, input: ChannelBufferRemoveInput): Promise<Target> {
  if (!!input.sku === !!input.categoryId) {
    fail(UserErrorCode.INVALID, ['input', 'sku'], 'input: give sku (a product) or categoryId (a category), not both');
  }
  const channel = await sc.em.findOne(Channel, { company: sc.companyId, code: input.channel });
  if (!channel) fail(UserErrorCode.NOT_FOUND, ['input', 'channel'], `input.channel: no channel ${input.channel}`);
  if (input.sku) {
    const product = await sc.em.findOne(Product, { company: sc.companyId, sku: input.sku });
    if (!product) fail(UserErrorCode.NOT_FOUND, ['input', 'sku'], `input.sku: no product ${input.sku}`);
    return { channel, product, category: null };
  }
  const category = isUuid(input.categoryId!)
    ? await sc.em.findOne(ProductCategory, { company: sc.companyId, id: input.categoryId! })
    : null;
  if (!category) {
    fail(UserErrorCode.NOT_FOUND, ['input', 'categoryId'], `input.categoryId: no product category ${input.categoryId}`);
  }
  return { channel, product: null, category };
}

/**
 * Sets the buffer a channel keeps back for one product, or for the products of a category and of
 * its subcategories, in place of its flat buffer (channel-buffers.ts says which applies). A kit
 * has no stock of its own: its figures derive from its components, each of which keeps its own
 * buffer, so a buffer on a kit is refused. Applies to the next availability read and reservation
 * on every instance (RESERVE reads the buffers under the locks).
 */
export async function setChannelBuffer(sc: ServiceContext, input: ChannelBufferSetInput): Promise<ChannelBuffer> {
  const { channel, product, category } = await targetOf(sc, input);
  if (product) {
    const [kit] = await queryRows<{ n: number }>(sc.em, 'select 1 as n from kit_component where kit_id = ? limit 1', [
      product.id,
    ]);
    if (kit) {
      fail(
        UserErrorCode.INVALID,
        ['input', 'sku'],
        `input.sku: ${product.sku} is a kit; a kit keeps nothing back of its own, set the buffers of its components`,
      );
    }
  }
  const quantity = new Decimal(input.quantity).toFixed();
  // One statement, so that two callers setting the same buffer at once both succeed (the last wins).
  const target = product ? 'product_id' : 'category_id';
  const [row] = await queryRows<{ id: string }>(
    sc.em,
    `insert into channel_buffer (id, created_at, updated_at, company_id, channel_id, ${target}, quantity)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, ?)
     on conflict (channel_id, ${target}) do update set quantity = excluded.quantity, updated_at = now()
     returning id`,
    [sc.companyId, channel.id, (product ?? category)!.id, quantity],
  );
  const buffer = await sc.em.findOneOrFail(ChannelBuffer, { id: row.id }, { refresh: true });
  return buffer;
}

/** Removes a channel's buffer for a product or category: the next more general one applies again. */
export async function removeChannelBuffer(sc: ServiceContext, input: ChannelBufferRemoveInput): Promise<Channel> {
  const { channel, product, category } = await targetOf(sc, input);
  const removed = await sc.em.nativeDelete(ChannelBuffer, {
    company: sc.companyId,
    channel: channel.id,
    ...(product ? { product: product.id } : { category: category!.id }),
  });
  if (removed === 0) {
    const what = product ? `product ${product.sku}` : `category ${category!.name}`;
    fail(
      UserErrorCode.NOT_FOUND,
      ['input', product ? 'sku' : 'categoryId'],
      `channel ${channel.code} has no buffer of its own for ${what}`,
    );
  }
  return channel;
}
