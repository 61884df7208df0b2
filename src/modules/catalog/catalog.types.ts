import { ConnectionType } from '../../graphql/connection';
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
