import { Entity, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Warehouse } from './warehouse.entity';

/** Quantity kept back from sale for a product in a warehouse. */
@Entity()
@Unique({ properties: ['product', 'warehouse'] })
export class SafetyStock extends CompanyScopedEntity {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;
}
