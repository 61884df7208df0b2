import { Entity, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Decimal } from '../../db/decimal';
import { DecimalScalar } from '../../graphql/scalars';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

@ObjectType({ description: 'A family of units that convert into each other (unit, weight, volume, length).' })
@Entity()
@Unique({ properties: ['company', 'name'] })
export class UomCategory extends CompanyScopedEntity {
  @Field({ description: 'Name of the category, e.g. "Unit" or "Weight".' })
  @Property({ length: 100 })
  name!: string;
}

@ObjectType({ description: 'A unit of measure with its factor to the reference unit of its category.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
export class Uom extends CompanyScopedEntity {
  @ManyToOne(() => UomCategory, { ref: true, deleteRule: 'restrict' })
  category!: Ref<UomCategory>;

  @Field({ description: 'Name, e.g. "Box of 12".' })
  @Property({ length: 100 })
  name!: string;

  @Field(() => DecimalScalar, {
    description: "How many of the category's reference unit one of this unit is (box of 12 = 12; reference = 1).",
  })
  @Property({ type: 'decimal', precision: 24, scale: 10 })
  factor!: string;

  /** Converts a quantity in this unit to `target` (same category), kept exact with decimal.js. */
  convert(quantity: Decimal.Value, target: Uom): Decimal {
    return new Decimal(quantity).times(this.factor).div(target.factor);
  }
}
