import {
  ChannelBufferSetDocument,
  ChannelCreateDocument,
  ProductKitSetDocument,
  PurchaseOrderApproveDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderReceiveDocument,
  PurchasingChangedDocument,
  PurchasingSettingsUpdateDocument,
  VendorBillCreateDocument,
  WebhookCreateDocument,
  WebhookDeleteDocument,
  type WebhookCreateInput,
} from '../generated/graphql';
import { verifySignature } from '../../src/modules/webhooks/webhook.signature';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { collect, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const ENV = {
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_FAILURES: '6',
  WEBHOOK_TIMEOUT_MS: '3000',
};

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
const receivers: WebhookReceiver[] = [];
const clients: { dispose(): unknown }[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: ENV });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
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

/** The company's committed events after `cursor`, as [sequence, kind, event], in sequence order. */
async function committedAfter(cursor: number) {
  const rows = await app.sql<{ company_sequence: string; kind: string; event: string | null; sku: string | null }>(
    `select company_sequence, kind, payload->>'event' as event, payload->>'sku' as sku from stock_event
      where company_id = $1 and company_sequence > $2 order by company_sequence`,
    [app.companyId, cursor],
  );
  return rows.map((r) => ({ sequence: Number(r.company_sequence), kind: r.kind, event: r.event, sku: r.sku }));
}

async function confirm(orderId: string) {
  const { purchaseOrderConfirm } = await p.as('buyer', PurchaseOrderConfirmDocument, {
    input: { purchaseOrderId: orderId },
  });
  return purchaseOrderConfirm;
}

