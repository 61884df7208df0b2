import {
  InventoryCountApplyDocument,
  InventoryCountApproveDocument,
  InventoryCountRecordDocument,
  InventoryCountStartDocument,
  LotTraceDocument,
  QuantsDocument,
  QualityReleaseDocument,
  SafetyStockSetDocument,
  ScrapDocument,
  StockMovesDocument,
  StockOnHandAtDocument,
  StockReconcileDocument,
  TransferCreateDocument,
  TransferReceiveDocument,
  TransferShipDocument,
  TransferValidateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterAll(() => app.close());

describe('receipts and deliveries', () => {
  it('a receipt raises on hand, a delivery lowers it, and the ledger reconciles', async () => {
    await h.product('LED-A');
    const before = new Date();
    await h.receive('PAR', [{ sku: 'LED-A', quantity: '10' }]);
    const middle = new Date();
    const delivery = await h.deliver('PAR', [{ sku: 'LED-A', quantity: '3' }]);
    expect(delivery.userErrors).toEqual([]);
    expect(delivery.transfer).toMatchObject({ type: 'DELIVERY', state: 'DONE' });
    expect(delivery.transfer!.moves[0]).toMatchObject({
      state: 'DONE',
      quantity: '3',
      source: { fullName: 'PAR/Stock' },
      destination: { fullName: 'Virtual/Customers' },
      doneBy: expect.stringMatching(/^key:sl_[0-9a-f]{12}$/),
    });
    expect(await h.level('LED-A', 'PAR')).toMatchObject({ onHand: '7', available: '7', forecast: '7' });
    expect(await h.level('LED-A', 'LYO')).toMatchObject({ onHand: '0' });
    const { stockReconcile } = await app.ok(StockReconcileDocument, { sku: 'LED-A' });
    expect(stockReconcile).toEqual({ ok: true, totalOverAllLocations: '0', differences: [] });
    const at = async (when: Date) =>
      (await app.ok(StockOnHandAtDocument, { sku: 'LED-A', warehouseCode: 'PAR', at: when.toISOString() }))
        .stockOnHandAt;
    expect(await at(before)).toBe('0');
    expect(await at(middle)).toBe('10');
    expect(await at(new Date())).toBe('7');
  });

  it('converts quantities given in another unit of the same category', async () => {
    await h.product('LED-B');
    await h.receive('PAR', [{ sku: 'LED-B', quantity: '2', uomId: await h.uomId('Dozen') }]);
    expect(await h.level('LED-B', 'PAR')).toMatchObject({ onHand: '24' });
  });

  it('keeps the cost of a receipt per product unit, and refuses a cost on other transfers', async () => {
    await h.product('LED-COST');
    const receipt = await h.receive('PAR', [
      { sku: 'LED-COST', quantity: '2', uomId: await h.uomId('Dozen'), unitCost: '30' },
    ]);
    expect(receipt.moves[0]).toMatchObject({ quantity: '24', unitCost: '2.5' });
    const delivery = await h.deliver('PAR', [{ sku: 'LED-COST', quantity: '1', unitCost: '3' }]);
    expect(delivery.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '0', 'unitCost'] }),
    ]);
    expect(await h.level('LED-COST', 'PAR')).toMatchObject({ onHand: '24' });
  });

  it('confirmed transfers count as incoming and outgoing until validated', async () => {
    await h.product('LED-C');
    await h.receive('PAR', [{ sku: 'LED-C', quantity: '5' }]);
    const inbound = await app.ok(TransferCreateDocument, {
      input: { type: 'RECEIPT', warehouseCode: 'PAR', lines: [{ sku: 'LED-C', quantity: '8' }] },
    });
    const outbound = await app.ok(TransferCreateDocument, {
      input: { type: 'DELIVERY', warehouseCode: 'PAR', lines: [{ sku: 'LED-C', quantity: '2' }] },
    });
    expect(inbound.transferCreate.transfer!.state).toBe('READY');
    expect(await h.level('LED-C', 'PAR')).toMatchObject({ onHand: '5', incoming: '8', outgoing: '2', forecast: '11' });
    await app.ok(TransferValidateDocument, { input: { transferId: outbound.transferCreate.transfer!.id } });
    expect(await h.level('LED-C', 'PAR')).toMatchObject({ onHand: '3', incoming: '8', outgoing: '0', forecast: '11' });
  });

  it('validates in part: the rest becomes a backorder, and a done transfer cannot be validated again', async () => {
    await h.product('LED-D');
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: { type: 'RECEIPT', warehouseCode: 'PAR', lines: [{ sku: 'LED-D', quantity: '10' }] },
    });
    const transfer = transferCreate.transfer!;
    const { transferValidate } = await app.ok(TransferValidateDocument, {
      input: { transferId: transfer.id, lines: [{ moveId: transfer.moves[0].id, quantity: '4' }] },
    });
    expect(transferValidate.userErrors).toEqual([]);
    expect(transferValidate.transfer!.state).toBe('DONE');
    expect(transferValidate.transfer!.moves.map((m) => [m.quantity, m.state])).toEqual([['4', 'DONE']]);
    expect(transferValidate.backorder).toMatchObject({ state: 'READY', backorderOf: { id: transfer.id } });
    expect(transferValidate.backorder!.moves.map((m) => [m.quantity, m.state])).toEqual([['6', 'CONFIRMED']]);
    expect(await h.level('LED-D', 'PAR')).toMatchObject({ onHand: '4', incoming: '6' });

    const moves = await h.moveCount();
    const again = await app.ok(TransferValidateDocument, { input: { transferId: transfer.id } });
    expect(again.transferValidate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect(await h.moveCount()).toBe(moves);
  });
});

