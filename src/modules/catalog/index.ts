import { registerUniqueConstraint } from '../../graphql/mutation';
import { Product } from './product.entity';
import { ProductResolver } from './product.resolver';
import { ProductCategory } from './product-category.entity';
import { ProductCategoryResolver } from './product-category.resolver';
import { Uom, UomCategory } from './uom.entity';
import { UomResolver } from './uom.resolver';

export const entities = [UomCategory, Uom, ProductCategory, Product];
export const resolvers = [ProductResolver, UomResolver, ProductCategoryResolver] as const;

registerUniqueConstraint('product_company_id_sku_unique', ['input', 'sku'], 'sku is already used by another product');
registerUniqueConstraint(
  'product_company_id_barcode_unique',
  ['input', 'barcode'],
  'barcode is already used by another product',
);
registerUniqueConstraint(
  'uom_company_id_name_unique',
  ['input', 'name'],
  'name is already used by another unit of measure',
);
registerUniqueConstraint(
  'uom_category_company_id_name_unique',
  ['input', 'name'],
  'name is already used by another UoM category',
);
registerUniqueConstraint(
  'product_category_company_id_name_unique',
  ['input', 'name'],
  'name is already used by another product category',
);
