import { Entity, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Warehouse } from '../inventory/warehouse.entity';

@ObjectType({
  description: 'Min/max rule of a product in a warehouse: below min (forecast), replenishment proposes back to max.',
})
@Entity()
@Unique({ properties: ['product', 'warehouse'] })
export class ReorderRule extends CompanyScopedEntity {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Field(() => DecimalScalar, { description: 'Forecast below this triggers a proposal (product unit).' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  minQuantity!: string;

  @Field(() => DecimalScalar, { description: 'A proposal brings the forecast back up to this (product unit).' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  maxQuantity!: string;

  @Field(() => DecimalScalar, {
    description: 'Proposed quantities are rounded up to a multiple of this (product unit).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '1' })
  multiple: string & Opt = '1';

  @Field(() => Boolean, { description: 'Inactive rules are kept but ignored.' })
  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;
}