describe('transfers between warehouses', () => {
  it('ship puts goods in transit at the destination, receive lands them', async () => {
    await h.product('LED-E');
    await h.receive('PAR', [{ sku: 'LED-E', quantity: '10' }]);
    const expectedDate = new Date(Date.now() + 3 * 86400_000).toISOString();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'INTERNAL',
        warehouseCode: 'PAR',
        destinationWarehouseCode: 'LYO',
        expectedDate,
        lines: [{ sku: 'LED-E', quantity: '6' }],
      },
    });
    const id = transferCreate.transfer!.id;
    expect(await h.level('LED-E', 'PAR')).toMatchObject({ onHand: '10', outgoing: '6' });
    const validate = await app.ok(TransferValidateDocument, { input: { transferId: id } });
    expect(validate.transferValidate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);

    const { transferShip } = await app.ok(TransferShipDocument, { input: { transferId: id } });
    expect(transferShip.userErrors).toEqual([]);
    expect(transferShip.transfer!.state).toBe('IN_TRANSIT');
    expect(await h.level('LED-E', 'PAR')).toMatchObject({ onHand: '4', outgoing: '0' });
    expect(await h.level('LED-E', 'LYO')).toMatchObject({ onHand: '0', inTransit: '6', incoming: '6', forecast: '6' });

    const { transferReceive } = await app.ok(TransferReceiveDocument, { input: { transferId: id } });
    expect(transferReceive.transfer!.state).toBe('DONE');
    expect(await h.level('LED-E', 'LYO')).toMatchObject({ onHand: '6', inTransit: '0', incoming: '0' });
    expect((await app.ok(StockReconcileDocument, { sku: 'LED-E' })).stockReconcile.ok).toBe(true);
  });
});

