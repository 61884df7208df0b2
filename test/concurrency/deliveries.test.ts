import { TransferCreateDocument } from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  // Every request here queues on the same rows: on a loaded machine the default lock (5 s) and
  // request (10 s) timeouts answer BUSY or TIMEOUT, which says nothing about what is tested here
  // (exact counts, never negative), so they are far above what the queue needs.
  app = await startTestApp({ seed: true, lockTimeoutMs: 120_000, env: { REQUEST_TIMEOUT_MS: '120000' } });
  h = stockHelpers(app);
});
afterAll(() => app.close());

describe('concurrent deliveries through the HTTP endpoint', () => {
  jest.setTimeout(180_000);
  it('50 deliveries of 1 unit against 20 on hand: exactly 20 succeed, 30 get INSUFFICIENT_STOCK, never negative', async () => {
    await h.product('HOT-1');
    await h.receive('PAR', [{ sku: 'HOT-1', quantity: '20' }]);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.gql(TransferCreateDocument, {
          input: { type: 'DELIVERY', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'HOT-1', quantity: '1' }] },
        }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const payloads = results.map((r) => r.data!.transferCreate);
    const succeeded = payloads.filter((p) => p.transfer?.state === 'DONE');
    const refused = payloads.filter((p) => p.userErrors.some((e) => e.code === 'INSUFFICIENT_STOCK'));
    expect(succeeded).toHaveLength(20);
    expect(refused).toHaveLength(30);
    expect(refused.every((p) => p.userErrors[0].quantityAvailable === '0')).toBe(true);
    expect(await h.level('HOT-1', 'PAR')).toMatchObject({ onHand: '0', available: '0' });
    const negative = await app.sql(
      "select q.quantity from quant q join location l on l.id = q.location_id where l.type in ('INTERNAL','QUALITY','DAMAGED') and q.quantity < 0",
    );
    expect(negative).toEqual([]);
    const done = await app.sql<{ n: string }>(
      "select count(*) n from stock_move m join product p on p.id = m.product_id where p.sku = 'HOT-1' and m.state = 'DONE'",
    );
    expect(Number(done[0].n)).toBe(21); // the receipt and 20 deliveries; refused ones left nothing behind
  });

  it('concurrent multi-line deliveries over overlapping SKUs in random order neither deadlock nor oversell', async () => {
    const skus = ['MIX-1', 'MIX-2', 'MIX-3', 'MIX-4'];
    for (const sku of skus) await h.product(sku);
    await h.receive(
      'LYO',
      skus.map((sku) => ({ sku, quantity: '15' })),
    );
    const picks = Array.from({ length: 40 }, () => [...skus].sort(() => Math.random() - 0.5).slice(0, 3));
    const results = await Promise.all(
      picks.map((picked) =>
        app.gql(TransferCreateDocument, {
          input: {
            type: 'DELIVERY',
            warehouseCode: 'LYO',
            validate: true,
            lines: picked.map((sku) => ({ sku, quantity: '1' })),
          },
        }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    // Each SKU is down by exactly the deliveries that shipped it, and none went below zero.
    for (const sku of skus) {
      const shippedIt = picks.filter((picked, i) => picked.includes(sku) && results[i].data!.transferCreate.transfer);
      const level = await h.level(sku, 'LYO');
      expect(Number(level.onHand)).toBe(15 - shippedIt.length);
      expect(Number(level.onHand)).toBeGreaterThanOrEqual(0);
    }
    // A refused delivery was refused for a real shortage.
    for (const result of results.filter((r) => !r.data!.transferCreate.transfer)) {
      expect(result.data!.transferCreate.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    }
  });
});
