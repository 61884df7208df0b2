import { Entity, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';

@ObjectType({ description: 'A legal entity; every business record belongs to exactly one company.' })
@Entity()
export class Company extends BaseEntity {
  @Field({ description: 'Short unique code of the company.' })
  @Property({ length: 32 })
  @Unique()
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @Field({ description: 'ISO 4217 code of the currency the books are kept in.' })
  @Property({ length: 3 })
  currency: string = 'EUR';

  @Field(() => String, {
    description:
      'IANA time zone of the books (e.g. "Europe/Paris"): decides which day, fiscal period and fiscal year an entry falls in.',
  })
  @Property({ length: 64, default: 'UTC' })
  timeZone: string & Opt = 'UTC';
}
