import { Entity, Index, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';

@ObjectType({ description: 'A span of dates of the books; once locked, nothing more can be posted into it.' })
@Entity()
@Unique({ properties: ['company', 'name'] })
@Index({ properties: ['company', 'startDate'] })
export class FiscalPeriod extends CompanyScopedEntity {
  @Field({ description: 'Name, unique within the company (e.g. "2026-10").' })
  @Property({ length: 64 })
  name!: string;

  @Field({ description: 'First day of the period (YYYY-MM-DD), a day in the company time zone (`Company.timeZone`).' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field({ description: 'Last day of the period, inclusive (YYYY-MM-DD), a day in the company time zone.' })
  @Property({ type: 'date' })
  endDate!: string;

  @Field(() => Boolean, { description: 'Locked periods take no new postings, automatic or manual.' })
  @Property({ type: 'boolean' })
  locked: boolean & Opt = false;

  @Field(() => Date, { nullable: true, description: 'When it was locked.' })
  @Property({ type: 'datetime', nullable: true })
  lockedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who locked it.' })
  @Property({ length: 200, nullable: true })
  lockedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last unlocked (fiscalPeriodUnlock).' })
  @Property({ type: 'datetime', nullable: true })
  unlockedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last unlocked it: never the controller who locked it.' })
  @Property({ length: 200, nullable: true })
  unlockedBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was last unlocked.' })
  @Property({ length: 500, nullable: true })
  unlockReason?: string | null;
}
