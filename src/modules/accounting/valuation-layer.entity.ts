import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity';
import type { LandedCost } from './landed-cost.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { JournalEntry } from './journal-entry.entity';

/**
 * A valuation layer (Odoo's stock.valuation.layer): the quantity and value one stock move (or
 * landed cost) brought into, or took out of, one product x warehouse. Transit is its own
 * bucket (warehouse null). Incoming layers keep what is left of them (`remaining*`) for FIFO;
 * the value of the stock at any time is the sum of `value` up to then, and it always equals
 * the Inventory account (invariant 5) because both are written from the same figures.
 */
@Entity()
@Index({
  name: 'valuation_layer_open_index',
  expression: `create index "valuation_layer_open_index" on "valuation_layer" ("product_id", "warehouse_id", "seq") where "remaining_quantity" > 0`,
})
@Index({ properties: ['company', 'date'] })
@Index({ properties: ['stockMove'] })
// A product's last layer, at any remainder: the cost of goods coming back without one (currentUnitCosts).
@Index({ properties: ['product', 'seq'] })
export class ValuationLayer extends CompanyScopedEntity {
  /** FIFO order (and lock order): from valuation_layer_seq. */
  @Property({ type: 'bigint' })
  seq!: string;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  /** Null for goods in transit between warehouses. */
  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse?: Ref<Warehouse> | null;

  @Property({ type: 'datetime' })
  date!: Date;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @Property({ type: 'decimal', precision: 20, scale: 2 })
  value!: string;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  remainingQuantity!: string;

  @Property({ type: 'decimal', precision: 20, scale: 2 })
  remainingValue!: string;

  @ManyToOne(() => StockMove, { ref: true, nullable: true, deleteRule: 'restrict' })
  stockMove?: Ref<StockMove> | null;

  @ManyToOne({ entity: 'LandedCost', ref: true, nullable: true, deleteRule: 'restrict' })
  landedCost?: Ref<LandedCost> | null;

  @ManyToOne(() => JournalEntry, { ref: true, nullable: true, deleteRule: 'restrict' })
  entry?: Ref<JournalEntry> | null;
}

/**
 * What one stock move took out of one incoming layer (FIFO and average both take quantities
 * in seq order). Together with the layer the same move created in the next warehouse or in
 * transit, it is the trail a landed cost follows to find where received goods are now.
 */
@Entity()
@Index({ properties: ['layer'] })
export class ValuationLayerConsumption extends CompanyScopedEntity {
  @ManyToOne(() => ValuationLayer, { ref: true, deleteRule: 'restrict' })
  layer!: Ref<ValuationLayer>;

  @ManyToOne(() => StockMove, { ref: true, deleteRule: 'restrict' })
  stockMove!: Ref<StockMove>;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;
}
