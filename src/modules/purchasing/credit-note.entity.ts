import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Partner } from './partner.entity';
import { PurchaseOrderLine } from './purchase-order.entity';
import { SupplierReturn, SupplierReturnLine } from './supplier-return.entity';
import { VendorBill } from './vendor-bill.entity';

export enum CreditNoteState {
  MATCHED = 'MATCHED',
  ON_HOLD = 'ON_HOLD',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(CreditNoteState, {
  name: 'CreditNoteState',
  description: 'Outcome of the reverse three-way match of a vendor credit note.',
  valuesConfig: {
    MATCHED: { description: 'Credits only goods billed and sent back, at the billed price: posted at once.' },
    ON_HOLD: { description: 'At least one exception (see `exceptions`): waits for vendorCreditNoteApprove.' },
    APPROVED: { description: 'Was on hold, released by someone other than its creator: posted.' },
    REJECTED: { description: 'Was on hold and refused: never posted; its reference may be entered again.' },
  },
});

export enum CreditNoteExceptionCode {
  CREDIT_OVER_BILLED = 'CREDIT_OVER_BILLED',
  CREDIT_OVER_RETURNED = 'CREDIT_OVER_RETURNED',
  PRICE_MISMATCH = 'PRICE_MISMATCH',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
}
registerEnumType(CreditNoteExceptionCode, {
  name: 'CreditNoteExceptionCode',
  description: 'Why a vendor credit note line failed the reverse three-way match.',
  valuesConfig: {
    CREDIT_OVER_BILLED: {
      description:
        'Credits more than was billed: by the posted bills of the line, or by the bill the credit note is against.',
    },
    CREDIT_OVER_RETURNED: {
      description:
        'Credits goods that are still received (billed less credited would fall below received, beyond the quantity tolerance), or more than the return it is against sent back unbilled.',
    },
    PRICE_MISMATCH: {
      description:
        'The credited unit price differs from the billed one (the bill it is against, else the order price) by more than the price tolerance.',
    },
    CURRENCY_MISMATCH: { description: 'The credit note is in another currency than the order of the line.' },
  },
});

export interface StoredCreditException {
  lineIndex: number;
  purchaseLineId: string;
  code: CreditNoteExceptionCode;
  message: string;
}

/**
 * A supplier's credit note (Odoo's vendor refund): it credits goods billed and then sent back,
 * or an over-billing, against a bill or a supplier return. Posted, it debits accounts payable
 * and credits goods received not invoiced at the received cost (the price difference as bills
 * book it), lowers the lines' billed quantities and the amount due of the bill it is against.
 */
@ObjectType({ description: "A supplier's credit note, matched in reverse against bills and returns." })
@Entity()
@Index({
  name: 'vendor_credit_note_supplier_reference_unique',
  expression: `create unique index "vendor_credit_note_supplier_reference_unique" on "vendor_credit_note" ("supplier_id", "reference") where "state" in ('MATCHED', 'ON_HOLD', 'APPROVED')`,
})
@Index({ properties: ['company', 'state'] })
@Index({ properties: ['bill'] })
@Index({ properties: ['supplierReturn'] })
export class VendorCreditNote extends CompanyScopedEntity {
  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @Field({ description: "The supplier's credit note number, unique per supplier." })
  @Property({ length: 100 })
  reference!: string;

  @Field(() => Date, { description: 'Credit note date (its accounting date).' })
  @Property({ type: 'datetime' })
  creditDate!: Date;

  @Field(() => CreditNoteState, { description: 'Outcome of the match.' })
  @Enum({ items: () => CreditNoteState, nativeEnumName: 'credit_note_state' })
  state!: CreditNoteState;

  @Field({ description: 'ISO 4217 currency.' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the lines: what the supplier owes back (lowers payables).' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amountTotal!: string;

  @ManyToOne(() => VendorBill, { ref: true, nullable: true, deleteRule: 'restrict' })
  bill?: Ref<VendorBill> | null;

  @ManyToOne(() => SupplierReturn, { ref: true, nullable: true, deleteRule: 'restrict' })
  supplierReturn?: Ref<SupplierReturn> | null;

  @Field(() => String, { nullable: true, description: 'Why the supplier credits (free text).' })
  @Property({ length: 500, nullable: true })
  reason?: string | null;

  /** Exceptions found by the match; the API lists them with `exceptions`. */
  @Property({ type: 'json' })
  exceptionList: StoredCreditException[] & Opt = [];

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

  @Field(() => String, { nullable: true, description: 'Who rejected it.' })
  @Property({ length: 200, nullable: true })
  rejectedBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  @Property({ length: 500, nullable: true })
  rejectReason?: string | null;

  @OneToMany(() => VendorCreditNoteLine, (line) => line.creditNote, { orderBy: { createdAt: 'asc', id: 'asc' } })
  lines = new Collection<VendorCreditNoteLine>(this);
}

@ObjectType({ description: 'A credited quantity and price of one purchase order line.' })
@Entity()
@Index({ properties: ['creditNote'] })
@Index({ properties: ['purchaseLine'] })
export class VendorCreditNoteLine extends CompanyScopedEntity {
  @ManyToOne(() => VendorCreditNote, { ref: true, deleteRule: 'cascade' })
  creditNote!: Ref<VendorCreditNote>;

  @ManyToOne(() => PurchaseOrderLine, { ref: true, deleteRule: 'restrict' })
  purchaseLine!: Ref<PurchaseOrderLine>;

  /** The return line it credits, when the credit note is against a return. */
  @ManyToOne(() => SupplierReturnLine, { ref: true, nullable: true, deleteRule: 'restrict' })
  returnLine?: Ref<SupplierReturnLine> | null;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => DecimalScalar, { description: "Quantity credited, in the order line's unit." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity credited, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  productQuantity!: string;

  @Field(() => DecimalScalar, { description: "Credited price per unit of the order line's unit." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  unitPrice!: string;

  @Field(() => DecimalScalar, { description: 'quantity x unitPrice.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  amount!: string;
}
