import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

export function createCatalogLoaders(em: EntityManager) {
  return {
    productById: byIdLoader(em, Product),
    uomById: byIdLoader(em, Uom),
    uomCategoryById: byIdLoader(em, UomCategory),
    productCategoryById: byIdLoader(em, ProductCategory),
  };
}
