import {
  PurchaseOrderReceiveDocument,
  PurchaseOrderReturnDocument,
  PurchaseOrderReturnsDocument,
  VendorBillCreateDocument,
  VendorCreditNoteCreateDocument,
} from '../generated/graphql';
import { accountingHelpers } from '../helpers/accounting';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { rolledBack, untilSettled } from '../helpers/retry';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('concurrent returns of one purchase order line', () => {
  it('30 clients sending back 1 each of 12 received: exactly 12 go back, never more, and the books hold', async () => {
    const h = stockHelpers(app);
    const p = purchasingHelpers(app);
    const books = accountingHelpers(app);
    await h.product('CONC-RTS');
    const supplier = await p.supplier('CONCRTS');
    const po = await p.confirmedOrder(supplier.id, 'LYO', [{ sku: 'CONC-RTS', quantity: '12', unitPrice: '2.5' }]);
    const lineId = po.lines[0].id;
    const received = await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '12' }] },
    });
    expect(received.purchaseOrderReceive.userErrors).toEqual([]);
    const grni = Number(await books.balance('GRNI'));
    const results = await Promise.all(
      // Each client sends again while the server answers BUSY or TIMEOUT (rolled back), as clients
      // do: every one of the 30 ends sent back or refused, whatever the machine's load.
      Array.from({ length: 30 }, (_, i) =>
        untilSettled(() =>
          app.gql(PurchaseOrderReturnDocument, {
            input: {
              purchaseOrderId: po.id,
              lines: [{ lineId, quantity: '1' }],
              reason: `client ${i}`,
              idempotencyKey: `conc-rts-${i}`,
            },
          }),
        ),
      ),
    );
    const ok = results.filter((r) => r.data?.purchaseOrderReturn.userErrors.length === 0);
    const refused = results.filter((r) => (r.data?.purchaseOrderReturn.userErrors.length ?? 0) > 0);
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    expect({ ok: ok.length, refused: refused.length }).toEqual({ ok: 12, refused: 18 });
    for (const r of refused) {
      expect(r.data!.purchaseOrderReturn.userErrors[0]).toMatchObject({ code: 'OVER_RETURN', quantityAvailable: '0' });
    }
    const { purchaseOrder } = await app.ok(PurchaseOrderReturnsDocument, { id: po.id });
    expect(purchaseOrder!.lines[0]).toMatchObject({ receivedQuantity: '0', returnedQuantity: '12' });
    expect(purchaseOrder!.returns).toHaveLength(12);
    expect(await h.level('CONC-RTS', 'LYO')).toMatchObject({ onHand: '0' });
    // Each unit left at 2.5 and took its GR/IR back: nothing received, nothing owed.
    expect(Number(await books.balance('GRNI')) - grni).toBeCloseTo(30, 6);
    const valued = (await books.valuation('LYO')).lines.find((l) => l.product.sku === 'CONC-RTS');
    expect(Number(valued?.value ?? 0)).toBe(0);
    await books.assertBooks(['PAR', 'LYO']);
  });

  it('20 clients crediting 1 each of the 3 billed units sent back: exactly 3 post, the others hold, GR/IR ends at 0', async () => {
    const h = stockHelpers(app);
    const p = purchasingHelpers(app);
    const books = accountingHelpers(app);
    await h.product('CONC-CN');
    const supplier = await p.supplier('CONCCN');
    const po = await p.confirmedOrder(supplier.id, 'PAR', [{ sku: 'CONC-CN', quantity: '5', unitPrice: '4' }]);
    const lineId = po.lines[0].id;
    const grni = Number(await books.balance('GRNI'));
    await app.ok(PurchaseOrderReceiveDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '5' }] },
    });
    const { vendorBillCreate } = await app.ok(VendorBillCreateDocument, {
      input: {
        supplierId: supplier.id,
        reference: 'CONC-CN-INV',
        lines: [{ purchaseLineId: lineId, quantity: '5', unitPrice: '4' }],
      },
    });
    expect(vendorBillCreate.vendorBill!.state).toBe('MATCHED');
    const returned = await app.ok(PurchaseOrderReturnDocument, {
      input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '3' }], reason: 'wrong size' },
    });
    expect(returned.purchaseOrderReturn.supplierReturn!.creditStatus).toBe('TO_CREDIT');
    const returnId = returned.purchaseOrderReturn.supplierReturn!.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(VendorCreditNoteCreateDocument, {
          input: {
            supplierId: supplier.id,
            reference: `CONC-CN-${i}`,
            returnId,
            lines: [{ purchaseLineId: lineId, quantity: '1' }],
            idempotencyKey: `conc-cn-${i}`,
          },
        }),
      ),
    );
    expect(results.filter((r) => r.errors && !rolledBack(r)).map((r) => r.errors)).toEqual([]);
    const states = results.flatMap((r) => (r.data ? [r.data.vendorCreditNoteCreate.creditNote!.state] : []));
    expect(states.filter((s) => s === 'MATCHED')).toHaveLength(3);
    expect(states.filter((s) => s !== 'MATCHED').every((s) => s === 'ON_HOLD')).toBe(true);
    const { purchaseOrder } = await app.ok(PurchaseOrderReturnsDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({
      lines: [{ receivedQuantity: '2', billedQuantity: '2' }],
      returns: [{ creditStatus: 'CREDITED' }],
    });
    // Received, billed, sent back and credited: nothing left in GR/IR for this order.
    expect(Number(await books.balance('GRNI')) - grni).toBeCloseTo(0, 6);
    await books.assertBooks(['PAR', 'LYO']);
  });
});
