import { Collection, Entity, Enum, ManyToOne, OneToMany, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { CountState } from './inventory.enums';
import { Location } from './location.entity';
import { Warehouse } from './warehouse.entity';

@ObjectType({ description: 'A physical count of a location (or of some products) whose variances become moves.' })
@Entity()
export class InventoryCount extends CompanyScopedEntity {
  @Field({ description: 'Readable reference.' })
  @Property({ length: 100 })
  name!: string;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Field(() => CountState, { description: 'Life-cycle state.' })
  @Enum({ items: () => CountState, nativeEnumName: 'count_state' })
  state!: CountState;

  @Field(() => String, { nullable: true, description: 'Reason code posted on the variance moves.' })
  @Property({ length: 64, nullable: true })
  reasonCode?: string | null;

  @Field(() => Boolean, {
    description:
      'Applied with force: variances that take stock reservations or confirmed deliveries hold were accepted, and those reservations became SHORT.',
  })
  @Property({ type: 'boolean', default: false })
  acceptShortage: boolean & Opt = false;

  @Field(() => String, { nullable: true, description: 'Who started the count.' })
  @Property({ length: 200, nullable: true })
  createdBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Who approved it, when approval was needed.' })
  @Property({ length: 200, nullable: true })
  approvedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was approved.' })
  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date | null;

  @OneToMany(() => InventoryCountLine, (line) => line.count)
  lines = new Collection<InventoryCountLine>(this);
}

@ObjectType({ description: 'One product (and lot) in one location of a count.' })
@Entity()
export class InventoryCountLine extends CompanyScopedEntity {
  @ManyToOne(() => InventoryCount, { ref: true, deleteRule: 'cascade' })
  count!: Ref<InventoryCount>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  location!: Ref<Location>;

  @Property({ length: 100, default: '' })
  lot: string & Opt = '';

  @Field(() => DecimalScalar, { description: 'Quantity on record when the count started.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  expectedQuantity!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Quantity counted; null until recorded.' })
  @Property({ type: 'decimal', precision: 20, scale: 6, nullable: true })
  countedQuantity?: string | null;
}
