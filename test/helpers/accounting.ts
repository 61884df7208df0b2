import {
  type CostingMethod,
  InventoryValuationDocument,
  ProductCategoryCreateDocument,
  ProductCreateDocument,
  TrialBalanceDocument,
  UomsDocument,
} from '../generated/graphql';
import type { TestApp } from './test-app';

/** Fixtures and invariant checks for the books, on top of the API. */
export function accountingHelpers(app: TestApp) {
  let unit: string | undefined;
  return {
    async category(name: string, costingMethod: CostingMethod) {
      const { productCategoryCreate } = await app.ok(ProductCategoryCreateDocument, { input: { name, costingMethod } });
      if (productCategoryCreate.userErrors.length) throw new Error(JSON.stringify(productCategoryCreate.userErrors));
      return productCategoryCreate.productCategory!.id;
    },
    async product(sku: string, categoryId: string, weight?: string) {
      unit ??= (await app.ok(UomsDocument)).uoms.find((u) => u.name === 'Unit')!.id;
      const { productCreate } = await app.ok(ProductCreateDocument, {
        input: { sku, name: sku, uomId: unit, categoryId, weight },
      });
      if (productCreate.userErrors.length) throw new Error(JSON.stringify(productCreate.userErrors));
      return productCreate.product!;
    },
    /** Balance of one account (by role) in the trial balance. */
    async balance(role: string, at?: string) {
      const { trialBalance } = await app.ok(TrialBalanceDocument, { at });
      return trialBalance.lines.find((l) => l.account.role === role)!.balance;
    },
    async valuation(warehouseCode?: string, at?: string) {
      return (await app.ok(InventoryValuationDocument, { warehouseCode, at })).inventoryValuation;
    },
    /**
     * Invariants 4 and 5: every entry balances (read straight from the tables), the trial
     * balance sums to 0, and Inventory equals the valuation for the company and per warehouse.
     */
    async assertBooks(warehouseCodes: string[] = []) {
      const unbalanced = await app.sql(
        `select e.name from journal_entry e left join journal_line l on l.entry_id = e.id
          group by e.id, e.name, e.total having coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0)
             or coalesce(sum(l.debit), 0) <> e.total`,
      );
      expect(unbalanced).toEqual([]);
      // Issue 23 item 5: posted entries are numbered 1..n per journal and fiscal year, no gaps.
      const gaps = await app.sql(
        `select journal_id, fiscal_year, count(*)::int as n, min(number)::int as lo, max(number)::int as hi
           from journal_entry where state = 'POSTED' group by journal_id, fiscal_year
         having count(*) <> max(number) or min(number) <> 1 or count(number) <> count(*)`,
      );
      expect(gaps).toEqual([]);
      const { trialBalance } = await app.ok(TrialBalanceDocument, {});
      expect(trialBalance.balance).toBe('0');
      expect(trialBalance.totalDebit).toBe(trialBalance.totalCredit);
      const inventory = trialBalance.lines.find((l) => l.account.role === 'INVENTORY')!.balance;
      const all = (await app.ok(InventoryValuationDocument, {})).inventoryValuation;
      expect(all.totalValue).toBe(inventory);
      expect(all.inventoryAccountBalance).toBe(inventory);
      // Remaining layers hold exactly the value of the stock.
      const [layers] = await app.sql<{ remaining: string | null; value: string | null }>(
        'select sum(remaining_value)::text as remaining, sum(value)::text as value from valuation_layer',
      );
      expect(Number(layers.remaining ?? 0)).toBeCloseTo(Number(layers.value ?? 0), 6);
      for (const code of warehouseCodes) {
        const v = (await app.ok(InventoryValuationDocument, { warehouseCode: code })).inventoryValuation;
        expect(v.totalValue).toBe(v.inventoryAccountBalance);
      }
      return { inventory, trialBalance };
    },
  };
}
