import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { LocationType } from './location-type.enum';
import { Warehouse } from './warehouse.entity';

@ObjectType({
  description: 'A place stock can be in: a node of a warehouse tree, or a virtual location of the company.',
})
@Entity()
@Unique({ properties: ['company', 'fullName'] })
@Unique({ properties: ['company', 'barcode'] })
@Index({ properties: ['warehouse'] })
@Index({ properties: ['parent'] })
export class Location extends CompanyScopedEntity {
  /** Null for the company's virtual locations (suppliers, customers, loss, scrap, transit). */
  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse?: Ref<Warehouse> | null;

  @ManyToOne(() => Location, { ref: true, nullable: true, deleteRule: 'restrict' })
  parent?: Ref<Location> | null;

  @Field({ description: 'Name within its parent, e.g. "Stock".' })
  @Property({ length: 100 })
  name!: string;

  @Field({ description: 'Path from the warehouse root, e.g. "WH1/Stock/Shelf A"; unique within the company.' })
  @Property({ length: 500 })
  fullName!: string;

  @Field(() => LocationType, { description: 'What the location is for.' })
  @Enum({ items: () => LocationType, nativeEnumName: 'location_type' })
  type!: LocationType;

  @Field(() => Boolean, { description: 'Whether stock here may be sold (only internal locations can be sellable).' })
  @Property({ type: 'boolean' })
  sellable: boolean & Opt = false;

  @Field(() => String, { nullable: true, description: 'Scannable barcode, unique within the company.' })
  @Property({ length: 64, nullable: true })
  barcode?: string | null;

  @Field(() => Boolean, { description: 'Inactive locations take no new stock.' })
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}
