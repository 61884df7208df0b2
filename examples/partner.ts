import { randomUUID } from 'node:crypto';
import { apiKeyFromEnv, clientFromEnv, type StocklineClient } from './client';
import {
  PartnerConfirmOrderDocument,
  PartnerCreateOrderDocument,
  PartnerCreateSupplierDocument,
  PartnerFindSupplierDocument,
  PartnerReceiveOrderDocument,
  PartnerStockDocument,
} from './generated/graphql';

/**
 * A partner integration (a supplier portal or an EDI bridge): create a purchase order, confirm
 * it (its lines become `incoming`), then receive the goods (they become `onHand`). Every
 * document-creating call carries an idempotency key, so a retry never orders twice.
 *
 *   npm start                  # API with the demo data
 *   npm run example:partner    # STOCKLINE_URL; STOCKLINE_API_KEY (default: the development key)
 */
export async function runPartner(
  client: StocklineClient,
  options: { sku?: string; warehouseCode?: string; quantity?: string; log?: (line: string) => void } = {},
) {
  const sku = options.sku ?? 'BEV-JUICE-100';
  const warehouseCode = options.warehouseCode ?? 'PAR';
  const quantity = options.quantity ?? '48';
  const log = options.log ?? console.log;
  const run = randomUUID();
  const fail = (what: string, errors: { code: string; message: string }[]) => {
    if (errors.length) throw new Error(`${what} refused: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  };

  const found = await client.request(PartnerFindSupplierDocument, { search: 'EXAMPLE-SUPPLIER' });
  let supplierId = found.suppliers.edges.find((e) => e.node.code === 'EXAMPLE-SUPPLIER')?.node.id;
  if (!supplierId) {
    const { supplierCreate } = await client.request(PartnerCreateSupplierDocument, {
      input: { code: 'EXAMPLE-SUPPLIER', name: 'Example Supplier Ltd', currency: 'EUR' },
    });
    fail('supplierCreate', supplierCreate.userErrors);
    supplierId = supplierCreate.supplier!.id;
    log(`supplier EXAMPLE-SUPPLIER created`);
  }

  const stock = async () => {
    const { stockLevels } = await client.request(PartnerStockDocument, {
      skus: [sku],
      warehouseCodes: [warehouseCode],
    });
    return stockLevels[0];
  };
  const start = await stock();
  log(`${sku} at ${warehouseCode}: onHand ${start.onHand}, incoming ${start.incoming}`);

  const { purchaseOrderCreate } = await client.request(PartnerCreateOrderDocument, {
    input: {
      supplierId,
      warehouseCode,
      lines: [{ sku, quantity, unitPrice: '0.80' }],
      idempotencyKey: `po-${run}`,
    },
  });
  fail('purchaseOrderCreate', purchaseOrderCreate.userErrors);
  const order = purchaseOrderCreate.purchaseOrder!;
  log(`purchase order ${order.name}: ${order.state}, ${order.amountTotal} ${order.currency}`);

  const { purchaseOrderConfirm } = await client.request(PartnerConfirmOrderDocument, {
    input: { purchaseOrderId: order.id, idempotencyKey: `po-confirm-${run}` },
  });
  fail('purchaseOrderConfirm', purchaseOrderConfirm.userErrors);
  const confirmed = await stock();
  log(`confirmed (${purchaseOrderConfirm.purchaseOrder!.state}): incoming ${confirmed.incoming}`);

  const { purchaseOrderReceive } = await client.request(PartnerReceiveOrderDocument, {
    input: {
      purchaseOrderId: order.id,
      lines: order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity })),
      idempotencyKey: `grn-${run}`,
    },
  });
  fail('purchaseOrderReceive', purchaseOrderReceive.userErrors);
  const received = purchaseOrderReceive.purchaseOrder!;
  log(
    `received into ${purchaseOrderReceive.receipt?.moves.map((m) => `${m.destination.fullName} ${m.quantity}`).join(', ')}: ${received.state}`,
  );
  const end = await stock();
  log(`${sku} at ${warehouseCode}: onHand ${end.onHand}, incoming ${end.incoming}`);
  return { orderId: order.id, state: received.state, before: start, confirmed, after: end };
}

if (require.main === module) {
  if (!apiKeyFromEnv(process.env.STOCKLINE_URL ?? 'http://localhost:4000/graphql')) {
    // Anonymous callers are at most a storefront: suppliers and purchase orders need a BUYER.
    console.error(
      'example:partner needs an API key with the BUYER (or ADMIN) role: set STOCKLINE_API_KEY, or start the API ' +
        'on this machine first (`npm start` in development keeps its ADMIN key in .data/dev-admin-key).',
    );
    process.exit(1);
  }
  const client = clientFromEnv();
  runPartner(client)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => client.close());
}
