import {
  LocationCreateDocument,
  PurchaseOrderReceiveDocument,
  ScrapDocument,
  TransferCreateDocument,
} from '../generated/graphql';
import { purchasingHelpers } from '../helpers/purchasing';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Goods of a purchase order go back to the supplier only with purchaseOrderReturn (RETURN_ON_ORDER
 * refuses the RETURN_TO_SUPPLIER disposition for them). Checked here: no other stock operation can
 * name the Suppliers location itself and send them there. Virtual locations belong to no warehouse,
 * so a transfer's locations (which must be the warehouse's) and a scrap's source (which must hold
 * stock) refuse it, and no location of type SUPPLIER can be created under a warehouse.
 */
let app: TestApp;
let suppliersId: string;
let stockId: string;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  const h = stockHelpers(app);
  const p = purchasingHelpers(app);
  await h.product('SUPLOC-P');
  const supplierId = (await p.supplier('SUPLOC')).id;
  const po = await p.confirmedOrder(supplierId, 'PAR', [{ sku: 'SUPLOC-P', quantity: '5', unitPrice: '3' }]);
  const { purchaseOrderReceive } = await app.ok(PurchaseOrderReceiveDocument, {
    input: { purchaseOrderId: po.id, lines: [{ lineId: po.lines[0].id, quantity: '5' }] },
  });
  expect(purchaseOrderReceive.userErrors).toEqual([]);
  [{ id: suppliersId }] = await app.sql<{ id: string }>(
    `select id from location where type = 'SUPPLIER' and warehouse_id is null`,
  );
  stockId = (await h.location('PAR', 'Stock')).id;
});
afterAll(() => app.close());

async function books() {
  const [row] = await app.sql(
    `select (select count(*) from stock_move) moves, (select count(*) from journal_entry) entries,
            (select count(*) from transfer) transfers`,
  );
  return row;
}

it.each([
  ['INTERNAL', { destinationLocationId: 'S' }],
  ['INTERNAL', { sourceLocationId: 'T', destinationLocationId: 'S' }],
  ['INTERNAL', { destinationWarehouseCode: 'LYO', destinationLocationId: 'S' }],
  ['RETURN', { destinationLocationId: 'S' }],
  ['RECEIPT', { destinationLocationId: 'S' }],
] as const)(
  'a %s transfer to the Suppliers location itself (%j) is refused and writes nothing',
  async (type, given) => {
    const ids: Record<string, string> = { S: suppliersId, T: stockId };
    const locations = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, k.endsWith('LocationId') ? ids[v] : v]),
    );
    const before = await books();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: {
        type,
        warehouseCode: 'PAR',
        validate: !('destinationWarehouseCode' in given),
        lines: [{ sku: 'SUPLOC-P', quantity: '1' }],
        ...locations,
      },
    });
    expect(transferCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'destinationLocationId'] }),
    ]);
    expect(await books()).toEqual(before);
  },
);

it('a scrap from the Suppliers location, and a SUPPLIER location under a warehouse, are refused', async () => {
  const { scrap } = await app.ok(ScrapDocument, { input: { sku: 'SUPLOC-P', locationId: suppliersId, quantity: '1' } });
  expect(scrap.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'locationId'] })]);
  const { locationCreate } = await app.ok(LocationCreateDocument, {
    input: { parentId: stockId, name: 'Back to supplier', type: 'SUPPLIER' },
  });
  expect(locationCreate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'type'] })]);
});
