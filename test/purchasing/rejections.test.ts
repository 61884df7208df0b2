import {
  PurchaseOrderCancelDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  PurchaseOrderDocument,
  PurchaseOrderReceiveDocument,
  PurchaseOrderUpdateDocument,
  PurchasingSettingsUpdateDocument,
  SupplierPriceSetDocument,
  TransferCancelDocument,
  TransferValidateDocument,
  VendorBillCreateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** Bad input to every purchasing mutation answers its code and writes nothing. */
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
let p: ReturnType<typeof purchasingHelpers>;
let supplierId: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  p = purchasingHelpers(app);
  await h.product('REJ-P');
  await h.product('REJ-S', { tracking: 'SERIAL' });
  supplierId = (await p.supplier('REJSUP')).id;
  await p.price({ supplierId, sku: 'REJ-P', unitPrice: '3', leadTimeDays: 2 });
});
afterAll(() => app.close());

async function footprint() {
  const [row] = await app.sql(
    `select (select count(*) from purchase_order) orders, (select count(*) from purchase_order_line) lines,
            (select string_agg(state::text || ':' || version, ',' order by id) from purchase_order) order_states,
            (select string_agg(received_quantity::text || '/' || billed_quantity::text, ',' order by id) from purchase_order_line) received,
            (select count(*) from stock_move) moves, (select string_agg(state::text, ',' order by id) from stock_move) move_states,
            (select count(*) from transfer) transfers, (select string_agg(quantity::text, ',' order by id) from quant) quants,
            (select count(*) from purchase_line_move) links, (select count(*) from vendor_bill) bills,
            (select count(*) from supplier_price) prices, (select count(*) from idempotency_key) keys`,
  );
  return row;
}

async function expectRefused(
  run: () => Promise<{ code: string; field: string[] | null }[]>,
  code: string,
  field?: string[],
) {
  const before = await footprint();
  const errors = await run();
  expect(errors).toContainEqual(expect.objectContaining(field ? { code, field } : { code }));
  expect(await footprint()).toEqual(before);
}

const receive = async (
  purchaseOrderId: string,
  lines: { lineId: string; quantity: string; uomId?: string; serials?: string[] }[],
) =>
  (
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId, lines, idempotencyKey: `k-${Math.random()}` },
    })
  ).purchaseOrderReceive.userErrors;

