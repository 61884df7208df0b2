import { Entity, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
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

  @Field(() => Boolean, {
    description:
      'Whether people may post manual entries into it. False for the system journals (stock, purchases, landed costs), which only their documents write.',
  })
  @Property({ type: 'boolean', default: true })
  allowManual: boolean & Opt = true;
}

/**
 * The counter of one journal in one fiscal year. Taken (row lock until commit) by the one
 * journal writer when an entry is numbered, so posted entries are numbered without gaps: a
 * posting that fails rolls its increment back with it.
 */
@Entity()
@Unique({ properties: ['journal', 'fiscalYear'] })
export class JournalSequence extends CompanyScopedEntity {
  @ManyToOne(() => Journal, { ref: true, deleteRule: 'cascade' })
  journal!: Ref<Journal>;

  @Property({ type: 'integer' })
  fiscalYear!: number;

  @Property({ type: 'integer' })
  lastNumber!: number;
}
