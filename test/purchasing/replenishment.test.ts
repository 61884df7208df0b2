import {
  PurchaseOrdersDocument,
  ReorderRuleSetDocument,
  ReorderRulesDocument,
  ReplenishmentRunDocument,
  WarehouseCreateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
});
afterAll(() => app.close());

const rule = async (
  sku: string,
  warehouseCode: string,
  minQuantity: string,
  maxQuantity: string,
  multiple?: string,
) => {
  const { reorderRuleSet } = await app.ok(ReorderRuleSetDocument, {
    input: { sku, warehouseCode, minQuantity, maxQuantity, multiple },
  });
  expect(reorderRuleSet.userErrors).toEqual([]);
};

describe('replenishment', () => {
  it('three warehouses, two suppliers: transfers from surplus first, then draft orders per preferred supplier; a second run proposes nothing', async () => {
    const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
      input: { code: 'MRS', name: 'Marseille', timeZone: 'Europe/Paris' },
    });
    expect(warehouseCreate.userErrors).toEqual([]);
    // The demo data's own rules are switched off: this scenario stands alone.
    for (const r of (await app.ok(ReorderRulesDocument, {})).reorderRules) {
      await app.ok(ReorderRuleSetDocument, {
        input: {
          sku: r.product.sku,
          warehouseCode: r.warehouse.code,
          minQuantity: r.minQuantity,
          maxQuantity: r.maxQuantity,
          active: false,
        },
      });
    }
    for (const sku of ['REP-1', 'REP-2', 'REP-3', 'REP-4', 'REP-5']) await h.product(sku);
    const dozen = await h.uomId('Dozen');
    const north = await p.supplier('NORTH');
    const south = await p.supplier('SOUTH');
    // REP-2: NORTH preferred, sold by the dozen, at least 6 dozen; SOUTH is cheaper but not preferred.
    await p.price({
      supplierId: north.id,
      sku: 'REP-2',
      unitPrice: '30',
      purchaseUomId: dozen,
      minQuantity: '6',
      leadTimeDays: 4,
      preferred: true,
    });
    await p.price({ supplierId: south.id, sku: 'REP-2', unitPrice: '20', purchaseUomId: dozen });
    await p.price({ supplierId: south.id, sku: 'REP-3', unitPrice: '2', leadTimeDays: 2, preferred: true });
    await p.price({ supplierId: north.id, sku: 'REP-4', unitPrice: '5', preferred: true });

    // REP-1: PAR short, LYO far above its max -> a transfer LYO -> PAR for all of it.
    await rule('REP-1', 'PAR', '20', '100');
    await rule('REP-1', 'LYO', '10', '50');
    await h.receive('PAR', [{ sku: 'REP-1', quantity: '5' }]);
    await h.receive('LYO', [{ sku: 'REP-1', quantity: '200' }]);
    // REP-2: PAR empty, MRS below its max (no surplus) -> NORTH, 60 rounded to 5 dozen, raised to its minimum of 6.
    await rule('REP-2', 'PAR', '10', '60', '12');
    await rule('REP-2', 'MRS', '5', '30');
    await h.receive('MRS', [{ sku: 'REP-2', quantity: '10' }]);
    // REP-3: MRS empty; LYO spares 15 above its max of 20 -> transfer 15, the other 25 from SOUTH.
    await rule('REP-3', 'MRS', '10', '40');
    await rule('REP-3', 'LYO', '5', '20');
    await h.receive('LYO', [{ sku: 'REP-3', quantity: '35' }]);
    // REP-4: PAR empty -> NORTH again: the same draft order as REP-2.
    await rule('REP-4', 'PAR', '5', '10');
    // REP-5: LYO at its min: nothing to do; and nobody sells REP-5 anyway.
    await rule('REP-5', 'LYO', '0', '10');

    const { replenishmentRun } = await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR', 'LYO', 'MRS'] });
    expect(replenishmentRun.userErrors).toEqual([]);
    const summary = replenishmentRun.proposals.map((x) => [
      x.kind,
      x.product.sku,
      x.warehouse.code,
      x.forecast,
      x.quantity,
      x.sourceWarehouse?.code ?? x.supplier?.code,
    ]);
    expect(summary).toEqual([
      ['TRANSFER', 'REP-1', 'PAR', '5', '95', 'LYO'],
      ['PURCHASE', 'REP-2', 'PAR', '0', '72', 'NORTH'],
      ['TRANSFER', 'REP-3', 'MRS', '0', '15', 'LYO'],
      ['PURCHASE', 'REP-3', 'MRS', '15', '25', 'SOUTH'],
      ['PURCHASE', 'REP-4', 'PAR', '0', '10', 'NORTH'],
    ]);
    expect(replenishmentRun.transfers).toHaveLength(2);
    expect(replenishmentRun.purchaseOrders).toHaveLength(2);
    const orders = Object.fromEntries(replenishmentRun.purchaseOrders.map((o) => [o.supplier.code, o]));
    expect(orders.NORTH).toMatchObject({ state: 'DRAFT', origin: 'REPLENISHMENT', warehouse: { code: 'PAR' } });
    expect(orders.NORTH.lines.map((l) => [l.product.sku, l.quantity, l.uom.name, l.productQuantity])).toEqual([
      ['REP-2', '6', 'Dozen', '72'],
      ['REP-4', '10', 'Unit', '10'],
    ]);
    expect(orders.SOUTH.lines.map((l) => [l.product.sku, l.quantity])).toEqual([['REP-3', '25']]);
    // The transfers are ready (outgoing at LYO); the orders are drafts (not incoming until confirmed).
    expect(await h.level('REP-1', 'LYO')).toMatchObject({ onHand: '200', outgoing: '95' });
    expect(await h.level('REP-2', 'PAR')).toMatchObject({ incoming: '0' });

    // A second run finds the open proposals in the forecast: nothing new.
    const again = (await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR', 'LYO', 'MRS'] })).replenishmentRun;
    expect(again.proposals).toEqual([]);
    const { purchaseOrders } = await app.ok(PurchaseOrdersDocument, { filter: { origin: 'REPLENISHMENT' } });
    expect(purchaseOrders.totalCount).toBe(2);
    const [{ n }] = await app.sql<{ n: string }>(
      `select count(*) n from transfer where reference_document_uri = 'replenishment'`,
    );
    expect(n).toBe('2');

    // More demand at PAR: the next run adds to the same draft instead of a new order.
    await h.deliver('PAR', [{ sku: 'REP-1', quantity: '5' }]);
    await rule('REP-4', 'PAR', '15', '20');
    const third = (await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR'] })).replenishmentRun;
    expect(third.proposals.map((x) => [x.kind, x.product.sku, x.forecast, x.quantity])).toEqual([
      ['PURCHASE', 'REP-4', '10', '10'],
    ]);
    expect(third.purchaseOrders.map((o) => o.id)).toEqual([orders.NORTH.id]);
    expect(third.purchaseOrders[0].lines.map((l) => [l.product.sku, l.quantity])).toEqual([
      ['REP-2', '6'],
      ['REP-4', '20'],
    ]);
    const rules = (await app.ok(ReorderRulesDocument, { warehouseCodes: ['PAR'] })).reorderRules;
    expect(rules.filter((r) => r.active).map((r) => r.product.sku)).toEqual(['REP-1', 'REP-2', 'REP-4']);
  });

  it('replaying an idempotency key does not run again; bad input changes nothing', async () => {
    const first = (await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR'], idempotencyKey: 'rep-1' }))
      .replenishmentRun;
    expect(first.replayed).toBe(false);
    const replay = (await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['PAR'], idempotencyKey: 'rep-1' }))
      .replenishmentRun;
    expect(replay).toMatchObject({ replayed: true, proposals: [], userErrors: [] });
    const counts = () =>
      app.sql(
        `select (select count(*) from purchase_order) orders, (select count(*) from purchase_order_line) lines,
                (select count(*) from transfer) transfers, (select count(*) from stock_move) moves,
                (select string_agg(min_quantity::text || '/' || max_quantity::text, ',' order by id) from reorder_rule) rules`,
      );
    const before = await counts();
    const unknown = (await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['NOPE'] })).replenishmentRun;
    expect(unknown.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'warehouseCodes', '0'] }),
    ]);
    const bad = (
      await app.ok(ReorderRuleSetDocument, {
        input: { sku: 'REP-1', warehouseCode: 'PAR', minQuantity: '10', maxQuantity: '5' },
      })
    ).reorderRuleSet;
    expect(bad.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'maxQuantity'] })]);
    expect(await counts()).toEqual(before);
  });

  it('a supplier selling by the unit and by 10 dozen: the need is bought in the unit of the line its quantity reaches', async () => {
    await h.product('REP-U');
    // The unit line first: the order rows come back in, which the unit used to be taken from.
    const [unit, dozen] = [await h.uomId('Unit'), await h.uomId('Dozen')];
    const units = await p.supplier('UNITS');
    await p.price({
      supplierId: units.id,
      sku: 'REP-U',
      unitPrice: '10',
      purchaseUomId: unit,
      minQuantity: '1',
      preferred: true,
    });
    await p.price({
      supplierId: units.id,
      sku: 'REP-U',
      unitPrice: '90',
      purchaseUomId: dozen,
      minQuantity: '10',
      preferred: true,
    });
    await rule('REP-U', 'LYO', '100', '130');
    const { replenishmentRun } = await app.ok(ReplenishmentRunDocument, { warehouseCodes: ['LYO'] });
    expect(replenishmentRun.userErrors).toEqual([]);
    // 130 units reach 10 dozen (120): the dozen line, 11 whole dozens (132 units), not 130 dozens.
    expect(
      replenishmentRun.proposals
        .filter((x) => x.product.sku === 'REP-U')
        .map((x) => [x.kind, x.quantity, x.supplier?.code]),
    ).toEqual([['PURCHASE', '132', 'UNITS']]);
    const line = replenishmentRun.purchaseOrders.flatMap((o) => o.lines).find((l) => l.product.sku === 'REP-U')!;
    expect([line.quantity, line.uom.name, line.productQuantity]).toEqual(['11', 'Dozen', '132']);
  });
});
