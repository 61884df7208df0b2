import { Entity, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Location } from './location.entity';
import { Warehouse } from './warehouse.entity';

/** Written only by the stock ledger, in the transaction that posts the moves. */
@ObjectType({
  description: 'The quantity of a product (and lot) in one location: the sum of the done moves in and out.',
})
@Entity()
@Unique({ properties: ['product', 'location', 'lot'] })
@Index({ properties: ['warehouse', 'product'] })
export class Quant extends CompanyScopedEntity {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  location!: Ref<Location>;

  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse?: Ref<Warehouse> | null;

  @Property({ length: 100, default: '' })
  lot: string & Opt = '';

  @Field(() => DecimalScalar, { description: "Quantity in the product's unit; negative only in virtual locations." })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;
}
