import { Webhook, WebhookDelivery } from './webhook.entity';
import { WebhookResolver } from './webhook.resolver';

export const entities = [Webhook, WebhookDelivery];
export const resolvers = [WebhookResolver] as const;
