import { createHmac, timingSafeEqual } from 'node:crypto';
import { Decimal } from '../../src/db/decimal';
import type { StoredEvent } from '../../src/pubsub/stock-event-hub';
import { WebhookTopic } from '../../src/modules/webhooks/webhook.enums';
import { deliveriesFor, kindsOf, type WebhookFilter } from '../../src/modules/webhooks/webhook.events';
import { signatureHeader, verifySignature } from '../../src/modules/webhooks/webhook.signature';
import { isPrivateAddress, webhookUrlProblem } from '../../src/modules/webhooks/webhook.url';

/** The verification snippet of docs/partners.md, as a receiver would paste it. */
function docsVerify(secret: string, header: string, rawBody: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=') as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isSafeInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhook signatures', () => {
  const body = '{"id":"x","sequence":7,"data":{"sku":"A"}}';
  const now = Math.floor(Date.now() / 1000);

  it('verify with the secret, over the exact body, within the tolerance', () => {
    const header = signatureHeader('whsec_a', now, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_a', header, body)).toBe(true);
    expect(docsVerify('whsec_a', header, body)).toBe(true);
    expect(verifySignature('whsec_b', header, body)).toBe(false);
    expect(verifySignature('whsec_a', header, body.replace('7', '8'))).toBe(false);
    expect(docsVerify('whsec_a', header, `${body} `)).toBe(false);
  });

  it('refuse old timestamps, missing and malformed headers', () => {
    const old = signatureHeader('whsec_a', now - 301, body);
    expect(verifySignature('whsec_a', old, body)).toBe(false);
    expect(docsVerify('whsec_a', old, body)).toBe(false);
    expect(verifySignature('whsec_a', undefined, body)).toBe(false);
    expect(verifySignature('whsec_a', 'v1=abc', body)).toBe(false);
    expect(verifySignature('whsec_a', `t=${now},v1=zz`, body)).toBe(false);
  });
});

describe('webhook endpoints', () => {
  const production = { allowHttpLoopback: false, allowPrivateAddresses: false };
  const test = { allowHttpLoopback: true, allowPrivateAddresses: true };

  it.each([
    ['https://example.com/hook', null],
    ['http://example.com/hook', /https/],
    ['ftp://example.com/hook', /https/],
    ['not a url', /absolute URL/],
    ['https://user:pw@example.com/', /credentials/],
    ['https://example.com/#x', /fragment/],
    ['http://127.0.0.1:8080/hook', /WEBHOOK_ALLOW_HTTP_LOOPBACK/],
    ['https://10.1.2.3/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://[::1]/hook', /private/],
    ['https://[fd00::1]/hook', /private/],
    ['https://localhost/hook', /private/],
    ['https://[::ffff:192.168.1.1]/hook', /private/],
  ])('in production, %s: %s', (url, problem) => {
    const found = webhookUrlProblem(url, production);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('outside production, loopback http and private addresses are allowed (tests, local relays)', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', test)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hook', test)).toBeNull();
    expect(webhookUrlProblem('https://10.1.2.3/hook', test)).toBeNull();
    expect(webhookUrlProblem('http://10.1.2.3/hook', test)).toMatch(/https/);
  });

  it.each([
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
    ['10.0.0.1', true],
    ['172.31.255.255', true],
    ['192.168.0.10', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('webhook purchasing deliveries', () => {
  const event = (name: string): StoredEvent => ({
    sequence: 12,
    committedAt: new Date('2026-12-07T06:00:00Z'),
    companyId: 'c',
    kind: 'PURCHASING',
    productId: null,
    warehouseId: 'w-par',
    entityId: 'po-1',
    cause: { kind: 'PURCHASE_ORDER', id: 'po-1', reference: 'PO1' },
    payload: {
      event: name,
      reference: 'PO1',
      purchaseOrders: [{ id: 'po-1', warehouseId: 'w-par', warehouseCode: 'PAR' }],
      lines: [{ sku: 'A' }, { sku: 'B' }],
    },
  });
  const filter = (over: Partial<WebhookFilter> = {}): WebhookFilter => ({
    topics: [WebhookTopic.PURCHASE_ORDER_RECEIVED],
    skus: null,
    warehouseCodes: null,
    channel: null,
    ...over,
  });

  it('read the PURCHASING rows for purchasing topics only', () => {
    expect(kindsOf([WebhookTopic.VENDOR_BILL_HELD, WebhookTopic.STOCK_MOVED]).sort()).toEqual([
      'PURCHASING',
      'STOCK_MOVE',
    ]);
    expect(kindsOf([WebhookTopic.RESERVATION_CHANGED])).toEqual(['RESERVATION']);
  });

  it('deliver an event under its own topic, with sequence and commit time, when the topics and filters take it', () => {
    const [delivery] = deliveriesFor(event('PURCHASE_ORDER_RECEIVED'), filter());
    expect(delivery).toMatchObject({
      sequence: 12,
      topic: 'PURCHASE_ORDER_RECEIVED',
      data: { sequence: 12, event: 'PURCHASE_ORDER_RECEIVED', reference: 'PO1' },
    });
    expect(deliveriesFor(event('PURCHASE_ORDER_CONFIRMED'), filter())).toEqual([]);
    expect(deliveriesFor(event('PURCHASE_ORDER_RECEIVED'), filter({ skus: new Set(['B']) }))).toHaveLength(1);
    expect(deliveriesFor(event('PURCHASE_ORDER_RECEIVED'), filter({ skus: new Set(['C']) }))).toEqual([]);
    expect(deliveriesFor(event('PURCHASE_ORDER_RECEIVED'), filter({ warehouseCodes: new Set(['LYO']) }))).toEqual([]);
    const channel = {
      id: 'c-web',
      code: 'web',
      warehouseIds: new Set(['w-lyo']),
      buffers: new Map([['', new Decimal(0)]]),
    };
    expect(deliveriesFor(event('PURCHASE_ORDER_RECEIVED'), filter({ channel }))).toEqual([]);
    // An unknown event name (a newer server's) is not sent under a topic the webhook did not choose.
    expect(deliveriesFor(event('SOMETHING_ELSE'), filter({ topics: Object.values(WebhookTopic) }))).toEqual([]);
  });
});
