import { byIdLoader, type LoaderScope } from '../../graphql/loaders';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

export function createCatalogLoaders(scope: LoaderScope) {
  return {
    productById: byIdLoader(scope, Product),
    uomById: byIdLoader(scope, Uom),
    uomCategoryById: byIdLoader(scope, UomCategory),
    productCategoryById: byIdLoader(scope, ProductCategory),
  };
}
