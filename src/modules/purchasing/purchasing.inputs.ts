import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import { ProductRefInput } from '../inventory/inventory.inputs';
import { PurchaseOrderState, VendorBillState } from './purchasing.enums';

const CURRENCY = /^[A-Z]{3}$/;

@InputType({ description: 'A new supplier.' })
export class SupplierCreateInput {
  @Field({ description: 'Code, unique within the company (1-32 characters).' })
  @Length(1, 32)
  code!: string;

  @Field({ description: 'Display name.' })
  @Length(1, 200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Contact e-mail.' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 currency (default: the company's)." })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => Int, { nullable: true, description: 'Default lead time in days (0 to 365, default 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  leadTimeDays?: number;
  @Field(() => ID, {
    nullable: true,
    description: 'Payment term of its bills (paymentTermCreate); none: due on the invoice date.',
  })
  @IsOptional()
  @IsUUID()
  paymentTermId?: string;
}

@InputType({ description: 'Changes to a supplier; omitted fields keep their value.' })
export class SupplierUpdateInput {
  @Field(() => ID, { description: 'The supplier.' })
  @IsUUID()
  id!: string;

  @Field(() => String, { nullable: true, description: 'Display name (1-200 characters).' })
  @IsOptional()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Contact e-mail; null clears it.' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'ISO 4217 currency of new orders and bills. Prices in the old currency are no longer taken as order prices until set again with supplierPriceSet.',
  })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => Int, { nullable: true, description: 'Default lead time in days (0 to 365).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  leadTimeDays?: number;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'false deactivates: no new orders or prices, not proposed by replenishment; open orders are still received and billed.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'Payment term of its new bills; null clears it (bills then fall due on their date). Bills already posted keep theirs.',
  })
  @IsOptional()
  @IsUUID()
  paymentTermId?: string | null;
}

@InputType({ description: "Creates or replaces a supplier's price for a product." })
export class SupplierPriceSetInput extends ProductRefInput {
  @Field(() => ID, { description: 'The supplier.' })
  @IsUUID()
  supplierId!: string;

  @Field(() => String, { nullable: true, description: "The supplier's reference for the product." })
  @IsOptional()
  @Length(1, 64)
  supplierSku?: string;

  @Field(() => DecimalScalar, { description: 'Price per purchase unit, >= 0.' })
  @IsDecimalValue({ min: '0' })
  unitPrice!: string;

  @Field(() => ID, {
    nullable: true,
    description: "Purchase unit (e.g. a box of 12), in the product unit's category; default the product unit.",
  })
  @IsOptional()
  @IsUUID()
  purchaseUomId?: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'The price break: this price applies from this quantity on, in the purchase unit (default 0). A line is its minimum and `validFrom`: setting the same pair again updates that line; another `validFrom` adds a line (a scheduled price change).',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  minQuantity?: string;

  @Field(() => String, {
    nullable: true,
    description:
      "First day the price applies, YYYY-MM-DD (default: always). Part of the line's key with `minQuantity`; on a day the line of a minimum with the latest start applies.",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validFrom must be a date YYYY-MM-DD' })
  validFrom?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Last day the price applies, YYYY-MM-DD. Omitted: a new line has no end and an existing one keeps its own; null: no end.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validTo must be a date YYYY-MM-DD' })
  validTo?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Lead time in days (0 to 365; default: the break's current one, else the supplier's lead time).",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  leadTimeDays?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: "Make this the product's preferred supplier (the previous one stops being preferred).",
  })
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;
}

@InputType({ description: 'Changes to the purchasing rules; omitted fields keep their value.' })
export class PurchasingSettingsUpdateInput {
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Approval threshold on the order total, in the company currency, >= 0.',
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  approvalThreshold?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Over-receipt tolerance in percent, >= 0.' })
  @IsOptional()
  @IsDecimalValue({ min: '0', scale: 4 })
  overReceiptTolerancePercent?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Bill quantity tolerance in percent, >= 0.' })
  @IsOptional()
  @IsDecimalValue({ min: '0', scale: 4 })
  billQuantityTolerancePercent?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Bill price tolerance in percent, >= 0.' })
  @IsOptional()
  @IsDecimalValue({ min: '0', scale: 4 })
  billPriceTolerancePercent?: string;
}

