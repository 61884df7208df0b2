import { Check, Entity, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { ProductCategory } from '../catalog/product-category.entity';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Channel } from './channel.entity';

/**
 * A channel's buffer for one product, or for the products of one category and of its
 * subcategories, in place of the channel's flat buffer. The most specific applies: the product's
 * own row, then its category's, then the nearest ancestor category's, then the flat buffer; the
 * database function `channel_buffer_for(channel, product)` is the one place that decides.
 */
@ObjectType({
  description:
    "A channel's buffer for one product, or for the products of a category and its subcategories, in place of its flat buffer (most specific wins: product, then category, then parent categories, then the channel's flat buffer).",
})
@Entity()
@Unique({ properties: ['channel', 'product'] })
@Unique({ properties: ['channel', 'category'] })
@Check({
  name: 'channel_buffer_target_check',
  expression: '(product_id is null) <> (category_id is null) and quantity >= 0',
})
export class ChannelBuffer extends CompanyScopedEntity {
  @ManyToOne(() => Channel, { ref: true, deleteRule: 'cascade' })
  channel!: Ref<Channel>;

  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'cascade' })
  product?: Ref<Product> | null;

  @ManyToOne(() => ProductCategory, { ref: true, nullable: true, deleteRule: 'cascade' })
  category?: Ref<ProductCategory> | null;

  @Field(() => DecimalScalar, {
    description:
      'Quantity per warehouse kept back from this channel for the product (or each product of the category).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;
}
