import { PurchaseOrderDocument, PurchaseOrderReceiveDocument } from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { untilSettled } from '../helpers/retry';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

describe('concurrent receipts of one purchase order line', () => {
  it('30 clients receiving 1 each on a line of 12: exactly 12 are received, never more', async () => {
    const h = stockHelpers(app);
    const p = purchasingHelpers(app);
    await h.product('CONC-PO');
    const supplier = await p.supplier('CONCSUP');
    const po = await p.confirmedOrder(supplier.id, 'LYO', [{ sku: 'CONC-PO', quantity: '12', unitPrice: '1' }]);
    const lineId = po.lines[0].id;
    const results = await Promise.all(
      // Each client sends again while the server answers BUSY or TIMEOUT (rolled back), as clients
      // do: every one of the 30 ends received or refused, whatever the machine's load.
      Array.from({ length: 30 }, (_, i) =>
        untilSettled(() =>
          app.gql(PurchaseOrderReceiveDocument, {
            input: { purchaseOrderId: po.id, lines: [{ lineId, quantity: '1' }], idempotencyKey: `conc-${i}` },
          }),
        ),
      ),
    );
    const ok = results.filter((r) => r.data?.purchaseOrderReceive.userErrors.length === 0);
    const refused = results.filter((r) => (r.data?.purchaseOrderReceive.userErrors.length ?? 0) > 0);
    // Any error is named, so a failure says what it was.
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    expect({ ok: ok.length, refused: refused.length }).toEqual({ ok: 12, refused: 18 });
    for (const r of refused) {
      expect(['OVER_RECEIPT', 'INVALID_STATE']).toContain(r.data!.purchaseOrderReceive.userErrors[0].code);
    }
    const { purchaseOrder } = await app.ok(PurchaseOrderDocument, { id: po.id });
    expect(purchaseOrder).toMatchObject({
      state: 'RECEIVED',
      lines: [expect.objectContaining({ receivedQuantity: '12' })],
    });
    expect(await h.level('CONC-PO', 'LYO')).toMatchObject({ onHand: '12', incoming: '0' });
    const [done] = await app.sql<{ n: string }>(
      `select sum(m.quantity)::text n from stock_move m join purchase_line_move l on l.move_id = m.id where l.line_id = $1 and m.state = 'DONE'`,
      [lineId],
    );
    expect(done.n).toBe('12.000000');
  });
});