@InputType({ description: 'A product and quantity to order.' })
export class PurchaseOrderLineInput extends ProductRefInput {
  @Field(() => DecimalScalar, { description: 'Quantity, > 0, in `uomId`.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "Unit of the quantity, in the product unit's category (default: the supplier's purchase unit, else the product unit).",
  })
  @IsOptional()
  @IsUUID()
  uomId?: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Price per `uomId`, >= 0 (default: from the supplier's price list).",
  })
  @IsOptional()
  @IsDecimalValue({ min: '0' })
  unitPrice?: string;

  @Field(() => Date, {
    nullable: true,
    description:
      "Expected arrival (default: today + the lead time of the supplier's price for the product, else the supplier's).",
  })
  expectedDate?: Date;
}

@InputType({ description: 'A new draft purchase order.' })
export class PurchaseOrderCreateInput {
  @Field(() => ID, { description: 'The supplier (a partner with isSupplier).' })
  @IsUUID()
  supplierId!: string;

  @Field({ description: 'Code of the warehouse receiving the goods.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 currency (default: the supplier's)." })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => String, { nullable: true, description: 'Free notes.' })
  @IsOptional()
  @Length(0, 2000)
  notes?: string;

  @Field(() => [PurchaseOrderLineInput], { description: 'What to order (1 to 500 lines).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: PurchaseOrderLineInput[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Changes to a draft purchase order; omitted fields keep their value.' })
export class PurchaseOrderUpdateInput {
  @Field(() => ID, { description: 'The purchase order.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' })
  @IsInt()
  version!: number;

  @Field(() => String, { nullable: true, description: 'Another receiving warehouse (code).' })
  @IsOptional()
  @Length(1, 16)
  warehouseCode?: string;

  @Field(() => String, { nullable: true, description: 'Free notes.' })
  @IsOptional()
  @Length(0, 2000)
  notes?: string;

  @Field(() => [PurchaseOrderLineInput], { nullable: true, description: 'Replaces every line (1 to 500).' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines?: PurchaseOrderLineInput[];
}

@InputType({ description: 'A purchase order to act on.' })
export class PurchaseOrderActionInput {
  @Field(() => ID, { description: 'The purchase order.' })
  @IsUUID()
  purchaseOrderId!: string;

  @Field(() => String, { nullable: true, description: 'Why (kept on the order; for cancellations).' })
  @IsOptional()
  @Length(1, 500)
  reason?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'A new expected date for a line.' })
export class PurchaseOrderRescheduleLineInput {
  @Field(() => ID, { description: 'The order line.' })
  @IsUUID()
  lineId!: string;

  @Field(() => Date, { description: 'New expected arrival.' })
  expectedDate!: Date;
}

@InputType({ description: 'New expected dates for lines of an order; open receipts move with them.' })
export class PurchaseOrderRescheduleInput {
  @Field(() => ID, { description: 'The purchase order.' })
  @IsUUID()
  purchaseOrderId!: string;

  @Field(() => [PurchaseOrderRescheduleLineInput], { description: 'Lines and their new dates (1 to 500).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: PurchaseOrderRescheduleLineInput[];
}

@InputType({ description: 'A quantity received on one order line.' })
export class PurchaseOrderReceiveLineInput {
  @Field(() => ID, { description: 'The order line.' })
  @IsUUID()
  lineId!: string;

  @Field(() => DecimalScalar, { description: "Quantity received, > 0, in the line's unit (or `uomId`)." })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => ID, { nullable: true, description: "Unit of the quantity, in the product unit's category." })
  @IsOptional()
  @IsUUID()
  uomId?: string;

  @Field(() => String, { nullable: true, description: 'Lot, for lot-tracked products.' })
  @IsOptional()
  @Length(1, 100)
  lot?: string;

  @Field(() => [String], { nullable: true, description: 'Serial numbers, for serial-tracked products: one per unit.' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @Length(1, 100, { each: true })
  serials?: string[];
}

@InputType({ description: 'Goods received against a purchase order.' })
export class PurchaseOrderReceiveInput {
  @Field(() => ID, { description: 'The purchase order.' })
  @IsUUID()
  purchaseOrderId!: string;

  @Field(() => [PurchaseOrderReceiveLineInput], {
    description: 'What arrived (0 to 500 lines; 0 only with closeShort).',
  })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: PurchaseOrderReceiveLineInput[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Close the order after this receipt: whatever is still open is cancelled instead of left in a backorder.',
  })
  @IsOptional()
  @IsBoolean()
  closeShort?: boolean;

  @Field(() => String, { nullable: true, description: 'Why the rest is closed (required with closeShort).' })
  @IsOptional()
  @Length(1, 500)
  reason?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which purchase orders to list.' })
export class PurchaseOrderFilter {
  @Field(() => [PurchaseOrderState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  states?: PurchaseOrderState[];

  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;

  @Field(() => String, { nullable: true, description: 'Only this receiving warehouse (code).' })
  @IsOptional()
  warehouseCode?: string;

  @Field(() => String, { nullable: true, description: 'Only orders with this origin (e.g. "REPLENISHMENT").' })
  @IsOptional()
  origin?: string;
}

@InputType({ description: 'A billed quantity and price of one order line.' })
export class VendorBillLineInput {
  @Field(() => ID, { description: 'The purchase order line billed.' })
  @IsUUID()
  purchaseLineId!: string;

  @Field(() => DecimalScalar, { description: "Quantity billed, > 0, in the order line's unit." })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => DecimalScalar, { description: "Billed price per unit of the order line's unit, >= 0." })
  @IsDecimalValue({ min: '0' })
  unitPrice!: string;
}

@InputType({ description: "A supplier's invoice to match against its orders and receipts." })
export class VendorBillCreateInput {
  @Field(() => ID, { description: 'The supplier.' })
  @IsUUID()
  supplierId!: string;

  @Field({ description: "The supplier's invoice number (unique per supplier)." })
  @Length(1, 100)
  reference!: string;

  @Field(() => Date, { nullable: true, description: 'Invoice date (default now).' })
  billDate?: Date;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO 4217 currency of the invoice (default: the supplier's). A line of an order in another currency puts the bill on hold (CURRENCY_MISMATCH); a bill in a foreign currency posts converted at the rate of its bill date (EXCHANGE_RATE_MISSING when there is none).",
  })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency?: string;

  @Field(() => ID, {
    nullable: true,
    description: "Payment term (default: the supplier's): sets the bill's installments and due date when it is posted.",
  })
  @IsOptional()
  @IsUUID()
  paymentTermId?: string;

  @Field(() => [VendorBillLineInput], { description: 'Billed lines (1 to 500).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: VendorBillLineInput[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Release a bill from hold.' })
export class VendorBillApproveInput {
  @Field(() => ID, { description: 'The bill.' })
  @IsUUID()
  billId!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Refuse a bill on hold: nothing is posted, it bills nothing.' })
export class VendorBillRejectInput {
  @Field(() => ID, { description: 'The bill (ON_HOLD).' })
  @IsUUID()
  billId!: string;

  @Field({ description: 'Why (kept on the bill and in the audit log), 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Cancel a posted bill: a reversing entry takes it out of the books.' })
export class VendorBillCancelInput {
  @Field(() => ID, { description: 'The bill (MATCHED or APPROVED).' })
  @IsUUID()
  billId!: string;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @Length(1, 500)
  reason!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Date of the reversing entry (default now); must fall in an open fiscal period.',
  })
  @IsOptional()
  date?: Date;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Which vendor bills to list.' })
export class VendorBillFilter {
  @Field(() => [VendorBillState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  states?: VendorBillState[];

  @Field(() => ID, { nullable: true, description: 'Only this supplier.' })
  @IsOptional()
  supplierId?: string;

  @Field(() => ID, { nullable: true, description: 'Only bills with a line of this purchase order.' })
  @IsOptional()
  purchaseOrderId?: string;
}

@InputType({ description: 'Creates or replaces the reorder rule of a product in a warehouse.' })
export class ReorderRuleSetInput extends ProductRefInput {
  @Field({ description: 'Warehouse code.' })
  @Length(1, 16)
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Minimum forecast, >= 0 (product unit).' })
  @IsDecimalValue({ min: '0' })
  minQuantity!: string;

  @Field(() => DecimalScalar, { description: 'Maximum to bring back to, >= minQuantity (product unit).' })
  @IsDecimalValue({ min: '0' })
  maxQuantity!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Rounding multiple, > 0 (default 1).' })
  @IsOptional()
  @IsDecimalValue({ positive: true })
  multiple?: string;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType({ description: 'Check the reorder rules of some warehouses and propose what brings them back to max.' })
export class ReplenishmentRunInput {
  @Field(() => [String], { description: 'Warehouse codes whose rules to check (1 to 50).' })
  warehouseCodes!: string[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}
