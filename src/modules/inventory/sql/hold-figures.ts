/**
 * The figures a loss is checked against, per product x warehouse (stock_sellable: pickable,
 * reserved, committed, short), with the SKU and warehouse code its message names.
 * SQL, not the ORM: the figures come from the database function every stock path shares, read
 * under the pairs' locks. Caller: stock-guard.ts#holdFigures; covered by
 * test/inventory/stock-truth.test.ts and test/concurrency/deliveries.test.ts.
 */
export const HOLD_FIGURES = `select s.product_id, s.warehouse_id, p.sku, w.code, s.pickable, s.reserved, s.committed, s.short
       from (select ?::uuid[] as ps, ?::uuid[] as ws) a, lateral stock_sellable(a.ps, a.ws) s
       join product p on p.id = s.product_id
       join warehouse w on w.id = s.warehouse_id`;
