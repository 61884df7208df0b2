import { Collection, Entity, ManyToOne, OneToMany, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Warehouse } from '../inventory/warehouse.entity';

@ObjectType({ description: 'A sales channel (web shop, marketplace, B2B) with the warehouses it sells from.' })
@Entity()
@Unique({ properties: ['company', 'code'] })
export class Channel extends CompanyScopedEntity {
  @Field({ description: 'Code, unique within the company, e.g. "web".' })
  @Property({ length: 32 })
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => DecimalScalar, {
    description:
      'Quantity per product and warehouse kept back from this channel (on top of safety stock), unless a buffer of the product or of its category applies (`buffers`).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  buffer: string & Opt = '0';

  @OneToMany(() => ChannelWarehouse, (cw) => cw.channel, { orderBy: { priority: 'asc' } })
  warehouses = new Collection<ChannelWarehouse>(this);
}

@ObjectType({ description: 'A warehouse a channel sells from, with its priority (1 = first choice).' })
@Entity()
@Unique({ properties: ['channel', 'warehouse'] })
export class ChannelWarehouse extends CompanyScopedEntity {
  @ManyToOne(() => Channel, { ref: true, deleteRule: 'cascade' })
  channel!: Ref<Channel>;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Field(() => Int, { description: 'Sourcing order: lower first.' })
  @Property({ type: 'integer' })
  priority!: number;
}
