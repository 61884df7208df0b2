import { Collection, Entity, Enum, ManyToOne, OneToMany, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { LandedCostKind, LandedCostMethod } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';

@ObjectType({ description: 'Freight, duty or insurance added to the cost of received goods.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
export class LandedCost extends CompanyScopedEntity {
  @Field({ description: 'Name, e.g. "LC/20261124-1A2B3C4D".' })
  @Property({ length: 100 })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Reference of the cost document (carrier invoice, customs form).',
  })
  @Property({ length: 200, nullable: true })
  reference?: string | null;

  @Field(() => Date, { description: 'Accounting date.' })
  @Property({ type: 'datetime' })
  date!: Date;

  @Field(() => LandedCostMethod, { description: 'How the amount was split over the received lines.' })
  @Enum({ items: () => LandedCostMethod, nativeEnumName: 'landed_cost_method' })
  method!: LandedCostMethod;

  @Field(() => DecimalScalar, { description: 'Total amount allocated.' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  amount!: string;

  @ManyToOne(() => JournalEntry, { ref: true, nullable: true, deleteRule: 'restrict' })
  entry?: Ref<JournalEntry> | null;

  @OneToMany(() => LandedCostLine, (line) => line.landedCost)
  lines = new Collection<LandedCostLine>(this);

  @OneToMany(() => LandedCostAllocation, (a) => a.landedCost)
  allocations = new Collection<LandedCostAllocation>(this);
}

@ObjectType({ description: 'One cost of a landed cost (freight, duty...).' })
@Entity()
export class LandedCostLine extends CompanyScopedEntity {
  @ManyToOne(() => LandedCost, { ref: true, deleteRule: 'cascade' })
  landedCost!: Ref<LandedCost>;

  @Field(() => LandedCostKind, { description: 'What it pays for.' })
  @Enum({ items: () => LandedCostKind, nativeEnumName: 'landed_cost_kind' })
  kind!: LandedCostKind;

  @Field(() => DecimalScalar, { description: 'Amount.' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  amount!: string;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  @Property({ length: 200, nullable: true })
  label?: string | null;
}

@ObjectType({ description: 'The share of a landed cost given to one received move.' })
@Entity()
export class LandedCostAllocation extends CompanyScopedEntity {
  @ManyToOne(() => LandedCost, { ref: true, deleteRule: 'cascade' })
  landedCost!: Ref<LandedCost>;

  @ManyToOne(() => StockMove, { ref: true, deleteRule: 'restrict' })
  stockMove!: Ref<StockMove>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse?: Ref<Warehouse> | null;

  @Field(() => DecimalScalar, { description: 'Share of the landed cost.' })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  amount!: string;

  @Field(() => DecimalScalar, {
    description: 'Part added to the value of the goods still owned (Inventory of wherever they are now).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  onHandAmount!: string;

  @Field(() => DecimalScalar, {
    description: 'Part of goods already gone, charged to where they went (COGS, scrap, shrinkage).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 2 })
  consumedAmount!: string;
}
