import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders';
import { Location } from './location.entity';
import { Warehouse } from './warehouse.entity';

export function createInventoryLoaders(em: EntityManager) {
  return {
    warehouseById: byIdLoader(em, Warehouse),
    locationById: byIdLoader(em, Location),
    locationsByWarehouseId: groupLoader(em, Location, 'warehouse', (l) => l.warehouse?.id ?? '', { fullName: 'asc' }),
    locationsByParentId: groupLoader(em, Location, 'parent', (l) => l.parent?.id ?? '', { name: 'asc' }),
  };
}
