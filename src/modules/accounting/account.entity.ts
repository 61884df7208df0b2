import { Entity, Enum, Index, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { AccountRole, AccountType } from './accounting.enums';

@ObjectType({ description: 'An account of the chart of accounts of a company.' })
@Entity()
@Unique({ properties: ['company', 'code'] })
@Index({
  name: 'account_company_role_unique',
  expression: `create unique index "account_company_role_unique" on "account" ("company_id", "role") where "role" is not null`,
})
export class Account extends CompanyScopedEntity {
  @Field({ description: 'Account number, unique within the company (e.g. "1300").' })
  @Property({ length: 32 })
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => AccountType, { description: 'Balance sheet or income statement class.' })
  @Enum({ items: () => AccountType, nativeEnumName: 'account_type' })
  type!: AccountType;

  @Field(() => AccountRole, {
    nullable: true,
    description: 'The part the account plays in automatic postings; null for accounts only people post to.',
  })
  @Enum({ items: () => AccountRole, nativeEnumName: 'account_role', nullable: true })
  role?: AccountRole | null;

  @Field(() => Boolean, {
    description: 'Whether manual entries may use it (false for Inventory, which only stock valuation moves).',
  })
  @Property({ type: 'boolean' })
  allowManual: boolean & Opt = true;
}
