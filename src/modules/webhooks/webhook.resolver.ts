import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, paginate } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { Webhook, WebhookDelivery } from './webhook.entity';
import {
  WebhookCreateInput,
  WebhookDeleteInput,
  WebhookDeliveryFilter,
  WebhookReplayInput,
  WebhookUpdateInput,
} from './webhook.inputs';
import {
  createWebhook,
  deleteWebhook,
  deliveriesWhere,
  listWebhooks,
  replayWebhook,
  updateWebhook,
} from './webhook.service';
import {
  WebhookCreatePayload,
  WebhookDeletePayload,
  WebhookDeliveryConnection,
  WebhookReplayPayload,
  WebhookUpdatePayload,
} from './webhook.types';

@Resolver()
export class WebhookResolver {
  @Query(() => [Webhook], { description: 'The webhooks of your company (never their secrets).' })
  webhooks(@Ctx() ctx: Context) {
    return listWebhooks(ctx);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'The deliveries of one webhook with their attempts, highest sequence first (Relay connection).',
  })
  webhookDeliveries(
    @Arg('webhookId', () => ID, { description: 'The webhook.' }) webhookId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true, description: 'Narrow the list.' })
    filter: WebhookDeliveryFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.em, WebhookDelivery, deliveriesWhere(ctx, webhookId, filter), { sequence: 'desc' }, page);
  }

  @Mutation(() => WebhookCreatePayload, {
    description:
      'Create a webhook: the events of its topics are POSTed to its URL, signed, in sequence order. The signing secret is in the payload once.',
  })
  webhookCreate(
    @Arg('input', () => WebhookCreateInput, { description: 'See WebhookCreateInput.' }) input: WebhookCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<InstanceType<typeof WebhookCreatePayload>>(ctx, { input }, (tx) =>
      createWebhook(tx, ctx.stockEvents, input),
    );
  }

  @Mutation(() => WebhookUpdatePayload, {
    description: 'Change a webhook, enable or disable it, or rotate its secret.',
  })
  webhookUpdate(
    @Arg('input', () => WebhookUpdateInput, { description: 'See WebhookUpdateInput.' }) input: WebhookUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<InstanceType<typeof WebhookUpdatePayload>>(ctx, { input }, (tx) => updateWebhook(tx, input));
  }

  @Mutation(() => WebhookDeletePayload, { description: 'Delete a webhook; nothing more is sent to it.' })
  webhookDelete(
    @Arg('input', () => WebhookDeleteInput, { description: 'See WebhookDeleteInput.' }) input: WebhookDeleteInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<InstanceType<typeof WebhookDeletePayload>>(ctx, { input }, async (tx) => ({
      webhook: await deleteWebhook(tx, input.id),
    }));
  }

  @Mutation(() => WebhookReplayPayload, {
    description: 'Send the stored events after a sequence again, in order (and enable the webhook).',
  })
  webhookReplay(
    @Arg('input', () => WebhookReplayInput, { description: 'See WebhookReplayInput.' }) input: WebhookReplayInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<InstanceType<typeof WebhookReplayPayload>>(ctx, { input }, async (tx) => ({
      webhook: await replayWebhook(tx, ctx.stockEvents, input.id, input.afterSequence),
    }));
  }
}
