import fc from 'fast-check';
import {
  InventoryCountApplyDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  ScrapDocument,
  StockLevelsDocument,
  TransferCancelDocument,
  StockReconcileDocument,
  TransferCreateDocument,
  TransferReceiveDocument,
  TransferShipDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { propertySeed, randomRuns } from '../helpers/runs';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Model-based property test: random sequences of receipts, deliveries, transfers between
 * warehouses, counts, scraps and returns run against the real server, and after every step
 * the API must agree with a plain model, the ledger must reconcile (invariant 2), internal
 * quants must stay >= 0 and every product's quants must sum to 0 (invariant 1), and a
 * refused operation must change nothing (invariant 6).
 */
const WAREHOUSES = ['PAR', 'LYO'] as const;
type Wh = (typeof WAREHOUSES)[number];
const PRODUCTS = 2;

type Op =
  | { kind: 'receive' | 'deliver' | 'scrap'; p: number; wh: Wh; q: number }
  | { kind: 'return'; p: number; wh: Wh; q: number; damaged: boolean }
  | { kind: 'ship'; p: number; wh: Wh; q: number }
  | { kind: 'arrive'; pick: number }
  | { kind: 'count'; p: number; wh: Wh; counted: number };

const wh = fc.constantFrom(...WAREHOUSES);
const p = fc.integer({ min: 0, max: PRODUCTS - 1 });
const q = fc.integer({ min: 1, max: 80 }); // tenths: 0.1 to 8.0
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), p, wh, q }),
  fc.record({ kind: fc.constant('deliver' as const), p, wh, q }),
  fc.record({ kind: fc.constant('scrap' as const), p, wh, q }),
  fc.record({ kind: fc.constant('return' as const), p, wh, q, damaged: fc.boolean() }),
  fc.record({ kind: fc.constant('ship' as const), p, wh, q }),
  fc.record({ kind: fc.constant('arrive' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('count' as const), p, wh, counted: fc.integer({ min: 0, max: 120 }) }),
);

const dec = (tenths: number) => (tenths / 10).toString();

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let run = 0;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterAll(() => app.close());

async function snapshot() {
  return { moves: await h.moveCount(), quants: await h.quantSnapshot() };
}