describe('purchasing events', () => {
  it('reach a webhook in sequence order (order confirmed, received, bill held), signed, after the stock events of their commit', async () => {
    const r = await receiver();
    await h.product('PEV-1');
    await h.product('PEV-2');
    const supplier = await p.supplier('PEV-SUP');
    const { webhook, secret } = await createWebhook({
      url: r.url,
      topics: ['PURCHASE_ORDER_CONFIRMED', 'PURCHASE_ORDER_RECEIVED', 'VENDOR_BILL_HELD'],
      warehouseCodes: ['PAR'],
    });
    const order = await p.order(supplier.id, 'PAR', [
      { sku: 'PEV-1', quantity: '10', unitPrice: '2.50' },
      { sku: 'PEV-2', quantity: '4', unitPrice: '7' },
    ]);
    const confirmed = await confirm(order.id);
    expect(confirmed.userErrors).toEqual([]);
    const [line1, line2] = confirmed.purchaseOrder!.lines;
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: order.id, lines: [{ lineId: line1.id, quantity: '6' }] },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);
    // Billed above the order price: the price mismatch puts it on hold.
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'PEV-INV-1',
        lines: [{ purchaseLineId: line1.id, quantity: '6', unitPrice: '3.10' }],
      },
    });
    expect(vendorBillCreate.userErrors).toEqual([]);
    expect(vendorBillCreate.vendorBill!.state).toBe('ON_HOLD');

    await r.until(() => r.acknowledged.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await committedAfter(webhook.cursor);
    const purchasing = events.filter((e) => e.kind === 'PURCHASING');
    expect(purchasing.map((e) => e.event)).toEqual([
      'PURCHASE_ORDER_CONFIRMED',
      'PURCHASE_ORDER_RECEIVED',
      'VENDOR_BILL_HELD',
    ]);
    expect(r.acknowledged.map((x) => [x.body.sequence, x.body.topic])).toEqual(
      purchasing.map((e) => [e.sequence, e.event]),
    );
    // Same stream as the stock events: the receipt's event comes right after the stock it received.
    const received = purchasing[1].sequence;
    const onHand = events.filter((e) => e.kind === 'STOCK_LEVEL' && e.sku === 'PEV-1');
    expect(onHand.length).toBeGreaterThanOrEqual(2);
    expect(onHand.some((e) => e.sequence < received && e.sequence > purchasing[0].sequence)).toBe(true);

    for (const x of r.received) {
      expect(verifySignature(secret, x.headers['stockline-signature'] as string, x.raw)).toBe(true);
      expect(x.headers['stockline-topic']).toBe(x.body.topic);
    }
    const [c, rc, held] = r.acknowledged.map((x) => x.body.data);
    expect(c).toMatchObject({
      sequence: purchasing[0].sequence,
      event: 'PURCHASE_ORDER_CONFIRMED',
      reference: order.name,
      supplierCode: 'PEV-SUP',
      purchaseOrders: [{ id: order.id, name: order.name, state: 'CONFIRMED', warehouseCode: 'PAR', amountTotal: '53' }],
      receipt: null,
      vendorBill: null,
      lines: [
        {
          purchaseLineId: line1.id,
          lineNumber: 1,
          sku: 'PEV-1',
          quantity: '10',
          receivedQuantity: '0',
          unitPrice: '2.5',
        },
        { purchaseLineId: line2.id, lineNumber: 2, sku: 'PEV-2', quantity: '4', receivedQuantity: '0', unitPrice: '7' },
      ],
    });
    expect(rc).toMatchObject({
      event: 'PURCHASE_ORDER_RECEIVED',
      purchaseOrders: [{ id: order.id, state: 'PARTIALLY_RECEIVED' }],
      receipt: { id: purchaseOrderReceive.receipt!.id, name: purchaseOrderReceive.receipt!.name, closedShort: false },
      lines: [{ purchaseLineId: line1.id, sku: 'PEV-1', quantity: '6', orderedQuantity: '10', receivedQuantity: '6' }],
    });
    expect(held).toMatchObject({
      event: 'VENDOR_BILL_HELD',
      reference: 'PEV-INV-1',
      purchaseOrders: [{ id: order.id, name: order.name }],
      vendorBill: {
        id: vendorBillCreate.vendorBill!.id,
        state: 'ON_HOLD',
        amountTotal: '18.6',
        exceptions: [{ lineIndex: 0, purchaseLineId: line1.id, code: 'PRICE_MISMATCH' }],
      },
      lines: [{ purchaseLineId: line1.id, sku: 'PEV-1', quantity: '6', unitPrice: '3.1' }],
    });
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it('of a rolled-back purchasing change are never sent; filters by topic and SKU apply', async () => {
    const r = await receiver();
    await h.product('PEV-RB');
    await h.product('PEV-OK');
    const supplier = await p.supplier('PEV-RB-SUP');
    const { webhook } = await createWebhook({
      url: r.url,
      topics: ['PURCHASE_ORDER_CONFIRMED', 'PURCHASE_ORDER_RECEIVED'],
      skus: ['PEV-RB', 'PEV-OK'],
    });
    const doomed = await p.order(supplier.id, 'PAR', [{ sku: 'PEV-RB', quantity: '5', unitPrice: '1' }]);
    // A fault after the event was staged (the order's own update fails): the whole change rolls back.
    await app.sql(`create function pev_refuse() returns trigger language plpgsql as $$
begin
  if new.state = 'CONFIRMED' and new.id = '${doomed.id}' then raise exception 'refused by the test'; end if;
  return new;
end $$`);
    await app.sql(
      `create trigger pev_refuse before update on purchase_order for each row execute function pev_refuse()`,
    );
    try {
      const failed = await app.gql(PurchaseOrderConfirmDocument, {
        input: { purchaseOrderId: doomed.id },
      });
      expect(failed.errors?.length ?? failed.data?.purchaseOrderConfirm.userErrors.length).toBeGreaterThan(0);
    } finally {
      await app.sql('drop trigger pev_refuse on purchase_order');
      await app.sql('drop function pev_refuse()');
    }
    // A refused one (a userError) changes nothing either.
    const draft = await p.order(supplier.id, 'PAR', [{ sku: 'PEV-OK', quantity: '2', unitPrice: '1' }]);
    const ok = await confirm(draft.id);
    expect(ok.userErrors).toEqual([]);
    expect((await confirm(draft.id)).userErrors[0]).toMatchObject({ code: 'INVALID_STATE' });
    // Another supplier's product: filtered out by SKU.
    await h.product('PEV-ELSE');
    const other = await p.order(supplier.id, 'PAR', [{ sku: 'PEV-ELSE', quantity: '1', unitPrice: '1' }]);
    expect((await confirm(other.id)).userErrors).toEqual([]);
    // Received with closeShort: the order is RECEIVED; the event says so.
    const line = ok.purchaseOrder!.lines[0];
    const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
      input: {
        purchaseOrderId: draft.id,
        lines: [{ lineId: line.id, quantity: '1' }],
        closeShort: true,
        reason: 'short',
      },
    });
    expect(purchaseOrderReceive.userErrors).toEqual([]);

    await r.until(() => r.acknowledged.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stored = await app.sql<{ n: string }>(`select count(*) as n from stock_event where entity_id = $1`, [
      doomed.id,
    ]);
    expect(Number(stored[0].n)).toBe(0);
    expect(r.acknowledged.map((x) => [x.body.topic, (x.body.data as { reference: string }).reference])).toEqual([
      ['PURCHASE_ORDER_CONFIRMED', draft.name],
      ['PURCHASE_ORDER_RECEIVED', draft.name],
    ]);
    expect(r.acknowledged[1].body.data).toMatchObject({
      purchaseOrders: [{ state: 'RECEIVED' }],
      receipt: { closedShort: true },
      lines: [{ sku: 'PEV-OK', quantity: '1', orderedQuantity: '2', receivedQuantity: '1' }],
    });
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it('stream to purchasingChanged subscribers, filtered, and resume after a sequence', async () => {
    await h.product('PEV-SUB');
    const supplier = await p.supplier('PEV-SUB-SUP');
    const client = wsClientAt(app.wsUrl, app.adminKey);
    clients.push(client);
    const live = collect(client, PurchasingChangedDocument, { filter: { supplierCodes: ['pev-sub-sup'] } });
    await settle();
    const order = await p.confirmedOrder(supplier.id, 'PAR', [{ sku: 'PEV-SUB', quantity: '3', unitPrice: '4' }]);
    const [first] = await live.waitFor(1);
    expect(first.purchasingChanged).toMatchObject({
      event: 'PURCHASE_ORDER_CONFIRMED',
      reference: order.name,
      supplierCode: 'PEV-SUB-SUP',
      purchaseOrders: [{ id: order.id, state: 'CONFIRMED', warehouseCode: 'PAR' }],
      lines: [{ sku: 'PEV-SUB', quantity: '3', unitPrice: '4' }],
    });
    expect(first.purchasingChanged.lines[0].expectedDate).toEqual(expect.any(String));
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: order.id, lines: [{ lineId: order.lines[0].id, quantity: '3' }] },
    });
    const [, second] = await live.waitFor(2);
    expect(second.purchasingChanged).toMatchObject({
      event: 'PURCHASE_ORDER_RECEIVED',
      receipt: { closedShort: false },
    });
    expect(second.purchasingChanged.sequence).toBeGreaterThan(first.purchasingChanged.sequence);
    // Resumed after the first: the second again, nothing else.
    const resumed = collect(client, PurchasingChangedDocument, {
      filter: { events: ['PURCHASE_ORDER_RECEIVED'], purchaseOrderIds: [order.id] },
      afterSequence: first.purchasingChanged.sequence - 1,
    });
    const [again] = await resumed.waitFor(1);
    expect(again.purchasingChanged.sequence).toBe(second.purchasingChanged.sequence);
  });

  it('report an order waiting for approval as confirmed only once it is approved', async () => {
    await h.product('PEV-APP');
    const supplier = await p.supplier('PEV-APP-SUP');
    const client = wsClientAt(app.wsUrl, app.adminKey);
    clients.push(client);
    const live = collect(client, PurchasingChangedDocument, { filter: { supplierCodes: ['PEV-APP-SUP'] } });
    await settle();
    const current = await app.ok(PurchasingSettingsUpdateDocument, { input: {} });
    const before = current.purchasingSettingsUpdate.settings!.approvalThreshold;
    const { purchasingSettingsUpdate } = await app.ok(PurchasingSettingsUpdateDocument, {
      input: { approvalThreshold: '10' },
    });
    expect(purchasingSettingsUpdate.userErrors).toEqual([]);
    try {
      const order = await p.order(supplier.id, 'PAR', [{ sku: 'PEV-APP', quantity: '3', unitPrice: '5' }]);
      expect((await confirm(order.id)).purchaseOrder!.state).toBe('TO_APPROVE');
      await settle();
      expect(live.events).toEqual([]);
      const { purchaseOrderApprove } = await p.as('manager', PurchaseOrderApproveDocument, {
        input: { purchaseOrderId: order.id },
      });
      expect(purchaseOrderApprove.userErrors).toEqual([]);
      const [event] = await live.waitFor(1);
      expect(event.purchasingChanged).toMatchObject({
        event: 'PURCHASE_ORDER_CONFIRMED',
        purchaseOrders: [{ id: order.id, state: 'CONFIRMED', amountTotal: '15' }],
      });
      await settle();
      expect(live.events).toHaveLength(1);
    } finally {
      await app.ok(PurchasingSettingsUpdateDocument, { input: { approvalThreshold: before } });
    }
  });

  it("send a kit's new figures when its definition changes", async () => {
    const r = await receiver();
    await h.product('PEV-KM');
    await h.product('PEV-KC');
    await h.product('PEV-KIT');
    await h.receive('PAR', [
      { sku: 'PEV-KM', quantity: '6' },
      { sku: 'PEV-KC', quantity: '9' },
    ]);
    const { webhook } = await createWebhook({ url: r.url, topics: ['STOCK_LEVEL_CHANGED'], skus: ['PEV-KIT'] });
    const { productKitSet } = await app.ok(ProductKitSetDocument, {
      input: {
        sku: 'PEV-KIT',
        components: [
          { sku: 'PEV-KM', quantity: '1' },
          { sku: 'PEV-KC', quantity: '3' },
        ],
      },
    });
    expect(productKitSet.userErrors).toEqual([]);
    await r.until(() => r.acknowledged.length >= 1);
    expect(r.acknowledged[0].body.data).toMatchObject({
      sku: 'PEV-KIT',
      warehouseCode: 'PAR',
      cause: { kind: 'KIT', reference: 'PEV-KIT' },
      stockLevel: { onHand: '3', available: '3' },
      delta: { available: '3' },
    });
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });

  it("send a kit's availability on a channel with each component's own buffer kept back", async () => {
    const r = await receiver();
    await h.product('PEV-BM');
    await h.product('PEV-BC');
    await h.product('PEV-BKIT');
    await h.receive('PAR', [
      { sku: 'PEV-BM', quantity: '10' },
      { sku: 'PEV-BC', quantity: '10' },
    ]);
    const { channelCreate } = await app.ok(ChannelCreateDocument, {
      input: { code: 'kitbuf', name: 'Kit shop', warehouseCodes: ['PAR'], buffer: '1' },
    });
    expect(channelCreate.userErrors).toEqual([]);
    const { channelBufferSet } = await app.ok(ChannelBufferSetDocument, {
      input: { channel: 'kitbuf', sku: 'PEV-BC', quantity: '4' },
    });
    expect(channelBufferSet.userErrors).toEqual([]);
    const { webhook } = await createWebhook({
      url: r.url,
      topics: ['AVAILABILITY_CHANGED'],
      skus: ['PEV-BKIT'],
      channel: 'kitbuf',
    });
    const { productKitSet } = await app.ok(ProductKitSetDocument, {
      input: {
        sku: 'PEV-BKIT',
        components: [
          { sku: 'PEV-BM', quantity: '1' },
          { sku: 'PEV-BC', quantity: '2' },
        ],
      },
    });
    expect(productKitSet.userErrors).toEqual([]);
    await h.receive('PAR', [{ sku: 'PEV-BC', quantity: '4' }]);
    await r.until(() => r.acknowledged.length >= 2);
    // Mugs 10 - 1 (flat) = 9; coffee (10 - 4) / 2 = 3, then (14 - 4) / 2 = 5. One buffer taken
    // off the whole kit said 7 - 1 = 6 (and 4 before).
    expect(r.acknowledged.map((d) => d.body.data)).toMatchObject([
      { sku: 'PEV-BKIT', channel: 'kitbuf', available: '3', previousAvailable: '0' },
      { sku: 'PEV-BKIT', channel: 'kitbuf', available: '5', previousAvailable: '3' },
    ]);
    await app.ok(WebhookDeleteDocument, { id: webhook.id });
  });
});
