import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { BillExceptionCode, PurchaseOrderState, VendorBillState } from './purchasing.enums';

export enum PurchasingEventType {
  PURCHASE_ORDER_CONFIRMED = 'PURCHASE_ORDER_CONFIRMED',
  PURCHASE_ORDER_RECEIVED = 'PURCHASE_ORDER_RECEIVED',
  VENDOR_BILL_HELD = 'VENDOR_BILL_HELD',
}
registerEnumType(PurchasingEventType, {
  name: 'PurchasingEventType',
  description: 'What a purchasing event reports (the webhook topics of the same names).',
  valuesConfig: {
    PURCHASE_ORDER_CONFIRMED: {
      description: 'A purchase order was confirmed (or approved, when it needed approval): its lines are incoming.',
    },
    PURCHASE_ORDER_RECEIVED: {
      description:
        'Goods were received on a purchase order: one event per receipt (or closeShort), with the quantities it received.',
    },
    VENDOR_BILL_HELD: { description: 'A vendor bill failed the three-way match and is on hold.' },
  },
});

@ObjectType({ description: 'A purchase order as a purchasing event left it.' })
export class PurchasingEventOrder {
  @Field(() => ID, { description: 'The order.' })
  id!: string;
  @Field({ description: 'Its name.' })
  name!: string;
  @Field(() => PurchaseOrderState, { description: 'Its state after the change.' })
  state!: PurchaseOrderState;
  @Field(() => ID, { description: 'The warehouse it delivers to.' })
  warehouseId!: string;
  @Field({ description: 'Its code.' })
  warehouseCode!: string;
  @Field({ description: 'Currency of its prices (ISO 4217).' })
  currency!: string;
  @Field(() => DecimalScalar, { description: 'Its total.' })
  amountTotal!: string;
}

@ObjectType({ description: 'One purchase order line in a purchasing event.' })
export class PurchasingEventLine {
  @Field(() => ID, { description: 'The purchase order line.' })
  purchaseLineId!: string;
  @Field(() => ID, { description: 'Its order.' })
  purchaseOrderId!: string;
  @Field({ description: "The order's name." })
  purchaseOrderName!: string;
  @Field(() => Int, { description: 'Its line number in the order.' })
  lineNumber!: number;
  @Field(() => ID, { description: 'The product.' })
  productId!: string;
  @Field({ description: 'Its SKU.' })
  sku!: string;
  @Field(() => DecimalScalar, {
    description:
      "This event's quantity, in the product's unit: ordered (confirmed), received by this receipt (received), billed by the bill (bill held).",
  })
  quantity!: string;
  @Field(() => DecimalScalar, { description: "Ordered on the line, in the product's unit." })
  orderedQuantity!: string;
  @Field(() => DecimalScalar, { description: 'Received on the line in all, after this event.' })
  receivedQuantity!: string;
  @Field(() => DecimalScalar, {
    description: 'Price per line unit: the order price (confirmed, received) or the billed price (bill held).',
  })
  unitPrice!: string;
  @Field(() => Date, { nullable: true, description: 'When the line is expected.' })
  expectedDate!: Date | null;
}

@ObjectType({ description: 'The receipt a PURCHASE_ORDER_RECEIVED event reports.' })
export class PurchasingEventReceipt {
  @Field(() => ID, { description: 'The receipt transfer.' })
  id!: string;
  @Field({ description: 'Its name.' })
  name!: string;
  @Field({ description: 'True when the rest of the order was closed short with this receipt.' })
  closedShort!: boolean;
}

@ObjectType({ description: 'Why a held bill line failed the match.' })
export class PurchasingEventBillException {
  @Field(() => Int, { description: 'Index of the bill line (0-based, as given to vendorBillCreate).' })
  lineIndex!: number;
  @Field(() => ID, { description: 'The purchase order line billed.' })
  purchaseLineId!: string;
  @Field(() => BillExceptionCode, { description: 'What failed.' })
  code!: BillExceptionCode;
  @Field({ description: 'What failed, in words.' })
  message!: string;
}

@ObjectType({ description: 'The vendor bill a VENDOR_BILL_HELD event reports.' })
export class PurchasingEventBill {
  @Field(() => ID, { description: 'The bill.' })
  id!: string;
  @Field({ description: "The supplier's invoice reference." })
  reference!: string;
  @Field(() => VendorBillState, { description: 'Its state (ON_HOLD).' })
  state!: VendorBillState;
  @Field({ description: 'Its currency.' })
  currency!: string;
  @Field(() => DecimalScalar, { description: 'Its total.' })
  amountTotal!: string;
  @Field(() => Date, { description: 'The invoice date.' })
  billDate!: Date;
  @Field(() => [PurchasingEventBillException], { description: 'Why it is held.' })
  exceptions!: PurchasingEventBillException[];
}

@ObjectType({
  description:
    "A purchasing change as of the commit that made it, in the company's event stream (the same sequence as the stock events).",
})
export class PurchasingEvent {
  @Field(() => GraphQLSafeInt, { description: "Position in the company's event stream; resume with afterSequence." })
  sequence!: number;
  @Field(() => Date, { description: 'When the change was committed.' })
  committedAt!: Date;
  @Field(() => PurchasingEventType, { description: 'What happened.' })
  event!: PurchasingEventType;
  @Field({ description: "The document's name: the order's name, or the bill's reference." })
  reference!: string;
  @Field(() => ID, { description: 'The supplier.' })
  supplierId!: string;
  @Field({ description: 'Its code.' })
  supplierCode!: string;
  @Field(() => [PurchasingEventOrder], { description: 'The order (or, for a bill, every order it bills).' })
  purchaseOrders!: PurchasingEventOrder[];
  @Field(() => PurchasingEventReceipt, { nullable: true, description: 'The receipt (PURCHASE_ORDER_RECEIVED).' })
  receipt!: PurchasingEventReceipt | null;
  @Field(() => PurchasingEventBill, { nullable: true, description: 'The bill (VENDOR_BILL_HELD).' })
  vendorBill!: PurchasingEventBill | null;
  @Field(() => [PurchasingEventLine], { description: 'The lines the event is about.' })
  lines!: PurchasingEventLine[];
}

@InputType({ description: 'Which purchasing events a purchasingChanged subscription receives; nulls match all.' })
export class PurchasingSubscriptionFilter {
  @Field(() => [PurchasingEventType], { nullable: true, description: 'Only these events.' })
  events?: PurchasingEventType[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these suppliers (codes).' })
  supplierCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only events about these purchase orders.' })
  purchaseOrderIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only events with a line of one of these SKUs.' })
  skus?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only orders delivering to these warehouses (codes).' })
  warehouseCodes?: string[] | null;
}
