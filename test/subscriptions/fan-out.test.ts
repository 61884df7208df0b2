import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The fan-out of stock events (issue 21): the hub offers an event only to the subscriptions filed
 * under its product x warehouse, executes it once per distinct selection, and hands out a large
 * commit's events in slices. What a subscriber receives must not change: exactly the events its
 * filter matches, in sequence order, each with the fields it selected.
 */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const client = () => {
  const c = wsClientAt(app.wsUrl, app.adminKey);
  clients.push(c);
  return c;
};

interface Level {
  stockLevelChanged: { sequence: number; sku: string; warehouseCode: string };
}
type Filter = { skus?: string[]; productIds?: string[]; warehouseCodes?: string[]; afterSequence?: number };
const LEVELS =
  parse(`subscription FanOut($skus: [String!], $productIds: [ID!], $warehouseCodes: [String!], $afterSequence: SafeInt) {
  stockLevelChanged(skus: $skus, productIds: $productIds, warehouseCodes: $warehouseCodes, afterSequence: $afterSequence) {
    sequence sku warehouseCode
  }
}`) as TypedDocumentNode<Level, Filter>;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(() => app.close());

const pairs = (events: Level[]) => events.map((e) => `${e.stockLevelChanged.sku}@${e.stockLevelChanged.warehouseCode}`);

describe('stock event fan-out', () => {
  it('each event reaches exactly the subscriptions whose filter matches its product x warehouse', async () => {
    const a = await h.product('FAN-A');
    await h.product('FAN-B');
    const afterSequence = await lastSequence(app);
    const subscribe = (filter: Filter) => collect(client(), LEVELS, { ...filter, afterSequence });
    const subs = {
      bySkuA: subscribe({ skus: ['FAN-A'] }),
      bySkuB: subscribe({ skus: ['FAN-B'] }),
      byIdA: subscribe({ productIds: [a.id] }),
      // Codes are matched whatever their case, as in the queries.
      par: subscribe({ skus: ['FAN-A', 'FAN-B'], warehouseCodes: ['par'] }),
      lyo: subscribe({ skus: ['FAN-A', 'FAN-B'], warehouseCodes: ['LYO'] }),
      skuAOrIdA: subscribe({ skus: ['FAN-A'], productIds: [a.id] }),
      every: subscribe({}),
      none: subscribe({ skus: [] }),
    };
    await settle();
    await h.receive('PAR', [{ sku: 'FAN-A', quantity: '5' }]);
    await h.receive('LYO', [{ sku: 'FAN-B', quantity: '7' }]);
    await h.receive('LYO', [{ sku: 'FAN-A', quantity: '3' }]);
    await subs.every.waitFor(3);
    // Whatever else was coming has come by the time a later subscriber has the last event.
    await subs.bySkuA.waitFor(2);
    await subs.lyo.waitFor(2);
    await settle();

    expect(pairs(subs.every.events)).toEqual(['FAN-A@PAR', 'FAN-B@LYO', 'FAN-A@LYO']);
    expect(pairs(subs.bySkuA.events)).toEqual(['FAN-A@PAR', 'FAN-A@LYO']);
    expect(pairs(subs.bySkuB.events)).toEqual(['FAN-B@LYO']);
    expect(pairs(subs.byIdA.events)).toEqual(['FAN-A@PAR', 'FAN-A@LYO']);
    expect(pairs(subs.par.events)).toEqual(['FAN-A@PAR']);
    expect(pairs(subs.lyo.events)).toEqual(['FAN-B@LYO', 'FAN-A@LYO']);
    // Filed under its SKU and under its id: still once per event.
    expect(pairs(subs.skuAOrIdA.events)).toEqual(['FAN-A@PAR', 'FAN-A@LYO']);
    expect(subs.none.events).toEqual([]);
    for (const sub of Object.values(subs)) expect(sub.errors).toEqual([]);
  });

  it('subscribers of one event get the fields each selected, also when only a variable below the field differs', async () => {
    await h.product('FAN-SEL');
    await h.product('FAN-SEL-2');
    const afterSequence = await lastSequence(app);
    type Shaped = { stockLevelChanged: { sku: string; delta?: { onHand: string }; stockLevel?: { onHand: string } } };
    const withDelta = parse(`subscription Shape($skus: [String!], $delta: Boolean!, $afterSequence: SafeInt) {
      stockLevelChanged(skus: $skus, afterSequence: $afterSequence) { sku delta @include(if: $delta) { onHand } }
    }`) as TypedDocumentNode<Shaped, { skus: string[]; delta: boolean; afterSequence: number }>;
    const withLevel = parse(`subscription Level($skus: [String!], $afterSequence: SafeInt) {
      stockLevelChanged(skus: $skus, afterSequence: $afterSequence) { sku stockLevel { onHand } }
    }`) as TypedDocumentNode<Shaped, { skus: string[]; afterSequence: number }>;
    const deltaOn = collect(client(), withDelta, { skus: ['FAN-SEL'], delta: true, afterSequence });
    // Same document, other SKUs (they only filter) and another value of the variable below the field.
    const deltaOff = collect(client(), withDelta, { skus: ['FAN-SEL', 'FAN-SEL-2'], delta: false, afterSequence });
    const deltaOnToo = collect(client(), withDelta, { skus: ['FAN-SEL-2', 'FAN-SEL'], delta: true, afterSequence });
    const level = collect(client(), withLevel, { skus: ['FAN-SEL'], afterSequence });
    await settle();
    await h.receive('PAR', [{ sku: 'FAN-SEL', quantity: '4' }]);
    const [on] = await deltaOn.waitFor(1);
    const [off] = await deltaOff.waitFor(1);
    const [onToo] = await deltaOnToo.waitFor(1);
    const [lv] = await level.waitFor(1);
    expect(on).toEqual({ stockLevelChanged: { sku: 'FAN-SEL', delta: { onHand: '4' } } });
    expect(onToo).toEqual(on);
    expect(off).toEqual({ stockLevelChanged: { sku: 'FAN-SEL' } });
    expect(lv).toEqual({ stockLevelChanged: { sku: 'FAN-SEL', stockLevel: { onHand: '4' } } });
  });

  it("a commit's many events reach every subscriber in sequence order, none missing, when handed out in slices", async () => {
    const skus = Array.from({ length: 130 }, (_, i) => `FAN-MANY-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < skus.length; i += 10) await Promise.all(skus.slice(i, i + 10).map((sku) => h.product(sku)));
    const afterSequence = await lastSequence(app);
    const all = collect(client(), LEVELS, { skus, afterSequence });
    const half = collect(client(), LEVELS, { skus: skus.filter((_, i) => i % 2 === 0), afterSequence });
    await settle();
    await h.receive(
      'PAR',
      skus.map((sku) => ({ sku, quantity: '1' })),
    );
    const events = (await all.waitFor(skus.length, 20_000)).map((e) => e.stockLevelChanged);
    const halfEvents = (await half.waitFor(skus.length / 2, 20_000)).map((e) => e.stockLevelChanged);
    expect(events.map((e) => e.sku).sort()).toEqual(skus);
    const sequences = events.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(halfEvents.map((e) => e.sku).sort()).toEqual(skus.filter((_, i) => i % 2 === 0));
    expect(halfEvents.map((e) => e.sequence)).toEqual(
      events.filter((_, i) => skus.indexOf(events[i].sku) % 2 === 0).map((e) => e.sequence),
    );
  });
});
