import DataLoader from 'dataloader';
import { byIdLoader, type LoaderScope } from '../../graphql/loaders';
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
    kitComponentsByKitId: kitComponentsByKitIdLoader(scope),
  };
}

/** A kit's components in the SKU order of the components, one query per tick. */
function kitComponentsByKitIdLoader({ em, companyId }: LoaderScope): DataLoader<string, KitComponent[]> {
  return new DataLoader(async (kitIds) => {
    const rows = await em.find(
      KitComponent,
      { kit: { $in: [...kitIds] }, company: companyId },
      { populate: ['component'], orderBy: { component: { sku: 'asc' } } },
    );
    return kitIds.map((id) => rows.filter((row) => row.kit.id === id));
  });
}
