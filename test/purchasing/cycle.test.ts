import {
  PurchaseOrderApproveDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderDocument,
  PurchaseOrderReceiveDocument,
  PurchaseOrderRescheduleDocument,
  PurchaseOrdersDocument,
  PurchasingSettingsUpdateDocument,
  VendorBillCreateDocument,
} from '../generated/graphql';
import { day, purchasingHelpers } from '../helpers/purchasing';
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

describe('purchase order cycle', () => {
  it('create, confirm, approve, receive in two parts, bill, close: incoming, onHand and ATP at each step', async () => {
    await h.product('PUR-A');
    await h.product('PUR-Q', { requiresInspection: true });
    const acme = await p.supplier('ACME');
    const dozen = await h.uomId('Dozen');
    const unit = await h.uomId('Unit');
    await p.price({ supplierId: acme.id, sku: 'PUR-A', unitPrice: '24', purchaseUomId: dozen, leadTimeDays: 5 });
    await app.ok(PurchasingSettingsUpdateDocument, { input: { approvalThreshold: '100' } });

    // Line 1 defaults from the price list: per dozen, 24 a dozen, expected in 5 days.
    const po = await p.order(acme.id, 'PAR', [
      { sku: 'PUR-A', quantity: '10' },
      {
        sku: 'PUR-Q',
        quantity: '5',
        unitPrice: '10',
        expectedDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    ]);
    expect(po).toMatchObject({
      state: 'DRAFT',
      amountTotal: '290',
      createdBy: await p.actorOf('buyer'),
      currency: 'EUR',
    });
    const [a, q] = po.lines;
    expect(a).toMatchObject({ quantity: '10', productQuantity: '120', unitPrice: '24', uom: { name: 'Dozen' } });
    expect(a.expectedDate.slice(0, 10)).toBe(day(5));
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ onHand: '0', incoming: '0' });

    // Above the threshold: waits for approval, still not incoming.
    const confirmed = (await p.as('buyer', PurchaseOrderConfirmDocument, { input: { purchaseOrderId: po.id } }))
      .purchaseOrderConfirm;
    expect(confirmed.purchaseOrder!.state).toBe('TO_APPROVE');
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ incoming: '0' });

    // The creator cannot approve it; someone else can.
    const self = (await p.as('buyer', PurchaseOrderApproveDocument, { input: { purchaseOrderId: po.id } }))
      .purchaseOrderApprove;
    expect(self.userErrors).toEqual([expect.objectContaining({ code: 'SEGREGATION_OF_DUTIES' })]);
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ incoming: '0' });
    const approved = (await p.as('manager', PurchaseOrderApproveDocument, { input: { purchaseOrderId: po.id } }))
      .purchaseOrderApprove;
    expect(approved.userErrors).toEqual([]);
    expect(approved.purchaseOrder).toMatchObject({ state: 'CONFIRMED', approvedBy: await p.actorOf('manager') });
    expect(approved.purchaseOrder!.lines[0]).toMatchObject({ openQuantity: '120' });
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ onHand: '0', incoming: '120', forecast: '120' });
    expect(await h.level('PUR-Q', 'PAR')).toMatchObject({ incoming: '5' });
    let atp = await p.atp('PUR-A', 'PAR');
    expect(atp[day(0)]).toMatchObject({ atp: '0' });
    expect(atp[day(5)]).toMatchObject({ receipts: '120', atp: '120' });

    // First part: 4 dozen of A and all of Q (into quality hold); the rest waits in a backorder.
    const first = (
      await p.as('clerk', PurchaseOrderReceiveDocument, {
        input: {
          purchaseOrderId: po.id,
          lines: [
            { lineId: a.id, quantity: '4' },
            { lineId: q.id, quantity: '5' },
          ],
        },
      })
    ).purchaseOrderReceive;
    expect(first.userErrors).toEqual([]);
    expect(first.purchaseOrder!.state).toBe('PARTIALLY_RECEIVED');
    expect(first.receipt!.state).toBe('DONE');
    expect(first.receipt!.moves).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          quantity: '48',
          state: 'DONE',
          unitCost: '2',
          destination: { fullName: 'PAR/Stock' },
        }),
        expect.objectContaining({
          quantity: '5',
          state: 'DONE',
          unitCost: '10',
          destination: { fullName: 'PAR/Quality' },
        }),
      ]),
    );
    expect(first.backorder!.moves).toEqual([expect.objectContaining({ quantity: '72', state: 'CONFIRMED' })]);
    expect(first.backorder!.moves[0].expectedDate!.slice(0, 10)).toBe(day(5));
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ onHand: '48', incoming: '72', available: '48' });
    expect(await h.level('PUR-Q', 'PAR')).toMatchObject({ onHand: '5', qualityHold: '5', incoming: '0' });
    atp = await p.atp('PUR-A', 'PAR');
    expect(atp[day(0)]).toMatchObject({ atp: '48' });
    expect(atp[day(5)]).toMatchObject({ receipts: '72', atp: '120' });

    // The supplier slips by two days: the backorder moves with the line.
    const moved = (
      await app.ok(PurchaseOrderRescheduleDocument, {
        input: {
          purchaseOrderId: po.id,
          lines: [{ lineId: a.id, expectedDate: new Date(Date.now() + 7 * 86_400_000).toISOString() }],
        },
      })
    ).purchaseOrderReschedule;
    expect(moved.userErrors).toEqual([]);
    atp = await p.atp('PUR-A', 'PAR');
    expect(atp[day(5)]).toMatchObject({ receipts: '0', atp: '48' });
    expect(atp[day(7)]).toMatchObject({ receipts: '72', atp: '120' });

    // Second part, given in units: 72 units = the 6 dozen left.
    const second = (
      await p.as('clerk', PurchaseOrderReceiveDocument, {
        input: { purchaseOrderId: po.id, lines: [{ lineId: a.id, quantity: '72', uomId: unit }] },
      })
    ).purchaseOrderReceive;
    expect(second.userErrors).toEqual([]);
    expect(second.backorder).toBeNull();
    expect(second.purchaseOrder!.state).toBe('RECEIVED');
    expect(second.purchaseOrder!.lines[0]).toMatchObject({ receivedQuantity: '120', openQuantity: '0' });
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ onHand: '120', incoming: '0', available: '120' });
    atp = await p.atp('PUR-A', 'PAR');
    expect(atp[day(7)]).toMatchObject({ receipts: '0', atp: '120' });

    // Billed exactly as ordered and received: matched, and the order is closed.
    const bill = (
      await p.as('accountant', VendorBillCreateDocument, {
        input: {
          supplierId: acme.id,
          reference: 'INV-1001',
          lines: [
            { purchaseLineId: a.id, quantity: '10', unitPrice: '24' },
            { purchaseLineId: q.id, quantity: '5', unitPrice: '10' },
          ],
        },
      })
    ).vendorBillCreate;
    expect(bill.userErrors).toEqual([]);
    expect(bill.vendorBill).toMatchObject({ state: 'MATCHED', amountTotal: '290', exceptions: [] });
    expect(bill.vendorBill!.postedAt).not.toBeNull();
    const { purchaseOrder } = await app.ok(PurchaseOrderDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({ state: 'BILLED' });
    expect(purchaseOrder!.lines.map((l) => l.billedQuantity)).toEqual(['120', '5']);
    expect(purchaseOrder!.receipts.map((r) => r.state)).toEqual(['DONE', 'DONE']);
    expect(await h.level('PUR-A', 'PAR')).toMatchObject({ onHand: '120', incoming: '0' });

    const { purchaseOrders } = await app.ok(PurchaseOrdersDocument, {
      filter: { states: ['BILLED'], supplierId: acme.id },
    });
    expect(purchaseOrders.totalCount).toBe(1);
  });
});
