import { InventoryValuationDocument, TrialBalanceDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('demo books', () => {
  it('balance from the first start, and Inventory equals the valuation (invariant 5)', async () => {
    const { trialBalance } = await app.ok(TrialBalanceDocument, {});
    expect(trialBalance.balance).toBe('0');
    expect(trialBalance.totalDebit).toBe(trialBalance.totalCredit);
    const inventory = trialBalance.lines.find((l) => l.account.role === 'INVENTORY')!;
    const grni = trialBalance.lines.find((l) => l.account.role === 'GRNI')!;
    const { inventoryValuation } = await app.ok(InventoryValuationDocument, {});
    expect(inventoryValuation.totalValue).toBe(inventory.balance);
    expect(inventoryValuation.inventoryAccountBalance).toBe(inventory.balance);
    // Opening stock is no supplier's receipt: it credits opening balance equity (3900), and GR/IR
    // holds nothing that will never be invoiced (it held 11,258.42 before).
    const opening = trialBalance.lines.find((l) => l.account.role === 'OPENING_BALANCE')!;
    expect(opening.account.code).toBe('3900');
    expect(grni.balance).toBe('0');
    expect(opening.credit).toBe('11258.42');
    // Nothing has left yet: Inventory mirrors the opening value.
    expect(inventory.balance).toBe(opening.credit);
    // Cola: 480 at 0.32 into PAR, 96 of them shipped towards LYO (in transit), 240 at 0.34 in LYO.
    const cola = inventoryValuation.lines.find((l) => l.product.sku === 'BEV-COLA-033')!;
    expect(cola).toMatchObject({ quantity: '720', value: '235.2' });
    for (const code of ['PAR', 'LYO']) {
      const { inventoryValuation: v } = await app.ok(InventoryValuationDocument, { warehouseCode: code });
      expect(v.totalValue).toBe(v.inventoryAccountBalance);
    }
    const par = (await app.ok(InventoryValuationDocument, { warehouseCode: 'PAR' })).inventoryValuation;
    expect(par.lines.find((l) => l.product.sku === 'BEV-COLA-033')).toMatchObject({ quantity: '384', value: '122.88' });
  });
});
