import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { Webhook, WebhookDelivery } from './webhook.entity';

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');
export const WebhookDeletePayload = PayloadType('WebhookDelete', 'webhook', Webhook, 'The deleted webhook.');
export const WebhookReplayPayload = PayloadType(
  'WebhookReplay',
  'webhook',
  Webhook,
  'The webhook, its cursor moved back.',
);

/** Create and update answer the secret when they make one. */
function withSecret(name: string, description: string) {
  @ObjectType(`${name}Payload`, { description })
  class Payload {
    @Field(() => Webhook, { nullable: true, description: 'The webhook.' })
    webhook?: Webhook | null;

    @Field(() => String, {
      nullable: true,
      description:
        'The signing secret (`whsec_...`), shown only when made (on create, or on update with rotateSecret): keep it to verify the Stockline-Signature header.',
    })
    secret?: string | null;

    @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
    userErrors!: UserError[];
  }
  return Payload;
}

export const WebhookCreatePayload = withSecret(
  'WebhookCreate',
  'Result of webhookCreate: the secret is shown this once.',
);
export const WebhookUpdatePayload = withSecret('WebhookUpdate', 'Result of webhookUpdate.');
