import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

export function createCatalogLoaders(em: EntityManager) {
  return {
    uomById: byIdLoader(em, Uom),
    uomCategoryById: byIdLoader(em, UomCategory),
    productCategoryById: byIdLoader(em, ProductCategory),
  };
}