describe('refused purchasing input changes nothing', () => {
  it('an unknown supplier', () =>
    expectRefused(
      async () =>
        (
          await app.ok(PurchaseOrderCreateDocument, {
            input: {
              supplierId: UNKNOWN,
              warehouseCode: 'PAR',
              lines: [{ sku: 'REJ-P', quantity: '1' }],
              idempotencyKey: 'x1',
            },
          })
        ).purchaseOrderCreate.userErrors,
      'NOT_FOUND',
      ['input', 'supplierId'],
    ));

  it('a UoM of the wrong category, on an order and on a price', async () => {
    const kg = await h.uomId('kg');
    await expectRefused(
      async () =>
        (
          await app.ok(PurchaseOrderCreateDocument, {
            input: { supplierId, warehouseCode: 'PAR', lines: [{ sku: 'REJ-P', quantity: '1', uomId: kg }] },
          })
        ).purchaseOrderCreate.userErrors,
      'UOM_MISMATCH',
      ['input', 'lines', '0', 'uomId'],
    );
    await expectRefused(
      async () =>
        (
          await app.ok(SupplierPriceSetDocument, {
            input: { supplierId, sku: 'REJ-P', unitPrice: '1', purchaseUomId: kg },
          })
        ).supplierPriceSet.userErrors,
      'UOM_MISMATCH',
      ['input', 'purchaseUomId'],
    );
  });

  it('a product without a price and no unitPrice', async () => {
    await h.product('REJ-NOPRICE');
    await expectRefused(
      async () =>
        (
          await app.ok(PurchaseOrderCreateDocument, {
            input: { supplierId, warehouseCode: 'PAR', lines: [{ sku: 'REJ-NOPRICE', quantity: '1' }] },
          })
        ).purchaseOrderCreate.userErrors,
      'INVALID',
      ['input', 'lines', '0', 'unitPrice'],
    );
  });

  it('receiving on a cancelled order, and cancelling a received one', async () => {
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '5' }]);
    expect(await h.level('REJ-P', 'PAR')).toMatchObject({ incoming: '5' });
    const cancelled = (
      await app.ok(PurchaseOrderCancelDocument, { input: { purchaseOrderId: po.id, reason: 'duplicate' } })
    ).purchaseOrderCancel;
    expect(cancelled.purchaseOrder).toMatchObject({ state: 'CANCELLED', reason: 'duplicate' });
    expect(await h.level('REJ-P', 'PAR')).toMatchObject({ incoming: '0' });
    await expectRefused(() => receive(po.id, [{ lineId: po.lines[0].id, quantity: '1' }]), 'INVALID_STATE', [
      'input',
      'purchaseOrderId',
    ]);

    const other = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '5' }]);
    expect(await receive(other.id, [{ lineId: other.lines[0].id, quantity: '1' }])).toEqual([]);
    await expectRefused(
      async () =>
        (await app.ok(PurchaseOrderCancelDocument, { input: { purchaseOrderId: other.id } })).purchaseOrderCancel
          .userErrors,
      'INVALID_STATE',
    );
  });

  it('more than ordered beyond the tolerance; within it is accepted', async () => {
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '10' }]);
    await expectRefused(() => receive(po.id, [{ lineId: po.lines[0].id, quantity: '11' }]), 'OVER_RECEIPT', [
      'input',
      'lines',
      '0',
      'quantity',
    ]);
    await app.ok(PurchasingSettingsUpdateDocument, { input: { overReceiptTolerancePercent: '10' } });
    await expectRefused(() => receive(po.id, [{ lineId: po.lines[0].id, quantity: '11.5' }]), 'OVER_RECEIPT');
    const before = await h.level('REJ-P', 'PAR');
    expect(await receive(po.id, [{ lineId: po.lines[0].id, quantity: '11' }])).toEqual([]);
    const after = await h.level('REJ-P', 'PAR');
    expect(Number(after.onHand) - Number(before.onHand)).toBe(11);
    expect(Number(before.incoming) - Number(after.incoming)).toBe(10);
    await app.ok(PurchasingSettingsUpdateDocument, { input: { overReceiptTolerancePercent: '0' } });
  });

  it('a line of another order, the same line twice, a wrong unit, missing serials', async () => {
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '4' }]);
    const other = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '4' }]);
    await expectRefused(() => receive(po.id, [{ lineId: other.lines[0].id, quantity: '1' }]), 'NOT_FOUND', [
      'input',
      'lines',
      '0',
      'lineId',
    ]);
    await expectRefused(
      () =>
        receive(po.id, [
          { lineId: po.lines[0].id, quantity: '1' },
          { lineId: po.lines[0].id, quantity: '1' },
        ]),
      'INVALID',
      ['input', 'lines', '1', 'lineId'],
    );
    await expectRefused(() => receive(po.id, [{ lineId: po.lines[0].id, quantity: '1', uomId: UNKNOWN }]), 'NOT_FOUND');
    const kg = await h.uomId('kg');
    await expectRefused(() => receive(po.id, [{ lineId: po.lines[0].id, quantity: '1', uomId: kg }]), 'UOM_MISMATCH', [
      'input',
      'lines',
      '0',
      'uomId',
    ]);
    const serial = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-S', quantity: '2', unitPrice: '50' }]);
    await expectRefused(
      () => receive(serial.id, [{ lineId: serial.lines[0].id, quantity: '2', serials: ['S1'] }]),
      'INVALID',
      ['input', 'lines', '0', 'serials'],
    );
    expect(await receive(serial.id, [{ lineId: serial.lines[0].id, quantity: '2', serials: ['S1', 'S2'] }])).toEqual(
      [],
    );
    expect(await h.level('REJ-S', 'PAR')).toMatchObject({ onHand: '2', incoming: '0' });
  });

  it("validating or cancelling an order's receipt directly, outside purchasing", async () => {
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '3' }]);
    const [receipt] = (await app.ok(PurchaseOrderDocument, { id: po.id })).purchaseOrder!.receipts;
    await expectRefused(
      async () =>
        (await app.ok(TransferValidateDocument, { input: { transferId: receipt.id } })).transferValidate.userErrors,
      'INVALID_STATE',
      ['input', 'transferId'],
    );
    await expectRefused(
      async () => (await app.ok(TransferCancelDocument, { transferId: receipt.id })).transferCancel.userErrors,
      'INVALID_STATE',
      ['input', 'transferId'],
    );
    // Ordinary receipts are not affected.
    await h.receive('PAR', [{ sku: 'REJ-P', quantity: '1' }]);
  });

  it('a lot-tracked line needs its lot; a replayed receipt is not received twice', async () => {
    await h.product('REJ-LOT', { tracking: 'LOT' });
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-LOT', quantity: '6', unitPrice: '2' }]);
    const lineId = po.lines[0].id;
    await expectRefused(() => receive(po.id, [{ lineId, quantity: '2' }]), 'LOT_REQUIRED', [
      'input',
      'lines',
      '0',
      'lot',
    ]);
    const input = {
      purchaseOrderId: po.id,
      lines: [{ lineId, quantity: '2', lot: 'L-1' }],
      idempotencyKey: 'grn-lot-1',
    };
    const first = (await app.ok(PurchaseOrderReceiveDocument, { input })).purchaseOrderReceive;
    expect(first.userErrors).toEqual([]);
    expect(first.receipt!.moves).toEqual([expect.objectContaining({ quantity: '2', lot: 'L-1', state: 'DONE' })]);
    const before = await footprint();
    const replay = (await app.ok(PurchaseOrderReceiveDocument, { input })).purchaseOrderReceive;
    expect(replay.userErrors).toEqual([]);
    expect(replay.receipt!.id).toBe(first.receipt!.id);
    expect(replay.backorder!.id).toBe(first.backorder!.id);
    expect(replay.purchaseOrder!.lines[0].receivedQuantity).toBe('2');
    expect(await footprint()).toEqual(before);
    expect(await h.level('REJ-LOT', 'PAR')).toMatchObject({ onHand: '2', incoming: '4' });
  });

  it('a stale version, an edit of a confirmed order, a second confirmation', async () => {
    const draft = await p.order(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '1' }]);
    const updated = (
      await app.ok(PurchaseOrderUpdateDocument, {
        input: { id: draft.id, version: draft.version, lines: [{ sku: 'REJ-P', quantity: '3' }], notes: 'three' },
      })
    ).purchaseOrderUpdate;
    expect(updated.userErrors).toEqual([]);
    expect(updated.purchaseOrder).toMatchObject({
      amountTotal: '9',
      lines: [expect.objectContaining({ quantity: '3' })],
    });
    expect(updated.purchaseOrder!.version).toBeGreaterThan(draft.version);
    await expectRefused(
      async () =>
        (await app.ok(PurchaseOrderUpdateDocument, { input: { id: draft.id, version: draft.version, notes: 'stale' } }))
          .purchaseOrderUpdate.userErrors,
      'CONFLICT',
      ['input', 'version'],
    );
    const confirmed = (await app.ok(PurchaseOrderConfirmDocument, { input: { purchaseOrderId: draft.id } }))
      .purchaseOrderConfirm.purchaseOrder!;
    const current = (await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: draft.id } }))
      .purchaseOrderConfirm;
    expect(current.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    await expectRefused(
      async () =>
        (
          await app.ok(PurchaseOrderUpdateDocument, {
            input: { id: draft.id, version: confirmed.version, notes: 'late' },
          })
        ).purchaseOrderUpdate.userErrors,
      'INVALID_STATE',
    );
  });

  it('a bill of a line of another supplier, or of a draft order', async () => {
    const rival = await p.supplier('RIVAL');
    const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '2' }]);
    await expectRefused(
      async () =>
        (
          await app.ok(VendorBillCreateDocument, {
            input: {
              supplierId: rival.id,
              reference: 'R-1',
              lines: [{ purchaseLineId: po.lines[0].id, quantity: '1', unitPrice: '3' }],
            },
          })
        ).vendorBillCreate.userErrors,
      'INVALID',
      ['input', 'lines', '0', 'purchaseLineId'],
    );
    const draft = await p.order(supplierId, 'PAR', [{ sku: 'REJ-P', quantity: '2' }]);
    await expectRefused(
      async () =>
        (
          await app.ok(VendorBillCreateDocument, {
            input: {
              supplierId,
              reference: 'R-2',
              lines: [{ purchaseLineId: draft.lines[0].id, quantity: '1', unitPrice: '3' }],
            },
          })
        ).vendorBillCreate.userErrors,
      'INVALID_STATE',
    );
  });
});