describe('quality hold, returns and scrap', () => {
  it('receipts of products that need inspection wait in quality; release moves them on', async () => {
    await h.product('LED-Q', { requiresInspection: true });
    await h.receive('PAR', [{ sku: 'LED-Q', quantity: '10' }]);
    expect(await h.level('LED-Q', 'PAR')).toMatchObject({ onHand: '10', qualityHold: '10', available: '0' });
    const ok = await app.ok(QualityReleaseDocument, {
      input: { sku: 'LED-Q', warehouseCode: 'PAR', quantity: '7', disposition: 'STOCK' },
    });
    expect(ok.qualityRelease.move).toMatchObject({
      destination: { fullName: 'PAR/Stock' },
      reasonCode: 'QUALITY_STOCK',
    });
    await app.ok(QualityReleaseDocument, {
      input: { sku: 'LED-Q', warehouseCode: 'PAR', quantity: '2', disposition: 'DAMAGED' },
    });
    await app.ok(QualityReleaseDocument, {
      input: { sku: 'LED-Q', warehouseCode: 'PAR', quantity: '1', disposition: 'RETURN_TO_SUPPLIER' },
    });
    expect(await h.level('LED-Q', 'PAR')).toMatchObject({
      onHand: '9',
      qualityHold: '0',
      damaged: '2',
      available: '7',
    });
    const tooMuch = await app.ok(QualityReleaseDocument, {
      input: { sku: 'LED-Q', warehouseCode: 'PAR', quantity: '1', disposition: 'SCRAP' },
    });
    expect(tooMuch.qualityRelease.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '0' }),
    ]);
  });

  it('customer returns follow their disposition', async () => {
    await h.product('LED-R');
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RETURN',
        warehouseCode: 'LYO',
        validate: true,
        lines: [
          { sku: 'LED-R', quantity: '3', disposition: 'STOCK' },
          { sku: 'LED-R', quantity: '2', disposition: 'DAMAGED' },
          { sku: 'LED-R', quantity: '1', disposition: 'SCRAP' },
        ],
      },
    });
    expect(transferCreate.userErrors).toEqual([]);
    expect(transferCreate.transfer!.moves.map((m) => m.destination.fullName).sort()).toEqual([
      'LYO/Damaged',
      'LYO/Stock',
      'Virtual/Scrap',
    ]);
    expect(await h.level('LED-R', 'LYO')).toMatchObject({ onHand: '5', damaged: '2', available: '3' });
  });

  it('lists quants per location and lot, and moves newest first', async () => {
    await h.product('LED-QL', { tracking: 'LOT' });
    await h.receive('LYO', [
      { sku: 'LED-QL', quantity: '3', lot: 'A' },
      { sku: 'LED-QL', quantity: '4', lot: 'B' },
    ]);
    await h.deliver('LYO', [{ sku: 'LED-QL', quantity: '1', lot: 'B' }]);
    const { quants } = await app.ok(QuantsDocument, { filter: { sku: 'LED-QL' } });
    const rows = quants.edges.map((e) => [e.node.location.fullName, e.node.lot, e.node.quantity]).sort();
    expect(rows).toEqual([
      ['LYO/Stock', 'A', '3'],
      ['LYO/Stock', 'B', '3'],
      ['Virtual/Customers', 'B', '1'],
      ['Virtual/Suppliers', 'A', '-3'],
      ['Virtual/Suppliers', 'B', '-4'],
    ]);
    const { stockMoves } = await app.ok(StockMovesDocument, { filter: { sku: 'LED-QL', state: 'DONE' } });
    expect(stockMoves.totalCount).toBe(3);
    expect(stockMoves.edges[0].node.destination.fullName).toBe('Virtual/Customers');
  });

  it('scraps from a location with a reason', async () => {
    await h.product('LED-S');
    await h.receive('PAR', [{ sku: 'LED-S', quantity: '4' }]);
    const stock = await h.location('PAR', 'Stock');
    const { scrap } = await app.ok(ScrapDocument, {
      input: { sku: 'LED-S', locationId: stock.id, quantity: '1.5', reasonCode: 'BROKEN' },
    });
    expect(scrap.move).toMatchObject({
      quantity: '1.5',
      reasonCode: 'BROKEN',
      destination: { fullName: 'Virtual/Scrap' },
    });
    expect(await h.level('LED-S', 'PAR')).toMatchObject({ onHand: '2.5' });
  });

  it('safety stock is kept back from available', async () => {
    await h.product('LED-SS');
    await h.receive('PAR', [{ sku: 'LED-SS', quantity: '10' }]);
    const { safetyStockSet } = await app.ok(SafetyStockSetDocument, {
      input: { sku: 'LED-SS', warehouseCode: 'PAR', quantity: '4' },
    });
    expect(safetyStockSet.stockLevel).toMatchObject({ onHand: '10', safetyStock: '4', available: '6' });
  });
});

