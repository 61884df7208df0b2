import { byIdLoader, type LoaderScope, groupLoader } from '../../graphql/loaders';
import { InventoryCountLine } from './inventory-count.entity';
import { Location } from './location.entity';
import { StockMove } from './stock-move.entity';
import { Transfer } from './transfer.entity';
import { Warehouse } from './warehouse.entity';

export function createInventoryLoaders(scope: LoaderScope) {
  return {
    warehouseById: byIdLoader(scope, Warehouse),
    locationById: byIdLoader(scope, Location),
    locationsByWarehouseId: groupLoader(scope, Location, 'warehouse', (l) => l.warehouse?.id ?? '', {
      fullName: 'asc',
    }),
    transferById: byIdLoader(scope, Transfer),
    movesByTransferId: groupLoader(scope, StockMove, 'transfer', (m) => m.transfer?.id ?? '', { createdAt: 'asc' }),
    countLinesByCountId: groupLoader(scope, InventoryCountLine, 'count', (l) => l.count.id, { createdAt: 'asc' }),
    locationsByParentId: groupLoader(scope, Location, 'parent', (l) => l.parent?.id ?? '', { name: 'asc' }),
  };
}
