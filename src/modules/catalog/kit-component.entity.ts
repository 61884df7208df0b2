import { Check, Entity, Index, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Product } from './product.entity';

/**
 * One line of a kit's bill of materials (Odoo's phantom BoM, Medusa's inventory items with a
 * required quantity, Shopify's bundle components): selling one kit takes `quantity` of the
 * component. A kit has no stock of its own; its figures derive from its components'.
 */
@ObjectType({ description: 'One component of a kit: how much of which product one kit takes.' })
@Entity()
@Unique({ properties: ['kit', 'component'] })
@Index({ properties: ['component'] })
@Check({ name: 'kit_component_quantity_check', expression: 'quantity > 0 and kit_id <> component_id' })
export class KitComponent extends CompanyScopedEntity {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade' })
  kit!: Ref<Product>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  component!: Ref<Product>;

  @Field(() => DecimalScalar, { description: 'Quantity of the component in one kit, in the component unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;
}
