import {
  ProductCreateDocument,
  type ProductTracking,
  StockLevelsDocument,
  TransferCreateDocument,
  type TransferLineInput,
  UomsDocument,
  WarehouseDocument,
} from '../generated/graphql';
import type { TestApp } from './test-app';

/** Small fixtures on top of the API, so that tests read as stories. */
export function stockHelpers(app: TestApp) {
  let unitId: string | undefined;
  const uomId = async (name = 'Unit') => {
    const { uoms } = await app.ok(UomsDocument);
    const found = uoms.find((u) => u.name === name)!.id;
    if (name === 'Unit') unitId = found;
    return found;
  };
  return {
    uomId,
    async product(
      sku: string,
      options: { tracking?: ProductTracking; requiresInspection?: boolean; uom?: string } = {},
    ) {
      const { productCreate } = await app.ok(ProductCreateDocument, {
        input: {
          sku,
          name: sku,
          uomId: options.uom ? await uomId(options.uom) : (unitId ?? (await uomId())),
          tracking: options.tracking,
          requiresInspection: options.requiresInspection,
        },
      });
      if (productCreate.userErrors.length) throw new Error(JSON.stringify(productCreate.userErrors));
      return productCreate.product!;
    },
    async receive(warehouseCode: string, lines: TransferLineInput[]) {
      const { transferCreate } = await app.ok(TransferCreateDocument, {
        input: { type: 'RECEIPT', warehouseCode, lines, validate: true },
      });
      if (transferCreate.userErrors.length) throw new Error(JSON.stringify(transferCreate.userErrors));
      return transferCreate.transfer!;
    },
    async deliver(warehouseCode: string, lines: TransferLineInput[]) {
      return (
        await app.ok(TransferCreateDocument, { input: { type: 'DELIVERY', warehouseCode, lines, validate: true } })
      ).transferCreate;
    },
    async level(sku: string, warehouseCode: string) {
      const { stockLevels } = await app.ok(StockLevelsDocument, { skus: [sku], warehouseCodes: [warehouseCode] });
      return stockLevels[0];
    },
    async location(warehouseCode: string, name: string) {
      const { warehouse } = await app.ok(WarehouseDocument, { code: warehouseCode });
      return warehouse!.locations.find((l) => l.fullName === `${warehouseCode}/${name}`)!;
    },
    async moveCount() {
      return Number((await app.sql<{ n: string }>('select count(*) n from stock_move'))[0].n);
    },
    async quantSnapshot() {
      return app.sql('select product_id, location_id, lot, quantity::text from quant order by 1, 2, 3');
    },
  };
}
