import { ArrayType, BigIntType, Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { BaseEntity } from '../../db/base.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { WebhookDeliveryState, WebhookState, WebhookTopic } from './webhook.enums';

/**
 * An HTTP endpoint that receives the company's stock events. The delivery worker
 * (webhook.worker.ts) queues the events after `cursor` as deliveries and sends them one at a
 * time, in sequence order; the lease columns say which server instance is working on it.
 */
@ObjectType({ description: 'An HTTP endpoint that receives your stock events, signed, in sequence order.' })
@Entity()
@Index({ properties: ['state', 'nextAttemptAt'] })
export class Webhook extends CompanyScopedEntity {
  @Field({ description: 'Where events are POSTed: HTTPS (plain HTTP only to a loopback address where allowed).' })
  @Property({ type: 'text' })
  url!: string;

  @Field(() => [WebhookTopic], { description: 'The event families sent.' })
  @Property({ type: ArrayType })
  topics!: WebhookTopic[];

  @Field(() => [String], { nullable: true, description: 'Only events about these SKUs (null: every SKU).' })
  @Property({ type: ArrayType, nullable: true })
  skus?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only events about these warehouses (null: every warehouse).',
  })
  @Property({ type: ArrayType, nullable: true })
  warehouseCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A channel code: only its warehouses, its reservations, and availability less its buffer (null: no channel).',
  })
  @Property({ length: 32, nullable: true })
  channel?: string | null;

  /** HMAC-SHA256 key: kept to sign each delivery, shown only when created or rotated. */
  @Property({ length: 100, hidden: true })
  secret!: string;

  @Field(() => WebhookState, { description: 'Whether events are queued and sent.' })
  @Enum({ items: () => WebhookState })
  state: WebhookState & Opt = WebhookState.ENABLED;

  @Field(() => String, { nullable: true, description: 'Why the server disabled it, when it did.' })
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  @Field(() => Int, { description: 'Failed attempts since the last success; at the limit the webhook is disabled.' })
  @Property({ type: 'integer', default: 0 })
  consecutiveFailures: number & Opt = 0;

  @Field(() => GraphQLSafeInt, {
    description: 'The event sequence up to which events have been queued as deliveries.',
  })
  @Property({ type: new BigIntType('number'), default: 0 })
  cursor: number & Opt = 0;

  @Field(() => Date, { description: 'When the worker may next try this webhook (later while backing off).' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  nextAttemptAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true, description: 'When an endpoint last acknowledged a delivery.' })
  @Property({ type: 'datetime', nullable: true })
  lastSuccessAt?: Date | null;

  /** The instance delivering now, and until when its claim holds (webhook.worker.ts). */
  @Property({ length: 64, nullable: true, hidden: true })
  leaseOwner?: string | null;

  @Property({ type: 'datetime', nullable: true, hidden: true })
  leaseUntil?: Date | null;

  @Field({ description: 'Who created it.' })
  @Property({ length: 200 })
  createdBy!: string;
}

/** One event for one webhook: queued in sequence order, attempted until acknowledged. */
@ObjectType({ description: 'One event sent (or to send) to one webhook, with its attempts.' })
@Entity()
@Index({ properties: ['webhook', 'state', 'sequence'] })
export class WebhookDelivery extends BaseEntity {
  @ManyToOne(() => Webhook, { ref: true, deleteRule: 'cascade' })
  webhook!: Ref<Webhook>;

  @Field(() => GraphQLSafeInt, { description: 'The event’s sequence in the stock event stream.' })
  @Property({ type: new BigIntType('number') })
  sequence!: number;

  @Field(() => WebhookTopic, { description: 'The event family.' })
  @Enum({ items: () => WebhookTopic })
  topic!: WebhookTopic;

  /** The event as sent in `data`. */
  @Property({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Field(() => WebhookDeliveryState, { description: 'Where it stands.' })
  @Enum({ items: () => WebhookDeliveryState })
  state: WebhookDeliveryState & Opt = WebhookDeliveryState.PENDING;

  @Field(() => Int, { description: 'Attempts made so far.' })
  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Field(() => Date, { nullable: true, description: 'When it was last attempted.' })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status the endpoint answered last (none: no answer).' })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  @Property({ type: 'integer', nullable: true })
  lastDurationMs?: number | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint acknowledged it.' })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;
}
