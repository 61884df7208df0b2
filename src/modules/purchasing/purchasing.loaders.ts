import { byIdLoader, groupLoader, type LoaderScope } from '../../graphql/loaders';
import { Partner } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { VendorCreditNote, VendorCreditNoteLine } from './credit-note.entity';
import { SupplierReturn, SupplierReturnLine } from './supplier-return.entity';
import { VendorBill, VendorBillLine } from './vendor-bill.entity';

export function createPurchasingLoaders(scope: LoaderScope) {
  return {
    partnerById: byIdLoader(scope, Partner),
    purchaseOrderById: byIdLoader(scope, PurchaseOrder),
    purchaseOrderLineById: byIdLoader(scope, PurchaseOrderLine),
    vendorBillById: byIdLoader(scope, VendorBill),
    vendorCreditNoteById: byIdLoader(scope, VendorCreditNote),
    supplierReturnById: byIdLoader(scope, SupplierReturn),
    purchaseOrderLinesByOrderId: groupLoader(scope, PurchaseOrderLine, 'order', (l) => l.order.id, { sequence: 'asc' }),
    vendorBillLinesByBillId: groupLoader(scope, VendorBillLine, 'bill', (l) => l.bill.id, {
      createdAt: 'asc',
      id: 'asc',
    }),
    supplierReturnLinesByReturnId: groupLoader(
      scope,
      SupplierReturnLine,
      'supplierReturn',
      (l) => l.supplierReturn.id,
      {
        createdAt: 'asc',
        id: 'asc',
      },
    ),
    creditNoteLinesByNoteId: groupLoader(scope, VendorCreditNoteLine, 'creditNote', (l) => l.creditNote.id, {
      createdAt: 'asc',
      id: 'asc',
    }),
  };
}
