import { StockLevelsDocument, StockReconcileDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('demo data', () => {
  it("a new user's first stockLevels query shows every figure", async () => {
    const { stockLevels } = await app.ok(StockLevelsDocument, {});
    const find = (sku: string, wh: string) =>
      stockLevels.find((l) => l.product.sku === sku && l.warehouse.code === wh)!;
    expect(find('BEV-COLA-033', 'PAR')).toMatchObject({ onHand: '384', reserved: '24', available: '360' });
    expect(find('BEV-COLA-033', 'LYO')).toMatchObject({
      onHand: '240',
      inTransit: '96',
      incoming: '96',
      forecast: '336',
    });
    expect(find('EL-HEADSET', 'PAR')).toMatchObject({ onHand: '25', qualityHold: '25', available: '0' });
    expect(find('HW-BOLT-M8', 'PAR')).toMatchObject({ onHand: '1200', outgoing: '100', forecast: '1100' });
    expect(find('BEV-COFFEE-1KG', 'PAR')).toMatchObject({ onHand: '85.5' });
    const skus = new Set(stockLevels.filter((l) => l.onHand !== '0').map((l) => l.product.sku));
    expect(skus.size).toBeGreaterThanOrEqual(18);
    for (const sku of skus) {
      expect((await app.ok(StockReconcileDocument, { sku })).stockReconcile.ok).toBe(true);
    }
  });
});
