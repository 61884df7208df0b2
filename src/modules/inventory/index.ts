import { registerUniqueConstraint } from '../../graphql/mutation';
import { queryRows } from '../../db/sql';
import { registerKitComponentLocks } from '../catalog/kit.service';
import { lockStockPairs } from './stock-locks';
import { Location } from './location.entity';
import { Address, Warehouse } from './warehouse.entity';
import { LocationResolver, WarehouseResolver } from './warehouse.resolver';
import { InventoryCount, InventoryCountLine } from './inventory-count.entity';
import { Quant } from './quant.entity';
import { SafetyStock } from './safety-stock.entity';
import { StockPairFigures } from './stock-pair-figures.entity';
import { StockMove } from './stock-move.entity';
import { Transfer } from './transfer.entity';
import {
  InventoryCountLineResolver,
  InventoryCountResolver,
  QuantResolver,
  StockLevelResolver,
  StockMoveResolver,
  TransferResolver,
} from './stock.resolver';
import { StockSyncResolver } from './stock-sync.resolver';

export const entities = [
  Address,
  Warehouse,
  Location,
  Quant,
  StockMove,
  Transfer,
  SafetyStock,
  StockPairFigures,
  InventoryCount,
  InventoryCountLine,
];
export const resolvers = [
  WarehouseResolver,
  LocationResolver,
  StockLevelResolver,
  QuantResolver,
  StockMoveResolver,
  TransferResolver,
  InventoryCountResolver,
  InventoryCountLineResolver,
  StockSyncResolver,
] as const;

registerUniqueConstraint(
  'warehouse_company_id_code_unique',
  ['input', 'code'],
  'code is already used by another warehouse',
);
registerUniqueConstraint(
  'location_company_id_full_name_unique',
  ['input', 'name'],
  'name is already used under this parent',
);
registerUniqueConstraint(
  'location_company_id_barcode_unique',
  ['input', 'barcode'],
  'barcode is already used by another location',
);

// productKitSet serializes with reservations of the kit's components through their stock locks.
registerKitComponentLocks(async (sc, productIds) => {
  const warehouses = await queryRows<{ id: string }>(sc.em, 'select id from warehouse where company_id = ?', [
    sc.companyId,
  ]);
  await lockStockPairs(
    sc,
    productIds.flatMap((productId) => warehouses.map((w) => ({ productId, warehouseId: w.id }))),
  );
});
