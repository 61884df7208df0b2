import { ArrayType, Entity, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

/**
 * A credential for a storefront, partner or integration. Only the SHA-256 of the key is kept:
 * the key carries 256 random bits, so a fast hash is enough (nothing to brute-force, unlike a
 * password) and lets each request find its key with one indexed lookup.
 */
@ObjectType({ description: 'An API key of your company. The secret itself is shown once, when it is created.' })
@Entity()
export class ApiKey extends CompanyScopedEntity {
  @Field({ description: 'What the key is for, e.g. "Web shop".' })
  @Property({ length: 200 })
  name!: string;

  @Field({ description: 'Public start of the key (`sl_` and 12 characters), to recognise it in lists and logs.' })
  @Property({ length: 20 })
  @Unique()
  prefix!: string;

  @Property({ length: 64, hidden: true })
  @Unique()
  secretHash!: string;

  @Field(() => [Role], { description: 'What the key may do.' })
  @Property({ type: ArrayType })
  roles!: Role[];

  @Field(() => ID, {
    nullable: true,
    description: 'For a PARTNER key: the supplier it acts for (it sees only that supplier’s purchase orders).',
  })
  @Property({ type: 'uuid', nullable: true })
  supplierId?: string | null;

  @Field({ description: 'Who created the key.' })
  @Property({ length: 200 })
  createdBy!: string;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; a revoked key is refused.' })
  @Property({ type: 'datetime', nullable: true })
  @Index()
  revokedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who revoked the key.' })
  @Property({ length: 200, nullable: true })
  revokedBy?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key was last seen (updated at most once per API_KEY_CACHE_MS per server).',
  })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;
}
