import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { Transfer } from '../inventory/transfer.entity';
import { Partner, SupplierPrice } from './partner.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { BillExceptionCode } from './purchasing.enums';
import { PurchasingSettings } from './purchasing-settings.entity';
import { VendorBill } from './vendor-bill.entity';

export const PartnerConnection = ConnectionType(Partner, 'Partner');
export const PurchaseOrderConnection = ConnectionType(PurchaseOrder, 'PurchaseOrder');
export const VendorBillConnection = ConnectionType(VendorBill, 'VendorBill');

export const SupplierCreatePayload = PayloadType('SupplierCreate', 'supplier', Partner, 'The created supplier.');
export const SupplierUpdatePayload = PayloadType('SupplierUpdate', 'supplier', Partner, 'The supplier as stored.');
export const SupplierPriceSetPayload = PayloadType(
  'SupplierPriceSet',
  'supplierPrice',
  SupplierPrice,
  'The price as stored.',
);
export const PurchasingSettingsUpdatePayload = PayloadType(
  'PurchasingSettingsUpdate',
  'settings',
  PurchasingSettings,
  'The settings as stored.',
);
export const PurchaseOrderPayload = PayloadType(
  'PurchaseOrder',
  'purchaseOrder',
  PurchaseOrder,
  'The purchase order after the change.',
);
export const VendorBillPayload = PayloadType('VendorBill', 'vendorBill', VendorBill, 'The vendor bill.');

@ObjectType({ description: 'Result of purchaseOrderReceive.' })
export class PurchaseOrderReceivePayload {
  @Field(() => PurchaseOrder, { nullable: true, description: 'The order, PARTIALLY_RECEIVED or RECEIVED.' })
  purchaseOrder?: PurchaseOrder | null;

  @Field(() => Transfer, { nullable: true, description: 'The receipt validated (its done moves are what arrived).' })
  receipt?: Transfer | null;

  @Field(() => Transfer, { nullable: true, description: 'The backorder holding what is still expected, if any.' })
  backorder?: Transfer | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Why a bill line failed the three-way match.' })
export class BillException {
  @Field(() => Int, { description: 'Index of the bill line (from 0, as given at creation).' })
  lineIndex!: number;

  @Field(() => ID, { description: 'The purchase order line it was matched against.' })
  purchaseLineId!: string;

  @Field(() => BillExceptionCode, { description: 'What does not match.' })
  code!: BillExceptionCode;

  @Field({ description: 'The figures that do not match, in words.' })
  message!: string;
}
