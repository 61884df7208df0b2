import {
  InventorySetQuantitiesDocument,
  type InventorySetQuantitiesInput,
  LocationCreateDocument,
  ReservationCreateDocument,
  StockMovesDocument,
  TruthTransferDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;

beforeAll(async () => {
  app = await startTestApp();
  h = stockHelpers(app);
});
afterAll(() => app.close());

const set = (input: InventorySetQuantitiesInput) => app.ok(InventorySetQuantitiesDocument, { input });

/** As a client does: BUSY and TIMEOUT changed nothing (the transaction rolled back), so send it again. */
async function setRetrying(input: InventorySetQuantitiesInput) {
  for (;;) {
    const body = await app.gql(InventorySetQuantitiesDocument, { input });
    const code = body.errors?.[0]?.extensions?.code;
    if (code === 'BUSY' || code === 'TIMEOUT') continue;
    if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
}
const onHand = async (sku: string, code = 'PAR') => (await h.level(sku, code))?.onHand ?? '0';

describe('inventorySetQuantities', () => {
  it('sets on-hand quantities through count adjustments with the reason, all at once', async () => {
    await h.product('SET-A');
    await h.product('SET-B');
    await h.product('SET-C');
    await h.receive('PAR', [
      { sku: 'SET-A', quantity: '10' },
      { sku: 'SET-B', quantity: '5' },
      { sku: 'SET-C', quantity: '7' },
    ]);
    const { inventorySetQuantities } = await set({
      reason: 'CYCLE_COUNT',
      reference: 'wms://sync/1',
      items: [
        { sku: 'SET-A', warehouseCode: 'PAR', quantity: '12', compareQuantity: '10' },
        { sku: 'SET-B', warehouseCode: 'par', quantity: '2' },
        { sku: 'SET-C', warehouseCode: 'PAR', quantity: '7', compareQuantity: '7' },
        { sku: 'SET-A', warehouseCode: 'LYO', quantity: '3', compareQuantity: '0' },
      ],
    });
    expect(inventorySetQuantities.userErrors).toEqual([]);
    expect(
      inventorySetQuantities.changes!.map((c) => [c.sku, c.location, c.previousQuantity, c.quantity, c.delta]),
    ).toEqual([
      ['SET-A', 'PAR/Stock', '10', '12', '2'],
      ['SET-B', 'PAR/Stock', '5', '2', '-3'],
      ['SET-C', 'PAR/Stock', '7', '7', '0'],
      ['SET-A', 'LYO/Stock', '0', '3', '3'],
    ]);
    expect(inventorySetQuantities.changes![2].moveId).toBeNull();
    expect([await onHand('SET-A'), await onHand('SET-B'), await onHand('SET-C'), await onHand('SET-A', 'LYO')]).toEqual(
      ['12', '2', '7', '3'],
    );
    const { stockMoves } = await app.ok(StockMovesDocument, { filter: { sku: 'SET-B' }, first: 10 });
    const adjustment = stockMoves.edges.map((e) => e.node).find((m) => m.reasonCode === 'CYCLE_COUNT')!;
    expect(adjustment).toMatchObject({
      quantity: '3',
      state: 'DONE',
      reference: 'wms://sync/1',
      source: { fullName: 'PAR/Stock' },
    });
    expect(adjustment.destination.fullName).toMatch(/loss/i);
  });

  it('fails the whole call with STALE naming each item whose quantity differs from compareQuantity', async () => {
    await h.product('SET-STALE');
    await h.receive('PAR', [{ sku: 'SET-STALE', quantity: '4' }]);
    await h.product('SET-FINE');
    const before = await h.moveCount();
    const { inventorySetQuantities } = await set({
      reason: 'CORRECTION',
      items: [
        { sku: 'SET-FINE', warehouseCode: 'PAR', quantity: '9', compareQuantity: '0' },
        { sku: 'SET-STALE', warehouseCode: 'PAR', quantity: '1', compareQuantity: '5' },
      ],
    });
    expect(inventorySetQuantities.changes).toBeNull();
    expect(inventorySetQuantities.userErrors).toEqual([
      {
        field: ['input', 'items', '1', 'compareQuantity'],
        code: 'STALE',
        message: 'input.items.1: SET-STALE in PAR/Stock is 4, not 5',
        quantityAvailable: '4',
      },
    ]);
    expect(await onHand('SET-FINE')).toBe('0');
    expect(await onHand('SET-STALE')).toBe('4');
    expect(await h.moveCount()).toBe(before);
  });

  it('refuses unknown SKUs, warehouses and locations, repeated items and lots where none apply, all at once', async () => {
    await h.product('SET-BAD');
    const { warehouse } = { warehouse: await h.location('LYO', 'Stock') };
    const { inventorySetQuantities } = await set({
      reason: 'CORRECTION',
      items: [
        { sku: 'NOPE', warehouseCode: 'PAR', quantity: '1' },
        { sku: 'SET-BAD', warehouseCode: 'NOPE', quantity: '1' },
        { sku: 'SET-BAD', warehouseCode: 'PAR', quantity: '1', locationId: warehouse.id },
        { sku: 'SET-BAD', warehouseCode: 'PAR', quantity: '1', lot: 'L1' },
        { sku: 'SET-BAD', warehouseCode: 'PAR', quantity: '1' },
        { sku: 'SET-BAD', warehouseCode: 'PAR', quantity: '2' },
      ],
    });
    expect(inventorySetQuantities.userErrors.map((e) => [e.field!.join('.'), e.code])).toEqual([
      ['input.items.0.sku', 'NOT_FOUND'],
      ['input.items.1.warehouseCode', 'NOT_FOUND'],
      ['input.items.2.locationId', 'INVALID'],
      ['input.items.3.lot', 'INVALID'],
      ['input.items.5.sku', 'INVALID'],
    ]);
    const negative = await set({ reason: 'X', items: [{ sku: 'SET-BAD', warehouseCode: 'PAR', quantity: '-1' }] });
    expect(negative.inventorySetQuantities.userErrors[0]).toMatchObject({ code: 'INVALID' });
    expect(await onHand('SET-BAD')).toBe('0');
  });

  it('does not take stock reservations hold unless forced', async () => {
    await h.product('SET-RES');
    await h.receive('PAR', [{ sku: 'SET-RES', quantity: '5' }]);
    const { reservationCreate } = await app.ok(ReservationCreateDocument, {
      input: { reference: 'set-res', lines: [{ sku: 'SET-RES', quantity: '4', warehouseCode: 'PAR' }] },
    });
    expect(reservationCreate.userErrors).toEqual([]);
    const refused = await set({ reason: 'SHRINK', items: [{ sku: 'SET-RES', warehouseCode: 'PAR', quantity: '1' }] });
    expect(refused.inventorySetQuantities.userErrors[0]).toMatchObject({
      code: 'RESERVED_STOCK',
      field: ['input', 'items', '0', 'quantity'],
    });
    const forced = await set({
      reason: 'SHRINK',
      force: true,
      items: [{ sku: 'SET-RES', warehouseCode: 'PAR', quantity: '1' }],
    });
    expect(forced.inventorySetQuantities.userErrors).toEqual([]);
    expect(await onHand('SET-RES')).toBe('1');
  });

  it('sets the quant of the location named, not the oldest one below it', async () => {
    await h.product('SET-BIN');
    const stock = await h.location('PAR', 'Stock');
    const { locationCreate } = await app.ok(LocationCreateDocument, {
      input: { parentId: stock.id, name: 'Set-Shelf', type: 'INTERNAL' },
    });
    const shelf = locationCreate.location!;
    // The shelf's 3 arrive first: the removal order (oldest quant first) would take them first.
    await app.ok(TruthTransferDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        destinationLocationId: shelf.id,
        validate: true,
        lines: [{ sku: 'SET-BIN', quantity: '3' }],
      },
    });
    await set({ reason: 'SYNC', items: [{ sku: 'SET-BIN', warehouseCode: 'PAR', quantity: '10' }] });
    const { inventorySetQuantities } = await set({
      reason: 'SYNC',
      items: [{ sku: 'SET-BIN', warehouseCode: 'PAR', quantity: '5', compareQuantity: '10' }],
    });
    expect(inventorySetQuantities.userErrors).toEqual([]);
    const quants = await app.sql<{ name: string; quantity: string }>(
      `select l.full_name as name, trim_scale(q.quantity)::text as quantity from quant q
         join location l on l.id = q.location_id join product p on p.id = q.product_id
        where p.sku = 'SET-BIN' and l.warehouse_id is not null order by 1`,
    );
    expect(quants).toEqual([
      { name: 'PAR/Stock', quantity: '5' },
      { name: 'PAR/Stock/Set-Shelf', quantity: '3' },
    ]);
  });

  it('replays the first result for the same idempotency key without setting again', async () => {
    await h.product('SET-IDEM');
    const input = {
      reason: 'SYNC',
      idempotencyKey: 'set-idem-1',
      items: [{ sku: 'SET-IDEM', warehouseCode: 'PAR', quantity: '6', compareQuantity: '0' }],
    };
    const first = await set(input);
    expect(first.inventorySetQuantities.userErrors).toEqual([]);
    const again = await set(input);
    expect(again.inventorySetQuantities).toEqual(first.inventorySetQuantities);
    expect(await onHand('SET-IDEM')).toBe('6');
    const reused = await set({ ...input, items: [{ ...input.items[0], quantity: '7' }] });
    expect(reused.inventorySetQuantities.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('sets 250 items in one call with a number of statements that does not grow with the items', async () => {
    const skus = Array.from({ length: 250 }, (_, i) => `SET-BULK-${String(i).padStart(3, '0')}`);
    for (const sku of skus) await h.product(sku);
    const call = (n: number, quantity: (i: number) => string) =>
      app.countStatements(async () => {
        const { inventorySetQuantities } = await set({
          reason: 'SYNC',
          items: skus.slice(0, n).map((sku, i) => ({ sku, warehouseCode: 'PAR', quantity: quantity(i) })),
        });
        expect(inventorySetQuantities.userErrors).toEqual([]);
      });
    // Increases (receipt-like) then decreases (loss-like), 10 then 250 items.
    const up10 = await call(10, () => '5');
    const up250 = await call(250, () => '5');
    const down10 = await call(10, () => '2');
    const down250 = await call(250, () => '2');
    console.log(`statements per call: +10 ${up10}, +250 ${up250}, -10 ${down10}, -250 ${down250}`);
    expect(await onHand('SET-BULK-249')).toBe('2');
    expect(up250).toBeLessThanOrEqual(up10 + 5);
    // Decreases too: the ledger applies a posting's quant deltas in one set-based statement
    // (sql/apply-quant-deltas.ts), where it took each on-hand decrease (and the loss quant's
    // increase between two of them) as a statement of its own: 522 statements for 250 items.
    expect(down250).toBeLessThanOrEqual(down10 + 5);
    expect(down250).toBeLessThanOrEqual(up250 + 5);
  }, 300_000);

  it('compare-and-set under concurrent callers: exactly one wins per compareQuantity', async () => {
    await h.product('SET-RACE');
    await h.receive('PAR', [{ sku: 'SET-RACE', quantity: '5' }]);
    const callers = 12;
    const results = await Promise.all(
      Array.from({ length: callers }, (_, i) =>
        setRetrying({
          reason: 'RACE',
          items: [{ sku: 'SET-RACE', warehouseCode: 'PAR', quantity: String(10 + i), compareQuantity: '5' }],
        }),
      ),
    );
    const winners = results.filter((r) => r.inventorySetQuantities.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    for (const r of results) {
      if (r.inventorySetQuantities.userErrors.length) {
        expect(r.inventorySetQuantities.userErrors[0]).toMatchObject({ code: 'STALE' });
      }
    }
    const won = winners[0].inventorySetQuantities.changes![0].quantity;
    expect(await onHand('SET-RACE')).toBe(won);
    // From nothing: compareQuantity 0 on a quant that does not exist yet.
    await h.product('SET-RACE-0');
    const fresh = await Promise.all(
      Array.from({ length: callers }, (_, i) =>
        setRetrying({
          reason: 'RACE',
          items: [{ sku: 'SET-RACE-0', warehouseCode: 'PAR', quantity: String(1 + i), compareQuantity: '0' }],
        }),
      ),
    );
    const freshWinners = fresh.filter((r) => r.inventorySetQuantities.userErrors.length === 0);
    expect(freshWinners).toHaveLength(1);
    expect(await onHand('SET-RACE-0')).toBe(freshWinners[0].inventorySetQuantities.changes![0].quantity);
    const [{ total }] = await app.sql<{ total: string }>(
      `select sum(q.quantity)::text total from quant q join product p on p.id = q.product_id where p.sku = 'SET-RACE-0'`,
    );
    expect(Number(total)).toBe(0);
  });

  it('concurrent multi-item decreases and reservations over the same SKUs neither deadlock nor oversell', async () => {
    const skus = ['SET-MIX-A', 'SET-MIX-B', 'SET-MIX-C'];
    for (const sku of skus) await h.product(sku);
    await h.receive(
      'PAR',
      skus.map((sku) => ({ sku, quantity: '60' })),
    );
    /** BUSY and TIMEOUT rolled back: sent again, as a client would. */
    const retrying = async <T>(
      send: () => Promise<{ data?: T | null; errors?: { extensions?: { code?: string } }[] }>,
    ) => {
      for (;;) {
        const body = await send();
        const code = body.errors?.[0]?.extensions?.code;
        if (code === 'BUSY' || code === 'TIMEOUT') continue;
        if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
        return body.data;
      }
    };
    // Each caller names the SKUs in its own order: the locks must still be taken in one order.
    const order = (i: number) => (i % 2 ? [...skus].reverse() : i % 3 ? [skus[1], skus[2], skus[0]] : skus);
    const sets = Array.from({ length: 10 }, (_, i) =>
      retrying(() =>
        app.gql(InventorySetQuantitiesDocument, {
          input: {
            reason: 'MIX',
            items: order(i).map((sku) => ({ sku, warehouseCode: 'PAR', quantity: String(40 - 3 * i) })),
          },
        }),
      ),
    );
    const reservations = Array.from({ length: 24 }, (_, i) =>
      retrying(() =>
        app.gql(ReservationCreateDocument, {
          input: {
            reference: `set-mix-${i}`,
            lines: order(i + 1).map((sku) => ({ sku, quantity: '2', warehouseCode: 'PAR' })),
          },
        }),
      ),
    );
    const [setResults, reserveResults] = await Promise.all([Promise.all(sets), Promise.all(reservations)]);
    for (const r of setResults) {
      for (const e of r.inventorySetQuantities.userErrors) expect(e.code).toBe('RESERVED_STOCK');
    }
    for (const r of reserveResults) {
      for (const e of r.reservationCreate.userErrors) expect(e.code).toBe('INSUFFICIENT_STOCK');
    }
    expect(setResults.some((r) => r.inventorySetQuantities.userErrors.length === 0)).toBe(true);
    expect(reserveResults.some((r) => r.reservationCreate.userErrors.length === 0)).toBe(true);
    for (const sku of skus) {
      const level = await h.level(sku, 'PAR');
      // Never oversold: what is reserved stays within what is on hand, and nothing went negative.
      expect(Number(level.reserved)).toBeLessThanOrEqual(Number(level.onHand));
      expect(Number(level.onHand)).toBeGreaterThanOrEqual(0);
      const [{ total }] = await app.sql<{ total: string }>(
        `select trim_scale(coalesce(sum(l.quantity), 0))::text total from reservation_line l join product p on p.id = l.product_id
          where p.sku = $1 and l.state = 'ACTIVE'`,
        [sku],
      );
      expect(total).toBe(level.reserved);
    }
    const [{ negative }] = await app.sql<{ negative: string }>(
      `select count(*)::text negative from quant q join location l on l.id = q.location_id
        where l.type in ('INTERNAL', 'QUALITY', 'DAMAGED') and q.quantity < 0`,
    );
    expect(negative).toBe('0');
  }, 120_000);
});
