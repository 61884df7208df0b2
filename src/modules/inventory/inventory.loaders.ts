import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders';
import { InventoryCountLine } from './inventory-count.entity';
import { Location } from './location.entity';
import { StockMove } from './stock-move.entity';
import { Transfer } from './transfer.entity';
import { Warehouse } from './warehouse.entity';

export function createInventoryLoaders(em: EntityManager) {
  return {
    warehouseById: byIdLoader(em, Warehouse),
    locationById: byIdLoader(em, Location),
    locationsByWarehouseId: groupLoader(em, Location, 'warehouse', (l) => l.warehouse?.id ?? '', { fullName: 'asc' }),
    transferById: byIdLoader(em, Transfer),
    movesByTransferId: groupLoader(em, StockMove, 'transfer', (m) => m.transfer?.id ?? '', { createdAt: 'asc' }),
    countLinesByCountId: groupLoader(em, InventoryCountLine, 'count', (l) => l.count.id, { createdAt: 'asc' }),
    locationsByParentId: groupLoader(em, Location, 'parent', (l) => l.parent?.id ?? '', { name: 'asc' }),
  };
}
