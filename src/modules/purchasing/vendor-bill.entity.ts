import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Partner } from './partner.entity';
import { PaymentTerm } from './payment-term.entity';
import type { Installment } from './payment-terms';
import { PurchaseOrderLine } from './purchase-order.entity';
import { BillExceptionCode, VendorBillState } from './purchasing.enums';

export interface StoredBillException {
  lineIndex: number;
  purchaseLineId: string;
  code: BillExceptionCode;
  message: string;
}

@ObjectType({ description: 'An amount of a bill due on one day (an installment of its payment term).' })
export class BillInstallment implements Installment {
  @Field({ description: 'Due day, YYYY-MM-DD in the company time zone.' })
  dueDate!: string;

  @Field(() => DecimalScalar, { description: 'Amount due that day.' })
  amount!: string;
}

@ObjectType({ description: "A supplier's invoice, matched three ways against order lines and receipts." })
@Entity()
// A rejected or cancelled bill leaves its number free, so the corrected invoice can be entered (Odoo's duplicate check skips cancelled bills too).
@Index({
  name: 'vendor_bill_supplier_reference_unique',
  expression: `create unique index "vendor_bill_supplier_reference_unique" on "vendor_bill" ("supplier_id", "reference") where "state" in ('MATCHED', 'ON_HOLD', 'APPROVED')`,
})
@Index({ properties: ['company', 'state'] })
export class VendorBill extends CompanyScopedEntity {
  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @Field({ description: "The supplier's invoice number, unique per supplier." })
  @Property({ length: 100 })
  reference!: string;

  @Field(() => Date, { description: 'Invoice date.' })
  @Property({ type: 'datetime' })
  billDate!: Date;

  @Field(() => VendorBillState, { description: 'Outcome of the match.' })
  @Enum({ items: () => VendorBillState, nativeEnumName: 'vendor_bill_state' })
  state!: VendorBillState;

  @Field({ description: 'ISO 4217 currency.' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the lines.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amountTotal!: string;

  /** Exceptions found by the match; the API lists them with `exceptions`. */
  @Property({ type: 'json' })
  exceptionList: StoredBillException[] & Opt = [];

  @Field(() => String, { nullable: true, description: 'Who entered it.' })
  @Property({ length: 200, nullable: true })
  createdBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Who released it from hold.' })
  @Property({ length: 200, nullable: true })
  approvedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was released from hold.' })
  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was posted (matched, or approved); null while on hold.' })
  @Property({ type: 'datetime', nullable: true })
  postedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who rejected or cancelled it.' })
  @Property({ length: 200, nullable: true })
  cancelledBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was rejected or cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or cancelled.' })
  @Property({ length: 500, nullable: true })
  cancelReason?: string | null;

  /** Its payment term (the API shows it as `paymentTerm`): the supplier's unless the bill names another. */
  @ManyToOne(() => PaymentTerm, { ref: true, nullable: true, deleteRule: 'restrict' })
  paymentTerm?: Ref<PaymentTerm> | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When the whole bill is due (YYYY-MM-DD, company time zone): the last installment of its payment term, set when the bill is posted.',
  })
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  /** What is due when (the API's `installments`), set when the bill is posted. */
  @Property({ type: 'json', nullable: true })
  installments?: BillInstallment[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Last day (YYYY-MM-DD) the early payment discount of its term may be taken; null without one.',
  })
  @Property({ type: 'date', nullable: true })
  discountDate?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Early payment discount on the whole bill (company currency), for paying it in full by `discountDate`.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  discountAmount?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Company-currency units per 1 unit of the bill currency, the rate in force on the bill date, set when the bill is posted (1 for a bill in the company currency); null until then.',
  })
  @Property({ type: 'decimal', precision: 24, scale: 10, nullable: true })
  exchangeRate?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'What the bill owes in the company currency, credited to accounts payable when posted: each line at the bill-date rate, to the cent. Null until posted.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  companyAmountTotal?: string | null;

  @OneToMany(() => VendorBillLine, (line) => line.bill, { orderBy: { createdAt: 'asc', id: 'asc' } })
  lines = new Collection<VendorBillLine>(this);
}

@ObjectType({ description: 'A billed quantity and price of one purchase order line.' })
@Entity()
@Index({ properties: ['bill'] })
@Index({ properties: ['purchaseLine'] })
export class VendorBillLine extends CompanyScopedEntity {
  @ManyToOne(() => VendorBill, { ref: true, deleteRule: 'cascade' })
  bill!: Ref<VendorBill>;

  @ManyToOne(() => PurchaseOrderLine, { ref: true, deleteRule: 'restrict' })
  purchaseLine!: Ref<PurchaseOrderLine>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => DecimalScalar, { description: "Quantity billed, in the order line's unit." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity billed, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  productQuantity!: string;

  @Field(() => DecimalScalar, { description: "Billed price per unit of the order line's unit." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  unitPrice!: string;

  @Field(() => DecimalScalar, { description: 'quantity x unitPrice.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amount!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'What the line cleared from goods received not invoiced when posted, in the company currency: its goods at the value the receipts booked them at (the receipt-date rates for a foreign order). Null until posted.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  clearedValue?: string | null;

  /**
   * Set when the bill is cancelled: what its cancellation moved GR/IR by for this line beyond
   * taking back `clearedValue` (a credit > 0; the GR/IR line of the reversal's exchange
   * difference), in the company currency. What a cancelled bill leaves in GR/IR for the order
   * line (grni-share.ts's openGrniOf reads it here: the ledger's lines carry the product, not
   * the order line). Null while the bill is not cancelled.
   */
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  cancelGrniAdjustment?: string | null;
}