describe('inventory counts', () => {
  it('posts small variances at once as moves to and from inventory loss', async () => {
    await h.product('CNT-A');
    await h.product('CNT-B');
    await h.receive('LYO', [
      { sku: 'CNT-A', quantity: '10' },
      { sku: 'CNT-B', quantity: '5' },
    ]);
    const { inventoryCountStart } = await app.ok(InventoryCountStartDocument, {
      input: { warehouseCode: 'LYO', skus: ['CNT-A', 'CNT-B'] },
    });
    const count = inventoryCountStart.inventoryCount!;
    expect(count.lines.map((l) => [l.product.sku, l.expectedQuantity])).toEqual([
      ['CNT-A', '10'],
      ['CNT-B', '5'],
    ]);
    const stockId = count.lines[0].location.id;
    const recorded = await app.ok(InventoryCountRecordDocument, {
      input: {
        countId: count.id,
        lines: [
          { sku: 'CNT-A', locationId: stockId, countedQuantity: '8' },
          { sku: 'CNT-B', locationId: stockId, countedQuantity: '6' },
        ],
      },
    });
    expect(recorded.inventoryCountRecord.inventoryCount!.totalAbsoluteVariance).toBe('3');
    const { inventoryCountApply } = await app.ok(InventoryCountApplyDocument, {
      input: { countId: count.id, reasonCode: 'CYCLE_COUNT' },
    });
    expect(inventoryCountApply.inventoryCount!.state).toBe('DONE');
    expect(await h.level('CNT-A', 'LYO')).toMatchObject({ onHand: '8' });
    expect(await h.level('CNT-B', 'LYO')).toMatchObject({ onHand: '6' });
    const { stockMoves } = await app.ok(StockMovesDocument, { filter: { sku: 'CNT-A', reference: count.name } });
    expect(stockMoves.edges[0].node).toMatchObject({
      quantity: '2',
      reasonCode: 'CYCLE_COUNT',
      destination: { fullName: 'Virtual/Inventory loss' },
    });
  });

  it('waits for approval above the threshold', async () => {
    await h.product('CNT-C');
    await h.receive('LYO', [{ sku: 'CNT-C', quantity: '500' }]);
    const start = await app.ok(InventoryCountStartDocument, { input: { warehouseCode: 'LYO', skus: ['CNT-C'] } });
    const count = start.inventoryCountStart.inventoryCount!;
    await app.ok(InventoryCountRecordDocument, {
      input: {
        countId: count.id,
        lines: [{ sku: 'CNT-C', locationId: count.lines[0].location.id, countedQuantity: '300' }],
      },
    });
    const applied = await app.ok(InventoryCountApplyDocument, { input: { countId: count.id } });
    expect(applied.inventoryCountApply.inventoryCount!.state).toBe('TO_APPROVE');
    expect(await h.level('CNT-C', 'LYO')).toMatchObject({ onHand: '500' });
    // Segregation of duties: the key that started the count may not approve it; nothing changes.
    const own = await app.ok(InventoryCountApproveDocument, { countId: count.id });
    expect(own.inventoryCountApprove.inventoryCount).toBeNull();
    expect(own.inventoryCountApprove.userErrors).toMatchObject([
      { code: 'SEGREGATION_OF_DUTIES', field: ['input', 'countId'] },
    ]);
    expect(await h.level('CNT-C', 'LYO')).toMatchObject({ onHand: '500' });
    const controller = app.as(await app.createKey(['CONTROLLER'], { name: 'controller' }));
    const { inventoryCountApprove } = await controller.ok(InventoryCountApproveDocument, { countId: count.id });
    expect(inventoryCountApprove.inventoryCount).toMatchObject({
      state: 'DONE',
      approvedBy: expect.stringMatching(/^key:sl_/),
      approvedAt: expect.any(String),
      createdBy: expect.stringMatching(/^key:sl_/),
    });
    expect(inventoryCountApprove.inventoryCount!.approvedBy).not.toBe(inventoryCountApprove.inventoryCount!.createdBy);
    expect(await h.level('CNT-C', 'LYO')).toMatchObject({ onHand: '300' });
  });
});

