import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Min } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { WebhookDeliveryState, WebhookTopic } from './webhook.enums';

@InputType({ description: 'A new webhook.' })
export class WebhookCreateInput {
  @Field({
    description:
      'The endpoint events are POSTed to: https:// (plain http:// only to a loopback address, where the server allows it).',
  })
  @Length(1, 2000)
  url!: string;

  @Field(() => [WebhookTopic], { description: 'The event families to send (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  topics!: WebhookTopic[];

  @Field(() => [String], { nullable: true, description: 'Only events about these SKUs (at most 1000).' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @Length(1, 64, { each: true })
  skus?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only events about these warehouses.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 32, { each: true })
  warehouseCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A channel code: only its warehouses and reservations, and AVAILABILITY_CHANGED less its buffer, as the channel sells.',
  })
  @IsOptional()
  @Length(1, 32)
  channel?: string | null;

  @Field(() => GraphQLSafeInt, {
    nullable: true,
    description:
      'Start after this event sequence (a replay of what is still stored); default: only events committed from now on.',
  })
  @IsOptional()
  @Min(0)
  afterSequence?: number | null;
}

@InputType({ description: 'Changes to a webhook; fields left out keep their value (a null filter clears it).' })
export class WebhookUpdateInput {
  @Field(() => ID, { description: 'The webhook.' })
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'A new endpoint.' })
  @IsOptional()
  @Length(1, 2000)
  url?: string;

  @Field(() => [WebhookTopic], { nullable: true, description: 'New event families.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  topics?: WebhookTopic[];

  @Field(() => [String], { nullable: true, description: 'New SKU filter (null: every SKU).' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @Length(1, 64, { each: true })
  skus?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'New warehouse filter (null: every warehouse).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 32, { each: true })
  warehouseCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'New channel (null: none).' })
  @IsOptional()
  @Length(1, 32)
  channel?: string | null;

  @Field({
    nullable: true,
    description:
      'true: enable (a webhook the server disabled starts again from its next pending delivery, its failure count reset); false: disable.',
  })
  @IsOptional()
  enabled?: boolean;

  @Field({
    nullable: true,
    description: 'true: a new secret is made and returned in the payload, once; the old one stops signing at once.',
  })
  @IsOptional()
  rotateSecret?: boolean;
}

@InputType({ description: 'Delete a webhook and its deliveries.' })
export class WebhookDeleteInput {
  @Field(() => ID, { description: 'The webhook.' })
  @IsUUID()
  id!: string;
}

@InputType({ description: 'Send the stored events after a sequence again.' })
export class WebhookReplayInput {
  @Field(() => ID, { description: 'The webhook.' })
  @IsUUID()
  id!: string;

  @Field(() => GraphQLSafeInt, {
    description:
      'Events with a higher sequence are queued again, in order; deliveries not yet made are dropped first. Must not be older than the stored events.',
  })
  @Min(0)
  afterSequence!: number;
}

@InputType({ description: 'Narrow the deliveries of a webhook.' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryState, { nullable: true, description: 'Only deliveries in this state.' })
  @IsOptional()
  state?: WebhookDeliveryState;
}
