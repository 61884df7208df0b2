import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

@ObjectType({ description: 'A book of entries of one kind (general, stock valuation, purchases, landed costs).' })
@Entity()
@Unique({ properties: ['company', 'code'] })
export class Journal extends CompanyScopedEntity {
  @Field({ description: 'Short code, unique within the company; prefixes entry names (e.g. "STK/000042").' })
  @Property({ length: 16 })
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;
}
