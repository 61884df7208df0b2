import { byIdLoader, groupLoader, type LoaderScope } from '../../graphql/loaders';
import { KitComponent } from './kit-component.entity';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom, UomCategory } from './uom.entity';

export function createCatalogLoaders(scope: LoaderScope) {
  return {
    productById: byIdLoader(scope, Product),
    uomById: byIdLoader(scope, Uom),
    uomCategoryById: byIdLoader(scope, UomCategory),
    productCategoryById: byIdLoader(scope, ProductCategory),
    kitComponentsByKitId: groupLoader(scope, KitComponent, 'kit', (row) => row.kit.id, { id: 'asc' }),
  };
}
