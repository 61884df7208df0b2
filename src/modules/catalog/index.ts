import { DomainError, UserErrorCode } from '../../domain/errors';
import { registerRuleConstraint, registerUniqueConstraint } from '../../graphql/mutation';
import { KitComponent } from './kit-component.entity';
import { KitComponentResolver } from './kit-component.resolver';
import { Product } from './product.entity';
import { ProductResolver } from './product.resolver';
import { ProductCategory } from './product-category.entity';
import { ProductCategoryResolver } from './product-category.resolver';
import { Uom, UomCategory } from './uom.entity';
import { UomResolver } from './uom.resolver';

export const entities = [UomCategory, Uom, ProductCategory, Product, KitComponent];
export const resolvers = [ProductResolver, UomResolver, ProductCategoryResolver, KitComponentResolver] as const;

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
registerUniqueConstraint(
  'kit_component_kit_id_component_id_unique',
  ['input', 'components'],
  'a component is listed twice; give its total quantity once',
);
registerRuleConstraint(
  'stock_move_kit_check',
  (sku) =>
    new DomainError(
      UserErrorCode.INVALID,
      null,
      `${sku} is a kit: it has no stock of its own; receive, count, move or deliver its components instead`,
    ),
);
