import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/** What a mutation did under a caller's idempotency key, so that a retry returns it instead of acting twice. */
@Entity()
@Unique({ properties: ['companyId', 'actor', 'key'] })
@Index({ properties: ['createdAt'] })
export class IdempotencyKey extends BaseEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  @Property({ length: 200 })
  actor!: string;

  @Property({ length: 255 })
  key!: string;

  @Property({ length: 100 })
  operation!: string;

  @Property({ length: 64 })
  requestHash!: string;

  /** Ids of the objects the payload returned, and any userErrors of a partial success. */
  @Property({ type: 'json', nullable: true })
  result?: Record<string, unknown> | null;
}
