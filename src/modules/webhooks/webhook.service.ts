import type { FilterQuery } from '@mikro-orm/core';
import { webhookUrlPolicy } from '../../config/env';
import { fail, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import type { StockEventHub } from '../../pubsub/stock-event-hub';
import { Company } from '../company/company.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { channelFor } from '../reservations/channel.service';
import { WebhookDeliveryState, WebhookState, type WebhookTopic } from './webhook.enums';
import { Webhook, WebhookDelivery } from './webhook.entity';
import type { WebhookCreateInput, WebhookDeliveryFilter, WebhookUpdateInput } from './webhook.inputs';
import { generateWebhookSecret } from './webhook.signature';
import { webhookUrlProblem } from './webhook.url';

/** Webhooks one company may have. */
export const MAX_WEBHOOKS = 50;

function checkUrl(url: string, field: string[]): void {
  const problem = webhookUrlProblem(url, webhookUrlPolicy());
  if (problem) fail(UserErrorCode.INVALID, field, `${field.join('.')} ${problem}`);
}

async function checkWarehouses(sc: ServiceContext, codes: string[], field: string[]): Promise<string[]> {
  const upper = [...new Set(codes.map((c) => c.toUpperCase()))];
  const found = await sc.em.find(Warehouse, { company: sc.companyId, code: { $in: upper } }, { fields: ['code'] });
  const missing = upper.filter((c) => !found.some((w) => w.code === c));
  if (missing.length) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no warehouse ${missing.join(', ')}`);
  return upper;
}

/**
 * A resume point must still be stored: events past the retention are gone, and starting there
 * as if nothing had happened would skip them silently.
 */
async function checkAfterSequence(
  hub: StockEventHub,
  companyId: string,
  afterSequence: number,
  field: string[],
): Promise<void> {
  const resumable = await hub.resumableFrom(companyId);
  if (afterSequence < resumable) {
    fail(
      UserErrorCode.EXPIRED,
      field,
      `${field.join('.')} ${afterSequence} is older than the stored events (kept from ${resumable + 1})`,
    );
  }
}

function hubOf(hub: StockEventHub | undefined): StockEventHub {
  if (!hub) throw new Error('webhooks need the stock event hub');
  return hub;
}

export async function createWebhook(
  sc: ServiceContext,
  hubOrNone: StockEventHub | undefined,
  input: WebhookCreateInput,
): Promise<{ webhook: Webhook; secret: string }> {
  const hub = hubOf(hubOrNone);
  checkUrl(input.url, ['input', 'url']);
  if ((await sc.em.count(Webhook, { company: sc.companyId })) >= MAX_WEBHOOKS) {
    fail(UserErrorCode.INVALID, null, `a company may have at most ${MAX_WEBHOOKS} webhooks`);
  }
  if (input.channel) await channelFor(sc, input.channel, ['input', 'channel']);
  const warehouseCodes = input.warehouseCodes
    ? await checkWarehouses(sc, input.warehouseCodes, ['input', 'warehouseCodes'])
    : null;
  if (input.afterSequence != null)
    await checkAfterSequence(hub, sc.companyId, input.afterSequence, ['input', 'afterSequence']);
  const secret = generateWebhookSecret();
  const webhook = sc.em.create(Webhook, {
    company: sc.em.getReference(Company, sc.companyId),
    url: input.url,
    topics: [...new Set(input.topics)] as WebhookTopic[],
    skus: input.skus ? [...new Set(input.skus)] : null,
    warehouseCodes,
    channel: input.channel ?? null,
    secret,
    // Default: what commits from now on (what this instance has seen; anything later is after it).
    cursor: input.afterSequence ?? hub.lastPublished(sc.companyId),
    createdBy: sc.actor,
  });
  await sc.em.flush();
  return { webhook, secret };
}

async function findWebhook(sc: ServiceContext, id: string): Promise<Webhook> {
  const webhook = await sc.em.findOne(Webhook, { id, company: sc.companyId });
  if (!webhook) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `input.id: no webhook ${id}`);
  return webhook;
}

export async function updateWebhook(
  sc: ServiceContext,
  input: WebhookUpdateInput,
): Promise<{ webhook: Webhook; secret: string | null }> {
  const webhook = await findWebhook(sc, input.id);
  if (input.url !== undefined && input.url !== null) {
    checkUrl(input.url, ['input', 'url']);
    webhook.url = input.url;
  }
  if (input.topics) webhook.topics = [...new Set(input.topics)];
  if (input.skus !== undefined) webhook.skus = input.skus ? [...new Set(input.skus)] : null;
  if (input.warehouseCodes !== undefined) {
    webhook.warehouseCodes = input.warehouseCodes
      ? await checkWarehouses(sc, input.warehouseCodes, ['input', 'warehouseCodes'])
      : null;
  }
  if (input.channel !== undefined) {
    if (input.channel) await channelFor(sc, input.channel, ['input', 'channel']);
    webhook.channel = input.channel ?? null;
  }
  if (input.enabled === true && webhook.state !== WebhookState.ENABLED) {
    webhook.state = WebhookState.ENABLED;
    webhook.disabledReason = null;
    webhook.consecutiveFailures = 0;
    webhook.nextAttemptAt = new Date();
  } else if (input.enabled === false) {
    webhook.state = WebhookState.DISABLED;
    webhook.disabledReason = null;
  }
  let secret: string | null = null;
  if (input.rotateSecret) webhook.secret = secret = generateWebhookSecret();
  await sc.em.flush();
  return { webhook, secret };
}

export async function deleteWebhook(sc: ServiceContext, id: string): Promise<Webhook> {
  const webhook = await findWebhook(sc, id);
  await sc.em.nativeDelete(WebhookDelivery, { webhook: webhook.id });
  sc.em.remove(webhook);
  await sc.em.flush();
  return webhook;
}

/**
 * Queues the stored events after `afterSequence` again: pending deliveries are cancelled and the
 * cursor moved back, in one transaction; the worker's next round queues from there (its own
 * queueing in flight sees the cursor moved and stands down). Enables the webhook as well.
 */
export async function replayWebhook(
  sc: ServiceContext,
  hubOrNone: StockEventHub | undefined,
  id: string,
  afterSequence: number,
): Promise<Webhook> {
  const webhook = await findWebhook(sc, id);
  await checkAfterSequence(hubOf(hubOrNone), sc.companyId, afterSequence, ['input', 'afterSequence']);
  await sc.em.nativeUpdate(
    WebhookDelivery,
    { webhook: webhook.id, state: WebhookDeliveryState.PENDING },
    { state: WebhookDeliveryState.CANCELLED },
  );
  webhook.cursor = afterSequence;
  webhook.state = WebhookState.ENABLED;
  webhook.disabledReason = null;
  webhook.consecutiveFailures = 0;
  webhook.nextAttemptAt = new Date();
  await sc.em.flush();
  return webhook;
}

export function listWebhooks(sc: ServiceContext): Promise<Webhook[]> {
  return sc.em.find(Webhook, { company: sc.companyId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** The where clause of webhookDeliveries; an unknown webhook (or another company's) is simply empty. */
export function deliveriesWhere(
  sc: ServiceContext,
  webhookId: string,
  filter: WebhookDeliveryFilter | undefined,
): FilterQuery<WebhookDelivery> {
  return {
    webhook: { id: webhookId, company: sc.companyId },
    ...(filter?.state ? { state: filter.state } : {}),
  };
}
