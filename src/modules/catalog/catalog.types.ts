import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

export const ProductConnection = ConnectionType(Product, 'Product');
export const ProductCreatePayload = PayloadType('ProductCreate', 'product', Product, 'The created product.');
export const ProductUpdatePayload = PayloadType('ProductUpdate', 'product', Product, 'The product as changed.');
export const ProductArchivePayload = PayloadType('ProductArchive', 'product', Product, 'The archived product.');
export const UomCreatePayload = PayloadType('UomCreate', 'uom', Uom, 'The created unit of measure.');
export const UomCategoryCreatePayload = PayloadType(
  'UomCategoryCreate',
  'uomCategory',
  UomCategory,
  'The created unit of measure category.',
);
export const ProductCategoryCreatePayload = PayloadType(
  'ProductCategoryCreate',
  'productCategory',
  ProductCategory,
  'The created product category.',
);
export const ProductKitSetPayload = PayloadType(
  'ProductKitSet',
  'product',
  Product,
  'The kit (or, without components, the ordinary product) as set.',
);

@ObjectType({ description: 'What productsUpsert did to one item.' })
export class ProductUpsertResult {
  @Field(() => Int, { description: 'Index of the item in input.items.' })
  index!: number;

  @Field({ description: 'Its SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'The product created or updated.' })
  productId!: string;

  @Field({ description: 'True when the SKU was new and the product created; false when it was updated.' })
  created!: boolean;
}

@ObjectType({ description: 'Result of productsUpsert.' })
export class ProductsUpsertPayload {
  @Field(() => [ProductUpsertResult], {
    nullable: true,
    description: 'One entry per item, in the order given; null when the call failed (nothing was written).',
  })
  results?: ProductUpsertResult[] | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}
