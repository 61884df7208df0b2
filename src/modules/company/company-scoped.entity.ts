import { ManyToOne, type Ref } from '@mikro-orm/core';
import { ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Company } from './company.entity';

/** Base of every business record: it carries its company, and every query filters by it. */
@ObjectType({ description: 'A record owned by one company.' })
export abstract class CompanyScopedEntity extends BaseEntity {
  @ManyToOne(() => Company, { ref: true, deleteRule: 'restrict' })
  company!: Ref<Company>;
}