describe('lots and serials', () => {
  it('traces a lot through every move and says where it is now', async () => {
    await h.product('LOT-A', { tracking: 'LOT' });
    await h.receive('PAR', [{ sku: 'LOT-A', quantity: '10', lot: 'L1' }]);
    await h.deliver('PAR', [{ sku: 'LOT-A', quantity: '4', lot: 'L1' }]);
    const { lotTrace } = await app.ok(LotTraceDocument, { lot: 'L1', sku: 'LOT-A' });
    expect(lotTrace.moves.map((m) => [m.source.fullName, m.destination.fullName, m.quantity])).toEqual([
      ['Virtual/Suppliers', 'PAR/Stock', '10'],
      ['PAR/Stock', 'Virtual/Customers', '4'],
    ]);
    expect(lotTrace.positions).toEqual([
      { location: 'PAR/Stock', quantity: '6' },
      { location: 'Virtual/Customers', quantity: '4' },
      { location: 'Virtual/Suppliers', quantity: '-10' },
    ]);
  });

  it('a serial holds one unit, is unique per product and cannot leave twice', async () => {
    await h.product('SER-A', { tracking: 'SERIAL' });
    await h.receive('PAR', [{ sku: 'SER-A', quantity: '2', serials: ['S1', 'S2'] }]);
    expect(await h.level('SER-A', 'PAR')).toMatchObject({ onHand: '2' });
    const first = await h.deliver('PAR', [{ sku: 'SER-A', quantity: '1', serials: ['S1'] }]);
    expect(first.userErrors).toEqual([]);
    const moves = await h.moveCount();
    const twice = await h.deliver('PAR', [{ sku: 'SER-A', quantity: '1', serials: ['S1'] }]);
    expect(twice.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'lines', '0'], quantityAvailable: '0' }),
    ]);
    const duplicate = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'LYO',
        validate: true,
        lines: [{ sku: 'SER-A', quantity: '1', serials: ['S2'] }],
      },
    });
    expect(duplicate.transferCreate.userErrors).toEqual([expect.objectContaining({ code: 'TAKEN' })]);
    expect(await h.moveCount()).toBe(moves);
  });
});

describe('bad input changes nothing', () => {
  beforeAll(async () => {
    await h.product('BAD-A');
    await h.product('BAD-LOT', { tracking: 'LOT' });
    await h.receive('PAR', [{ sku: 'BAD-A', quantity: '5' }]);
  });

  it.each([
    ['quantity 0', { lines: [{ sku: 'BAD-A', quantity: '0' }] }, ['input', 'lines', '0', 'quantity'], 'INVALID'],
    [
      'a negative quantity',
      { lines: [{ sku: 'BAD-A', quantity: '-1' }] },
      ['input', 'lines', '0', 'quantity'],
      'INVALID',
    ],
    [
      'a non-decimal quantity',
      { lines: [{ sku: 'BAD-A', quantity: '1,5' }] },
      ['input', 'lines', '0', 'quantity'],
      'INVALID',
    ],
    ['an unknown SKU', { lines: [{ sku: 'NOPE', quantity: '1' }] }, ['input', 'lines', '0', 'sku'], 'NOT_FOUND'],
    [
      'a lot on an untracked product',
      { lines: [{ sku: 'BAD-A', quantity: '1', lot: 'X' }] },
      ['input', 'lines', '0', 'lot'],
      'INVALID',
    ],
    [
      'a lot-tracked product without lot',
      { lines: [{ sku: 'BAD-LOT', quantity: '1' }] },
      ['input', 'lines', '0', 'lot'],
      'LOT_REQUIRED',
    ],
    ['more than on hand', { lines: [{ sku: 'BAD-A', quantity: '6' }] }, ['input', 'lines', '0'], 'INSUFFICIENT_STOCK'],
    ['an unknown warehouse', { warehouseCode: 'XXX' }, ['input', 'warehouseCode'], 'NOT_FOUND'],
  ])('a delivery with %s', async (_label, override, field, code) => {
    const [moves, quants] = [await h.moveCount(), await h.quantSnapshot()];
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'DELIVERY',
        warehouseCode: 'PAR',
        validate: true,
        lines: [{ sku: 'BAD-A', quantity: '1' }],
        ...override,
      },
    });
    expect(transferCreate.transfer).toBeNull();
    expect(transferCreate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await h.moveCount()).toBe(moves);
    expect(await h.quantSnapshot()).toEqual(quants);
  });

  it('a location of another warehouse in a one-warehouse operation', async () => {
    const lyoStock = await h.location('LYO', 'Stock');
    const moves = await h.moveCount();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'DELIVERY',
        warehouseCode: 'PAR',
        sourceLocationId: lyoStock.id,
        lines: [{ sku: 'BAD-A', quantity: '1' }],
      },
    });
    expect(transferCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'sourceLocationId'] }),
    ]);
    expect(await h.moveCount()).toBe(moves);
  });

  it('a unit of the wrong category', async () => {
    const moves = await h.moveCount();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        lines: [{ sku: 'BAD-A', quantity: '1', uomId: await h.uomId('kg') }],
      },
    });
    expect(transferCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'UOM_MISMATCH', field: ['input', 'lines', '0', 'uomId'] }),
    ]);
    expect(await h.moveCount()).toBe(moves);
  });
});
