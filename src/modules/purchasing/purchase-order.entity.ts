import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  type Opt,
  Property,
  type Ref,
  Unique,
} from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner } from './partner.entity';
import { PurchaseOrderState } from './purchasing.enums';

@ObjectType({ description: 'An order to a supplier, delivered to one warehouse.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
@Index({ properties: ['company', 'state'] })
@Index({ properties: ['supplier'] })
export class PurchaseOrder extends CompanyScopedEntity {
  @Field({ description: 'Readable reference, e.g. "PO/20261124-4F2K9Q1A".' })
  @Property({ length: 100 })
  name!: string;

  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Field(() => PurchaseOrderState, { description: 'Life-cycle state.' })
  @Enum({ items: () => PurchaseOrderState, nativeEnumName: 'purchase_order_state' })
  state!: PurchaseOrderState;

  @Field({ description: 'ISO 4217 currency of the prices.' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Sum of quantity x unit price over the lines.' })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  amountTotal: string & Opt = '0';

  @Field(() => String, { nullable: true, description: 'Free notes for the supplier or the buyer.' })
  @Property({ length: 2000, nullable: true })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What made it: null when a person did, "REPLENISHMENT" for a proposal of replenishmentRun.',
  })
  @Property({ length: 32, nullable: true })
  origin?: string | null;

  @Field(() => String, { nullable: true, description: 'Who created it.' })
  @Property({ length: 200, nullable: true })
  createdBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was confirmed.' })
  @Property({ type: 'datetime', nullable: true })
  confirmedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who approved it (orders above the approval threshold).' })
  @Property({ length: 200, nullable: true })
  approvedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was approved.' })
  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled, or why the rest was closed short.' })
  @Property({ length: 500, nullable: true })
  reason?: string | null;

  @Field(() => Int, { description: 'Optimistic lock: pass it back to purchaseOrderUpdate to detect concurrent edits.' })
  @Property({ version: true, type: 'integer' })
  version!: number & Opt;

  @OneToMany(() => PurchaseOrderLine, (line) => line.order, { orderBy: { sequence: 'asc' } })
  lines = new Collection<PurchaseOrderLine>(this);
}

@ObjectType({ description: 'A product, quantity and price on a purchase order.' })
@Entity()
@Index({ properties: ['order'] })
@Index({ properties: ['product'] })
export class PurchaseOrderLine extends CompanyScopedEntity {
  @ManyToOne(() => PurchaseOrder, { ref: true, deleteRule: 'cascade' })
  order!: Ref<PurchaseOrder>;

  @Field(() => Int, { description: 'Position on the order, from 1.' })
  @Property({ type: 'integer' })
  sequence!: number;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => DecimalScalar, { description: 'Quantity ordered, in `uom`.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @ManyToOne(() => Uom, { ref: true, deleteRule: 'restrict' })
  uom!: Ref<Uom>;

  @Field(() => DecimalScalar, { description: 'Quantity ordered, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  productQuantity!: string;

  @Field(() => DecimalScalar, { description: 'Price per `uom`, in the order currency.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  unitPrice!: string;

  @Field(() => Date, { description: 'When the goods are expected; confirmed lines are incoming on that day.' })
  @Property({ type: 'datetime' })
  expectedDate!: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'The expected date when the order was confirmed: what the supplier promised (for supplierPerformance).',
  })
  @Property({ type: 'datetime', nullable: true })
  promisedDate?: Date | null;

  @Field(() => DecimalScalar, { description: 'Received so far, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  receivedQuantity: string & Opt = '0';

  @Field(() => DecimalScalar, {
    description:
      'Billed so far by posted bills (matched or approved, less cancelled ones), in the product unit. Bills on hold are not counted until approved.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  billedQuantity: string & Opt = '0';

  @Field(() => Boolean, { description: 'The rest was closed short on a receipt: no more is expected.' })
  @Property({ type: 'boolean', default: false })
  closedShort: boolean & Opt = false;
}

/**
 * Which receipt moves carry which order line. Kept here rather than on the move so the ledger
 * knows nothing of purchasing; receiving keeps one move per line piece, so the link never
 * needs to follow a split made elsewhere.
 */
@Entity()
@Index({ properties: ['line'] })
export class PurchaseLineMove extends CompanyScopedEntity {
  @ManyToOne(() => PurchaseOrderLine, { ref: true, deleteRule: 'cascade' })
  line!: Ref<PurchaseOrderLine>;

  @ManyToOne(() => StockMove, { ref: true, unique: true, deleteRule: 'cascade' })
  move!: Ref<StockMove>;
}
