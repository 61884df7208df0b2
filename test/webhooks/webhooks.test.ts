import {
  ReservationCreateDocument,
  ReservationReleaseDocument,
  WebhookCreateDocument,
  WebhookDeleteDocument,
  WebhookDeliveriesDocument,
  WebhookReplayDocument,
  WebhooksDocument,
  WebhookUpdateDocument,
  type WebhookCreateInput,
  type WebhookTopic,
} from '../generated/graphql';
import { verifySignature } from '../../src/modules/webhooks/webhook.signature';
import { stockHelpers } from '../helpers/stock';
import { type AppInstance, startInstance, startTestApp, type TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const ENV = {
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_FAILURES: '6',
  WEBHOOK_TIMEOUT_MS: '3000',
};
const ALL: WebhookTopic[] = ['STOCK_LEVEL_CHANGED', 'STOCK_MOVED', 'RESERVATION_CHANGED'];
const TOPIC_OF: Record<string, string> = {
  STOCK_LEVEL: 'STOCK_LEVEL_CHANGED',
  STOCK_MOVE: 'STOCK_MOVED',
  RESERVATION: 'RESERVATION_CHANGED',
};

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: ENV });
  h = stockHelpers(app);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await app.close();
});

async function receiver(): Promise<WebhookReceiver> {
  const r = new WebhookReceiver();
  await r.start();
  receivers.push(r);
  return r;
}

async function createWebhook(input: WebhookCreateInput) {
  const { webhookCreate } = await app.ok(WebhookCreateDocument, { input });
  expect(webhookCreate.userErrors).toEqual([]);
  return { webhook: webhookCreate.webhook!, secret: webhookCreate.secret! };
}

/** The committed events after `cursor` for these topics, as [sequence, topic], in sequence order. */
async function committedAfter(cursor: number, skus: string[]) {
  const rows = await app.sql<{ sequence: string; kind: string }>(
    `select sequence, kind from stock_event
      where company_id = $1 and sequence > $2
        and coalesce(payload->>'sku', payload->'lines'->0->>'sku') = any($3)
      order by sequence`,
    [app.companyId, cursor, skus],
  );
  return rows.map((r) => [Number(r.sequence), TOPIC_OF[r.kind]]);
}

async function reserve(sku: string, quantity: string, reference: string) {
  const { reservationCreate } = await app.ok(ReservationCreateDocument, {
    input: { reference, lines: [{ sku, quantity, warehouseCode: 'PAR' }] },
  });
  expect(reservationCreate.userErrors).toEqual([]);
  return reservationCreate.reservation!;
}

async function stockStory(sku: string) {
  await h.receive('PAR', [{ sku, quantity: '10' }]);
  const made = await reserve(sku, '3', `wh-${sku}-1`);
  await reserve(sku, '2', `wh-${sku}-2`);
  await app.ok(ReservationReleaseDocument, { reservationId: made.id });
  await h.deliver('PAR', [{ sku, quantity: '1' }]);
}

