import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders';
import { Partner } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { VendorBillLine } from './vendor-bill.entity';

export function createPurchasingLoaders(em: EntityManager) {
  return {
    partnerById: byIdLoader(em, Partner),
    purchaseOrderById: byIdLoader(em, PurchaseOrder),
    purchaseOrderLineById: byIdLoader(em, PurchaseOrderLine),
    purchaseOrderLinesByOrderId: groupLoader(em, PurchaseOrderLine, 'order', (l) => l.order.id, { sequence: 'asc' }),
    vendorBillLinesByBillId: groupLoader(em, VendorBillLine, 'bill', (l) => l.bill.id, { createdAt: 'asc', id: 'asc' }),
  };
}
