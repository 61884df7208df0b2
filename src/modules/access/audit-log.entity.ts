import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Company } from '../company/company.entity';

/** One record a mutation created, changed or deleted, with the changed fields before and after. */
@ObjectType({ description: 'One record a mutation created, changed or deleted.' })
export class AuditChange {
  @Field({ description: 'Kind of record, e.g. Product, StockMove, InventoryCount.' })
  entity!: string;

  @Field(() => ID, { description: 'Id of the record.' })
  id!: string;

  @Field({ description: 'CREATE, UPDATE or DELETE.' })
  change!: 'CREATE' | 'UPDATE' | 'DELETE';

  @Field(() => JSONObjectResolver, { nullable: true, description: 'The changed fields before; null for a CREATE.' })
  before!: Record<string, unknown> | null;

  @Field(() => JSONObjectResolver, { nullable: true, description: 'The changed fields after; null for a DELETE.' })
  after!: Record<string, unknown> | null;
}

/**
 * Who did what, when, to which records: one row per successful mutation, written in the same
 * transaction. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@ObjectType('AuditEntry', {
  description: 'What one successful mutation did: who, when, which records, before and after.',
})
@Entity()
@Index({ properties: ['company', 'at'] })
export class AuditLog {
  @Field(() => ID, { description: 'Id of the entry.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Company, { ref: true, deleteRule: 'restrict' })
  company!: Ref<Company>;

  @Field(() => Date, { description: 'When the mutation committed (its transaction time).' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Field({ description: 'Who: `key:<prefix>` for an API key, `user:<subject>` for a JWT user, or `anonymous`.' })
  @Property({ length: 200 })
  @Index()
  actor!: string;

  @Field({ description: 'API_KEY, USER or ANONYMOUS.' })
  @Property({ length: 20 })
  actorKind!: string;

  @Field({ description: 'The mutation, e.g. inventoryCountApprove.' })
  @Property({ length: 100 })
  @Index()
  operation!: string;

  @Field({ description: 'Request id (the x-request-id response header) of the HTTP request.' })
  @Property({ length: 100 })
  requestId!: string;

  @Field(() => [ID], { description: 'Ids of every record the mutation created, changed or returned.' })
  @Property({ type: 'text[]' })
  @Index({ type: 'gin' })
  recordIds!: string[];

  @Field(() => [AuditChange], { description: 'The records changed, with fields before and after (at most 200).' })
  @Property({ type: 'json' })
  changes!: AuditChange[];

  @Field(() => JSONObjectResolver, { nullable: true, description: 'The mutation arguments, as sent.' })
  @Property({ type: 'json', nullable: true })
  input?: Record<string, unknown> | null;
}
