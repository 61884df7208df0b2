import { registerUniqueConstraint } from '../../graphql/mutation';
import { registerTransferGuard } from '../inventory/transfer.service';
import { registerSupplierReturnGuard } from '../inventory/supplier-return-guard';
import { refuseUntiedSupplierReturn } from './supplier-return.service';
import { guardPurchaseReceipts } from './receipt-moves';
import { Partner, SupplierPrice } from './partner.entity';
import { PurchaseLineMove, PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { PurchasingEventResolver, purchasingSubscriptionEvents } from './purchasing-events.resolver';
import {
  PurchaseOrderLineResolver,
  PurchaseOrderResolver,
  SupplierPriceResolver,
  SupplierResolver,
  VendorBillLineResolver,
  VendorBillResolver,
} from './purchasing.resolver';
import { PurchasingSettings } from './purchasing-settings.entity';
import { PaymentTerm } from './payment-term.entity';
import { BillPaymentTermResolver, PartnerPaymentTermResolver, PaymentTermResolver } from './payment-term.resolver';
import { ReorderRule } from './reorder-rule.entity';
import { ReplenishmentResolver } from './replenishment.resolver';
import { VendorBill, VendorBillLine } from './vendor-bill.entity';
import { VendorCreditNote, VendorCreditNoteLine } from './credit-note.entity';
import {
  VendorBillCreditsResolver,
  VendorCreditNoteLineResolver,
  VendorCreditNoteResolver,
} from './credit-note.resolver';
import { SupplierReturn, SupplierReturnLine, SupplierReturnMove } from './supplier-return.entity';
import {
  PurchaseOrderLineReturnsResolver,
  PurchaseOrderReturnsResolver,
  SupplierReturnLineResolver,
  SupplierReturnResolver,
} from './supplier-return.resolver';

export const entities = [
  PaymentTerm,
  Partner,
  SupplierPrice,
  PurchasingSettings,
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseLineMove,
  VendorBill,
  VendorBillLine,
  ReorderRule,
  SupplierReturn,
  SupplierReturnLine,
  SupplierReturnMove,
  VendorCreditNote,
  VendorCreditNoteLine,
];
export const resolvers = [
  SupplierResolver,
  SupplierPriceResolver,
  PurchaseOrderResolver,
  PurchaseOrderLineResolver,
  VendorBillResolver,
  VendorBillLineResolver,
  ReplenishmentResolver,
  SupplierReturnResolver,
  SupplierReturnLineResolver,
  PurchaseOrderReturnsResolver,
  PurchaseOrderLineReturnsResolver,
  VendorCreditNoteResolver,
  VendorCreditNoteLineResolver,
  VendorBillCreditsResolver,
  PaymentTermResolver,
  PartnerPaymentTermResolver,
  BillPaymentTermResolver,
  PurchasingEventResolver,
] as const;

registerUniqueConstraint(
  'partner_company_id_code_unique',
  ['input', 'code'],
  'code is already used by another partner',
);
registerUniqueConstraint(
  'vendor_bill_supplier_reference_unique',
  ['input', 'reference'],
  'reference is already a bill of this supplier',
);
registerUniqueConstraint(
  'vendor_credit_note_supplier_reference_unique',
  ['input', 'reference'],
  'reference is already a credit note of this supplier',
);
registerUniqueConstraint(
  'supplier_price_supplier_id_product_id_unique',
  ['input', 'productId'],
  'this supplier already has a price for the product; retry to replace it',
);

registerUniqueConstraint(
  'payment_term_company_id_code_unique',
  ['input', 'code'],
  'code is already used by another payment term',
);

export const subscriptionEvents = purchasingSubscriptionEvents;

registerTransferGuard(guardPurchaseReceipts);
registerSupplierReturnGuard(refuseUntiedSupplierReturn);
