import { Entity, Enum, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { CostingMethod } from './catalog.enums';

@ObjectType({ description: 'A grouping of products; it also sets their default costing method.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
export class ProductCategory extends CompanyScopedEntity {
  @Field({ description: 'Name of the category.' })
  @Property({ length: 100 })
  name!: string;

  @ManyToOne(() => ProductCategory, { ref: true, nullable: true, deleteRule: 'restrict' })
  parent?: Ref<ProductCategory> | null;

  @Field(() => CostingMethod, { description: 'Costing method of the products in this category.' })
  @Enum({ items: () => CostingMethod, nativeEnumName: 'costing_method' })
  costingMethod: CostingMethod = CostingMethod.FIFO;
}
