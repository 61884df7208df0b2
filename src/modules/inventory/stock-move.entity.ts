import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { MoveState } from './inventory.enums';
import { Location } from './location.entity';
import type { Transfer } from './transfer.entity';
import { Warehouse } from './warehouse.entity';

@ObjectType({ description: 'A quantity of one product (and lot or serial) carried from one location to another.' })
@Entity()
@Index({ properties: ['product', 'effectiveDate'] })
@Index({ properties: ['lot'] })
@Index({ properties: ['transfer'] })
@Index({
  name: 'stock_move_open_index',
  expression: `create index "stock_move_open_index" on "stock_move" ("product_id", "state") where "state" = 'CONFIRMED'`,
})
@Index({ properties: ['company', 'createdAt'] })
export class StockMove extends CompanyScopedEntity {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => DecimalScalar, { description: "Quantity in the product's unit of measure." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity as it was given, in `requestedUom`.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  requestedQuantity!: string;

  @ManyToOne(() => Uom, { ref: true, deleteRule: 'restrict' })
  requestedUom!: Ref<Uom>;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  source!: Ref<Location>;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  destination!: Ref<Location>;

  /** Warehouses of the two ends, kept for fast per-warehouse figures; null for virtual locations. */
  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  sourceWarehouse?: Ref<Warehouse> | null;

  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  destinationWarehouse?: Ref<Warehouse> | null;

  @Field(() => MoveState, { description: 'Life-cycle state.' })
  @Enum({ items: () => MoveState, nativeEnumName: 'move_state' })
  state!: MoveState;

  /** Lot or serial number; empty for untracked products. */
  @Property({ length: 100, default: '' })
  lot: string & Opt = '';

  @Field(() => String, { nullable: true, description: 'Why the move was made (e.g. COUNT, SCRAP, DAMAGED).' })
  @Property({ length: 64, nullable: true })
  reasonCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the transfer or operation that made it.' })
  @Property({ length: 100, nullable: true })
  reference?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Free reference to the document behind the move (an order URL or number), set by the caller.',
  })
  @Property({ length: 500, nullable: true })
  referenceDocumentUri?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Cost per product unit that values the goods (set on receipts, e.g. the purchase price); null when unknown.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, nullable: true })
  unitCost?: string | null;

  @Field(() => Date, { nullable: true, description: 'Planned date of a move not done yet (expected arrival).' })
  @Property({ type: 'datetime', nullable: true })
  expectedDate?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the move was done; null until then.' })
  @Property({ type: 'datetime', nullable: true })
  effectiveDate?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who posted the move.' })
  @Property({ length: 200, nullable: true })
  doneBy?: string | null;

  @ManyToOne({ entity: 'Transfer', ref: true, nullable: true, deleteRule: 'restrict' })
  transfer?: Ref<Transfer> | null;

  /**
   * The move whose goods this one sends back (Odoo's `origin_returned_move_id`): a return to the
   * supplier takes its valuation layer first and is valued at the cost the goods came in at.
   */
  @ManyToOne(() => StockMove, { ref: true, nullable: true, deleteRule: 'restrict' })
  originMove?: Ref<StockMove> | null;
}
