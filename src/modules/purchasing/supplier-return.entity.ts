import { Collection, Entity, Index, ManyToOne, OneToMany, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Partner } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';

export enum ReturnCreditStatus {
  NOTHING_TO_CREDIT = 'NOTHING_TO_CREDIT',
  TO_CREDIT = 'TO_CREDIT',
  CREDITED = 'CREDITED',
}
registerEnumType(ReturnCreditStatus, {
  name: 'ReturnCreditStatus',
  description: 'Whether a supplier return waits for a vendor credit note.',
  valuesConfig: {
    NOTHING_TO_CREDIT: {
      description:
        'The goods sent back were not billed yet: the return lowered the received quantity, nothing is owed back.',
    },
    TO_CREDIT: {
      description:
        'Goods already billed were sent back: the supplier owes a credit note (vendorCreditNoteCreate with returnId).',
    },
    CREDITED: { description: 'Every billed unit sent back is credited by posted credit notes.' },
  },
});

/**
 * Goods of a purchase order sent back to the supplier (Odoo's return of a receipt): each line
 * lowers its order line's received quantity, so the three-way match no longer lets them be
 * billed, and is valued at the cost the goods came in at. When the goods were billed already,
 * the return waits for a credit note.
 */
@ObjectType({ description: 'Goods of a purchase order sent back to its supplier.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
@Index({ properties: ['order'] })
export class SupplierReturn extends CompanyScopedEntity {
  @Field({ description: 'Readable reference, e.g. "PAR/RTS/20261207-4F2K9Q1A".' })
  @Property({ length: 100 })
  name!: string;

  @ManyToOne(() => PurchaseOrder, { ref: true, deleteRule: 'restrict' })
  order!: Ref<PurchaseOrder>;

  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @Field({ description: 'Why the goods go back (damaged, wrong item...).' })
  @Property({ length: 500 })
  reason!: string;

  @Field(() => Date, { description: 'When the goods left (the date of their stock moves and valuation).' })
  @Property({ type: 'datetime' })
  returnDate!: Date;

  @Field(() => String, { nullable: true, description: 'Who sent them back.' })
  @Property({ length: 200, nullable: true })
  createdBy?: string | null;

  @OneToMany(() => SupplierReturnLine, (line) => line.supplierReturn, { orderBy: { createdAt: 'asc', id: 'asc' } })
  lines = new Collection<SupplierReturnLine>(this);
}

@ObjectType({ description: 'A quantity of one purchase order line sent back.' })
@Entity()
@Index({ properties: ['supplierReturn'] })
@Index({ properties: ['purchaseLine'] })
export class SupplierReturnLine extends CompanyScopedEntity {
  @ManyToOne(() => SupplierReturn, { ref: true, deleteRule: 'cascade' })
  supplierReturn!: Ref<SupplierReturn>;

  @ManyToOne(() => PurchaseOrderLine, { ref: true, deleteRule: 'restrict' })
  purchaseLine!: Ref<PurchaseOrderLine>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => DecimalScalar, { description: 'Quantity sent back, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  productQuantity!: string;

  @Field(() => DecimalScalar, {
    description:
      'Cost per product unit the goods came in at (their receipt): what goods received not invoiced is debited with.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  unitCost!: string;

  @Field(() => DecimalScalar, {
    description:
      'Of the quantity sent back, what was already billed when it left (billed beyond what stays received): the quantity a credit note must credit.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  creditExpectedQuantity: string & Opt = '0';

  @Field(() => DecimalScalar, {
    description: 'Credited so far by posted credit notes of this return, in the product unit.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  creditedQuantity: string & Opt = '0';
}

/** The stock moves that carried a return line's goods out (one per receipt move they came in by). */
@Entity()
@Index({ properties: ['line'] })
export class SupplierReturnMove extends CompanyScopedEntity {
  @ManyToOne(() => SupplierReturnLine, { ref: true, deleteRule: 'cascade' })
  line!: Ref<SupplierReturnLine>;

  @ManyToOne(() => StockMove, { ref: true, unique: true, deleteRule: 'restrict' })
  move!: Ref<StockMove>;
}