describe('webhooks', () => {
  it('deliver every committed event of their topics once, in sequence order, signed', async () => {
    const r = await receiver();
    await h.product('WH-1');
    await h.product('WH-OTHER');
    const { webhook, secret } = await createWebhook({ url: r.url, topics: ALL, skus: ['WH-1'] });
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ state: 'ENABLED', topics: ALL, skus: ['WH-1'] });
    await stockStory('WH-1');
    await stockStory('WH-OTHER');
    const expected = await committedAfter(webhook.cursor, ['WH-1']);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    await r.until(() => r.acknowledged.length >= expected.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got = r.acknowledged.map((x) => [x.body.sequence, x.body.topic]);
    expect(got).toEqual(expected);
    for (const x of r.received) {
      expect(x.body.webhookId).toBe(webhook.id);
      expect(x.headers['stockline-delivery-id']).toBe(x.body.id);
      expect(verifySignature(secret, x.headers['stockline-signature'] as string, x.raw)).toBe(true);
      expect(verifySignature(secret, x.headers['stockline-signature'] as string, x.raw + ' ')).toBe(false);
      expect(verifySignature('whsec_wrong', x.headers['stockline-signature'] as string, x.raw)).toBe(false);
    }
    const level = r.acknowledged.find((x) => x.body.topic === 'STOCK_LEVEL_CHANGED')!.body.data;
    expect(level).toMatchObject({ sku: 'WH-1', warehouseCode: 'PAR', stockLevel: { onHand: '10' } });
    const { webhookDeliveries } = await app.ok(WebhookDeliveriesDocument, { webhookId: webhook.id, first: 100 });
    expect(webhookDeliveries.totalCount).toBe(expected.length);
    expect(webhookDeliveries.edges.every((e) => e.node.state === 'DELIVERED' && e.node.attempts === 1)).toBe(true);
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it('keep what commits while the endpoint is down and deliver it all, in order, once it is back', async () => {
    const r = await receiver();
    await h.product('WH-DOWN');
    const { webhook } = await createWebhook({ url: r.url, topics: ALL, skus: ['WH-DOWN'] });
    await r.stop();
    await stockStory('WH-DOWN');
    // Failed attempts are recorded while it is down.
    let failed = 0;
    const deadline = Date.now() + 10_000;
    while (failed < 2 && Date.now() < deadline) {
      const { webhooks } = await app.ok(WebhooksDocument);
      failed = webhooks.find((w) => w.id === webhook.id)!.consecutiveFailures;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(failed).toBeGreaterThanOrEqual(2);
    const { webhookDeliveries } = await app.ok(WebhookDeliveriesDocument, {
      webhookId: webhook.id,
      state: 'PENDING',
      first: 100,
    });
    const head = webhookDeliveries.edges.at(-1)!.node;
    expect(head.attempts).toBeGreaterThanOrEqual(1);
    expect(head.lastError).toMatch(/ECONNREFUSED/);
    await r.start();
    await stockStory('WH-DOWN');
    const expected = await committedAfter(webhook.cursor, ['WH-DOWN']);
    await r.until(() => r.acknowledged.length >= expected.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.acknowledged.map((x) => [x.body.sequence, x.body.topic])).toEqual(expected);
    const { webhooks } = await app.ok(WebhooksDocument);
    expect(webhooks.find((w) => w.id === webhook.id)).toMatchObject({ state: 'ENABLED', consecutiveFailures: 0 });
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it('are disabled after the documented number of failures in a row, with the reason; replay sends again', async () => {
    const r = await receiver();
    r.status = 500;
    await h.product('WH-FAIL');
    const { webhook } = await createWebhook({ url: r.url, topics: ['STOCK_MOVED'], skus: ['WH-FAIL'] });
    await h.receive('PAR', [{ sku: 'WH-FAIL', quantity: '4' }]);
    await r.until(() => r.received.length >= 6);
    let state = 'ENABLED';
    for (let i = 0; i < 100 && state !== 'DISABLED'; i++) {
      const { webhooks } = await app.ok(WebhooksDocument);
      const found = webhooks.find((w) => w.id === webhook.id)!;
      state = found.state;
      if (state === 'DISABLED') expect(found.disabledReason).toMatch(/6 failed attempts in a row; the last: HTTP 500/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toBe('DISABLED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(6);
    const { webhookDeliveries } = await app.ok(WebhookDeliveriesDocument, { webhookId: webhook.id });
    expect(webhookDeliveries.edges[0].node).toMatchObject({ state: 'PENDING', attempts: 6, lastStatusCode: 500 });

    // Replay from the start: the pending delivery is dropped and the events queued again.
    r.status = 200;
    const { webhookReplay } = await app.ok(WebhookReplayDocument, { id: webhook.id, afterSequence: webhook.cursor });
    expect(webhookReplay.userErrors).toEqual([]);
    expect(webhookReplay.webhook).toMatchObject({ state: 'ENABLED', consecutiveFailures: 0 });
    const expected = await committedAfter(webhook.cursor, ['WH-FAIL']);
    const moves = expected.filter(([, topic]) => topic === 'STOCK_MOVED');
    await r.until(() => r.acknowledged.length >= moves.length);
    expect(r.acknowledged.map((x) => [x.body.sequence, x.body.topic])).toEqual(moves);
    const cancelled = await app.ok(WebhookDeliveriesDocument, { webhookId: webhook.id, state: 'CANCELLED' });
    expect(cancelled.webhookDeliveries.totalCount).toBe(1);

    const tooOld = await app.ok(WebhookReplayDocument, { id: webhook.id, afterSequence: 0 });
    const oldest = Number((await app.sql<{ n: string }>('select min(sequence) n from stock_event'))[0].n);
    if (oldest > 1) expect(tooOld.webhookReplay.userErrors[0]).toMatchObject({ code: 'EXPIRED' });
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it('run on every instance without sending anything twice', async () => {
    const r = await receiver();
    const instances: AppInstance[] = [await startInstance(app, ENV), await startInstance(app, ENV)];
    try {
      await h.product('WH-MANY');
      const { webhook } = await createWebhook({ url: r.url, topics: ALL, skus: ['WH-MANY'] });
      for (let i = 0; i < 4; i++) await stockStory('WH-MANY');
      const expected = await committedAfter(webhook.cursor, ['WH-MANY']);
      await r.until(() => r.acknowledged.length >= expected.length);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(r.acknowledged.map((x) => [x.body.sequence, x.body.topic])).toEqual(expected);
      expect(new Set(r.received.map((x) => x.body.id)).size).toBe(r.received.length);
      await app.ok(WebhookDeleteDocument, { id: webhook.id });
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
  });

  it('refuse endpoints that are not HTTPS (except loopback) and unknown filters; update and rotate', async () => {
    const refused = await app.ok(WebhookCreateDocument, {
      input: { url: 'http://example.com/hook', topics: ['STOCK_MOVED'] },
    });
    expect(refused.webhookCreate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'url'] });
    const notUrl = await app.ok(WebhookCreateDocument, { input: { url: 'X1', topics: ['STOCK_MOVED'] } });
    expect(notUrl.webhookCreate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'url'] });
    const noWarehouse = await app.ok(WebhookCreateDocument, {
      input: { url: 'https://example.com/hook', topics: ['STOCK_MOVED'], warehouseCodes: ['NOPE'] },
    });
    expect(noWarehouse.webhookCreate.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    const noChannel = await app.ok(WebhookCreateDocument, {
      input: { url: 'https://example.com/hook', topics: ['AVAILABILITY_CHANGED'], channel: 'nope' },
    });
    expect(noChannel.webhookCreate.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });

    const { webhook, secret } = await createWebhook({
      url: 'https://example.com/hook',
      topics: ['STOCK_MOVED'],
      warehouseCodes: ['par'],
    });
    expect(webhook.warehouseCodes).toEqual(['PAR']);
    const { webhookUpdate } = await app.ok(WebhookUpdateDocument, {
      input: { id: webhook.id, enabled: false, rotateSecret: true, topics: ['STOCK_MOVED', 'RESERVATION_CHANGED'] },
    });
    expect(webhookUpdate.userErrors).toEqual([]);
    expect(webhookUpdate.secret).toMatch(/^whsec_/);
    expect(webhookUpdate.secret).not.toBe(secret);
    expect(webhookUpdate.webhook).toMatchObject({ state: 'DISABLED', topics: ['STOCK_MOVED', 'RESERVATION_CHANGED'] });
    const storefront = await app.createKey(['STOREFRONT']);
    const denied = await app.as(storefront).gql(WebhooksDocument);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });
});