it('random operation sequences keep the ledger invariants and match the model', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 18 }), async (ops) => {
      run++;
      const skus = Array.from({ length: PRODUCTS }, (_, i) => `PROP-${run}-${i}`);
      for (const sku of skus) await h.product(sku);
      // Model, in tenths of a unit: stock and damaged per sku x warehouse, and shipments in transit.
      const stock = new Map<string, number>();
      const damaged = new Map<string, number>();
      const key = (sku: string, w: Wh) => `${sku}|${w}`;
      const get = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
      const inTransit: { id: string; sku: string; to: Wh; q: number }[] = [];
      const stockLocation = { PAR: await h.location('PAR', 'Stock'), LYO: await h.location('LYO', 'Stock') };

      for (const o of ops) {
        const before = await snapshot();
        let ok: boolean;
        let expectOk: boolean;
        if (o.kind === 'arrive') {
          if (inTransit.length === 0) continue;
          const [shipment] = inTransit.splice(o.pick % inTransit.length, 1);
          const { transferReceive } = await app.ok(TransferReceiveDocument, { input: { transferId: shipment.id } });
          ok = transferReceive.userErrors.length === 0;
          expectOk = true;
          if (ok) stock.set(key(shipment.sku, shipment.to), get(stock, key(shipment.sku, shipment.to)) + shipment.q);
        } else if (o.kind === 'count') {
          const sku = skus[o.p];
          const start = await app.ok(InventoryCountStartDocument, { input: { warehouseCode: o.wh, skus: [sku] } });
          const countId = start.inventoryCountStart.inventoryCount!.id;
          await app.ok(InventoryCountRecordDocument, {
            input: { countId, lines: [{ sku, locationId: stockLocation[o.wh].id, countedQuantity: dec(o.counted) }] },
          });
          const applied = await app.ok(InventoryCountApplyDocument, { input: { countId } });
          ok = applied.inventoryCountApply.inventoryCount?.state === 'DONE';
          expectOk = true;
          if (ok) stock.set(key(sku, o.wh), o.counted);
        } else {
          const sku = skus[o.p];
          const k = key(sku, o.wh);
          const line = { sku, quantity: dec(o.q) };
          if (o.kind === 'receive') {
            const r = await app.ok(TransferCreateDocument, {
              input: { type: 'RECEIPT', warehouseCode: o.wh, validate: true, lines: [line] },
            });
            ok = r.transferCreate.userErrors.length === 0;
            expectOk = true;
            if (ok) stock.set(k, get(stock, k) + o.q);
          } else if (o.kind === 'return') {
            const r = await app.ok(TransferCreateDocument, {
              input: {
                type: 'RETURN',
                warehouseCode: o.wh,
                validate: true,
                lines: [{ ...line, disposition: o.damaged ? 'DAMAGED' : 'STOCK' }],
              },
            });
            ok = r.transferCreate.userErrors.length === 0;
            expectOk = true;
            if (ok) (o.damaged ? damaged : stock).set(k, get(o.damaged ? damaged : stock, k) + o.q);
          } else if (o.kind === 'deliver') {
            const r = await app.ok(TransferCreateDocument, {
              input: { type: 'DELIVERY', warehouseCode: o.wh, validate: true, lines: [line] },
            });
            ok = r.transferCreate.userErrors.length === 0;
            expectOk = get(stock, k) >= o.q;
            if (ok) stock.set(k, get(stock, k) - o.q);
          } else if (o.kind === 'scrap') {
            const r = await app.ok(ScrapDocument, {
              input: { sku, locationId: stockLocation[o.wh].id, quantity: dec(o.q) },
            });
            ok = r.scrap.userErrors.length === 0;
            expectOk = get(stock, k) >= o.q;
            if (ok) stock.set(k, get(stock, k) - o.q);
          } else {
            const to: Wh = o.wh === 'PAR' ? 'LYO' : 'PAR';
            const created = await app.ok(TransferCreateDocument, {
              input: { type: 'INTERNAL', warehouseCode: o.wh, destinationWarehouseCode: to, lines: [line] },
            });
            const id = created.transferCreate.transfer!.id;
            const beforeShip = await snapshot();
            const shipped = await app.ok(TransferShipDocument, { input: { transferId: id } });
            ok = shipped.transferShip.userErrors.length === 0;
            expectOk = get(stock, k) >= o.q;
            if (ok) {
              stock.set(k, get(stock, k) - o.q);
              inTransit.push({ id, sku, to, q: o.q });
            } else {
              expect(shipped.transferShip.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
              expect(await snapshot()).toEqual(beforeShip);
              // Leave no open transfer behind, so that outgoing stays 0 in the model.
              await app.ok(TransferCancelDocument, { transferId: id });
              continue;
            }
          }
        }
        expect({ op: o, ok }).toEqual({ op: o, ok: expectOk });
        if (!ok) expect(await snapshot()).toEqual(before);

        // The API agrees with the model, figure by figure.
        const { stockLevels } = await app.ok(StockLevelsDocument, { skus, warehouseCodes: [...WAREHOUSES] });
        for (const level of stockLevels) {
          const k = key(level.product.sku, level.warehouse.code as Wh);
          const transit = inTransit
            .filter((s) => s.sku === level.product.sku && s.to === level.warehouse.code)
            .reduce((sum, s) => sum + s.q, 0);
          expect({
            k,
            onHand: level.onHand,
            damaged: level.damaged,
            available: level.available,
            inTransit: level.inTransit,
            incoming: level.incoming,
          }).toEqual({
            k,
            onHand: dec(get(stock, k) + get(damaged, k)),
            damaged: dec(get(damaged, k)),
            available: dec(get(stock, k)),
            inTransit: dec(transit),
            incoming: dec(transit),
          });
          expect(level.forecast).toBe(dec(get(stock, k) + get(damaged, k) + transit));
        }
        // Invariants 1 and 2: the ledger rebuilds every quant, and each product sums to 0.
        for (const sku of skus) {
          const { stockReconcile } = await app.ok(StockReconcileDocument, { sku });
          expect(stockReconcile).toEqual({ ok: true, totalOverAllLocations: '0', differences: [] });
        }
        const negative = await app.sql(
          "select 1 from quant q join location l on l.id = q.location_id where l.type in ('INTERNAL','QUALITY','DAMAGED') and q.quantity < 0",
        );
        expect(negative).toEqual([]);
      }
    }),
    { numRuns: randomRuns(12, process.env.PROPERTY_RUNS), seed: propertySeed(process.env.PROPERTY_SEED) },
  );
}, 300_000);
