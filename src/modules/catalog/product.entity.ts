import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { ProductTracking } from './catalog.enums';
import { ProductCategory } from './product-category.entity';
import { Uom } from './uom.entity';

@ObjectType({ description: 'Something the company stocks and sells, identified by its SKU.' })
@Entity()
@Unique({ properties: ['company', 'sku'] })
@Unique({ properties: ['company', 'barcode'] })
@Index({ properties: ['company', 'name'] })
export class Product extends CompanyScopedEntity {
  @Field({ description: 'Stock keeping unit, unique within the company.' })
  @Property({ length: 64 })
  sku!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @ManyToOne(() => Uom, { ref: true, deleteRule: 'restrict' })
  uom!: Ref<Uom>;

  @ManyToOne(() => ProductCategory, { ref: true, nullable: true, deleteRule: 'restrict' })
  category?: Ref<ProductCategory> | null;

  @Field(() => String, { nullable: true, description: 'EAN/UPC or internal barcode, unique within the company.' })
  @Property({ length: 64, nullable: true })
  barcode?: string | null;

  @Field(() => ProductTracking, { description: 'Whether moves carry lot or serial numbers.' })
  @Enum({ items: () => ProductTracking, nativeEnumName: 'product_tracking' })
  tracking: ProductTracking & Opt = ProductTracking.NONE;

  @Field(() => Boolean, { description: 'Receipts of this product land in quality hold until released.' })
  @Property({ type: 'boolean' })
  requiresInspection: boolean & Opt = false;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Weight of one product unit in kg; landed costs may be split by weight.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, nullable: true })
  weight?: string | null;

  @Field(() => Boolean, { description: 'Archived products keep their history but cannot be used in new operations.' })
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;

  @Field(() => Int, { description: 'Optimistic lock: pass it back to productUpdate to detect concurrent edits.' })
  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
