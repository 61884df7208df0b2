import { Embeddable, Embedded, Entity, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

@ObjectType({ description: 'Postal address.' })
@Embeddable()
export class Address {
  @Field(() => String, { nullable: true, description: 'Street and number.' })
  @Property({ length: 200, nullable: true })
  street?: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  @Property({ length: 100, nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  @Property({ length: 20, nullable: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  @Property({ length: 2, nullable: true })
  country?: string | null;
}

@ObjectType({ description: 'A physical site holding stock, with its standard location tree.' })
@Entity()
@Unique({ properties: ['company', 'code'] })
export class Warehouse extends CompanyScopedEntity {
  @Field({ description: 'Short code, unique within the company; prefixes its location names (e.g. "WH1/Stock").' })
  @Property({ length: 16 })
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => Address, { description: 'Postal address.' })
  @Embedded(() => Address, { prefix: 'address_' })
  address: Address & Opt = new Address();

  @Field({ description: 'IANA time zone of the site, e.g. "Europe/Paris".' })
  @Property({ length: 64 })
  timeZone!: string;

  @Field(() => Boolean, { description: 'Inactive warehouses keep their history but take no new operations.' })
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}
