import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { CostingMethod, ProductTracking } from '../modules/catalog/catalog.enums';
import { createProduct, createProductCategory, createUom } from '../modules/catalog/catalog.service';
import { Uom, UomCategory } from '../modules/catalog/uom.entity';
import { setUpCompany } from './company-setup';
import { createWarehouse } from '../modules/inventory/warehouse.service';
import type { ServiceContext } from '../domain/service-context';
import { TransferType } from '../modules/inventory/inventory.enums';
import type { TransferLineInput } from '../modules/inventory/inventory.inputs';
import { createTransfer, validateTransfer } from '../modules/inventory/transfer.service';
import { createChannel } from '../modules/reservations/channel.service';
import { createReservation } from '../modules/reservations/reservation-create.service';
import { confirmPurchaseOrder, createPurchaseOrder } from '../modules/purchasing/purchase-order.service';
import { setReorderRule } from '../modules/purchasing/replenishment.service';
import { createSupplier, setSupplierPrice } from '../modules/purchasing/supplier.service';

/** A small distributor: 2 warehouses and 20 products in several units, so the first query shows something real. */
export class DemoSeeder extends Seeder {
  async run(em: EntityManager): Promise<void> {
    const company = await setUpCompany(em, { code: 'DEMO', name: 'Demo Distribution Co.', currency: 'EUR' });
    const sc = { em, companyId: company.id, actor: 'system' };

    await createWarehouse(sc, {
      code: 'PAR',
      name: 'Paris central warehouse',
      timeZone: 'Europe/Paris',
      address: { street: '12 rue des Entrepôts', city: 'Paris', postalCode: '75019', country: 'FR' },
    });
    await createWarehouse(sc, {
      code: 'LYO',
      name: 'Lyon regional warehouse',
      timeZone: 'Europe/Paris',
      address: { street: '4 quai Rambaud', city: 'Lyon', postalCode: '69002', country: 'FR' },
    });

    const unitCategory = await em.findOneOrFail(UomCategory, { company, name: 'Unit' });
    await createUom(sc, { categoryId: unitCategory.id, name: 'Box of 6', factor: '6' });
    const uom = async (name: string) => (await em.findOneOrFail(Uom, { company, name })).id;
    // One after the other: the seeder's transaction is one connection, which must not be sent a
    // query while another runs (pg 9 will refuse it).
    const unit = await uom('Unit');
    const kg = await uom('kg');
    const litre = await uom('L');
    const metre = await uom('m');
    const dozen = await uom('Dozen');

    const beverages = await createProductCategory(sc, { name: 'Beverages', costingMethod: CostingMethod.FIFO });
    const hardware = await createProductCategory(sc, { name: 'Hardware', costingMethod: CostingMethod.AVERAGE });
    const electronics = await createProductCategory(sc, { name: 'Electronics', costingMethod: CostingMethod.FIFO });
    const bulk = await createProductCategory(sc, { name: 'Bulk goods', costingMethod: CostingMethod.AVERAGE });

    const products: [sku: string, name: string, uomId: string, categoryId: string, extra?: object][] = [
      ['BEV-COLA-033', 'Cola can 33 cl', unit, beverages.id, { barcode: '3000000000011' }],
      ['BEV-WATER-150', 'Still water 1.5 L', unit, beverages.id, { barcode: '3000000000028' }],
      ['BEV-JUICE-100', 'Orange juice 1 L', unit, beverages.id],
      ['BEV-COFFEE-1KG', 'Coffee beans', kg, beverages.id, { tracking: ProductTracking.LOT }],
      ['BEV-OLIVE-OIL', 'Olive oil (bulk)', litre, beverages.id, { tracking: ProductTracking.LOT }],
      ['BEV-EGGS', 'Free-range eggs', dozen, beverages.id],
      ['HW-SCREW-M4', 'Screw M4 x 20', unit, hardware.id],
      ['HW-BOLT-M8', 'Bolt M8 x 40', unit, hardware.id],
      ['HW-CABLE-CU', 'Copper cable 2.5 mm2', metre, hardware.id],
      ['HW-ROPE-10', 'Nylon rope 10 mm', metre, hardware.id],
      ['HW-PAINT-WHT', 'White paint', litre, hardware.id],
      ['HW-DRILL-18V', 'Cordless drill 18 V', unit, hardware.id, { tracking: ProductTracking.SERIAL }],
      [
        'EL-PHONE-X1',
        'Smartphone X1',
        unit,
        electronics.id,
        { tracking: ProductTracking.SERIAL, requiresInspection: true },
      ],
      ['EL-CHARGER-65', 'USB-C charger 65 W', unit, electronics.id],
      ['EL-CABLE-USBC', 'USB-C cable 1 m', unit, electronics.id],
      ['EL-HEADSET', 'Wireless headset', unit, electronics.id, { requiresInspection: true }],
      ['EL-BATTERY-AA', 'AA batteries', unit, electronics.id, { tracking: ProductTracking.LOT }],
      ['BULK-RICE', 'Basmati rice', kg, bulk.id, { tracking: ProductTracking.LOT }],
      ['BULK-FLOUR', 'Wheat flour', kg, bulk.id],
      ['BULK-SUGAR', 'Cane sugar', kg, bulk.id],
    ];
    for (const [sku, name, uomId, categoryId, extra] of products) {
      await createProduct(sc, { sku, name, uomId, categoryId, ...extra });
    }
    await this.openingStock(sc);
    await this.channelsAndReservations(sc);
    await this.purchasing(sc, { boxOf6: await uom('Box of 6'), litre, metre });
  }

  /** Two suppliers with prices and lead times, open orders (future receipts in ATP), reorder rules. */
  private async purchasing(sc: ServiceContext, uoms: { boxOf6: string; litre: string; metre: string }): Promise<void> {
    const drinks = await createSupplier(sc, { code: 'BEVCO', name: 'Beverage Co.', email: 'orders@bevco.example' });
    const tools = await createSupplier(sc, {
      code: 'TOOLSUP',
      name: 'Tool Supplies GmbH',
      email: 'po@toolsup.example',
    });
    const price = (supplierId: string, sku: string, unitPrice: string, extra: object) =>
      setSupplierPrice(sc, { supplierId, sku, unitPrice, preferred: true, ...extra });
    await price(drinks.id, 'BEV-JUICE-100', '5.40', { purchaseUomId: uoms.boxOf6, minQuantity: '10', leadTimeDays: 4 });
    await price(drinks.id, 'BEV-WATER-150', '0.35', { minQuantity: '120', leadTimeDays: 3 });
    await price(tools.id, 'HW-PAINT-WHT', '6.50', { purchaseUomId: uoms.litre, minQuantity: '20', leadTimeDays: 10 });
    await price(tools.id, 'HW-ROPE-10', '1.20', { purchaseUomId: uoms.metre, leadTimeDays: 7, supplierSku: 'NYL-10' });
    await setSupplierPrice(sc, { supplierId: tools.id, sku: 'BEV-WATER-150', unitPrice: '0.40', leadTimeDays: 5 });

    const order = async (supplierId: string, warehouseCode: string, lines: { sku: string; quantity: string }[]) => {
      const po = await createPurchaseOrder(sc, { supplierId, warehouseCode, lines });
      await confirmPurchaseOrder(sc, { purchaseOrderId: po.id });
    };
    // 20 boxes of juice (120 units) due at PAR in 4 days; 40 L of paint due at LYO in 10.
    await order(drinks.id, 'PAR', [{ sku: 'BEV-JUICE-100', quantity: '20' }]);
    await order(tools.id, 'LYO', [{ sku: 'HW-PAINT-WHT', quantity: '40' }]);

    const rule = (sku: string, warehouseCode: string, minQuantity: string, maxQuantity: string, multiple?: string) =>
      setReorderRule(sc, { sku, warehouseCode, minQuantity, maxQuantity, multiple });
    await rule('BEV-JUICE-100', 'PAR', '150', '300', '6');
    await rule('BEV-WATER-150', 'LYO', '200', '400', '12');
    await rule('BEV-WATER-150', 'PAR', '100', '300');
    await rule('HW-PAINT-WHT', 'LYO', '60', '150');
    await rule('HW-ROPE-10', 'LYO', '100', '500', '10');
  }

  /** Two channels with their warehouse priorities, and a few carts holding stock. */
  private async channelsAndReservations(sc: ServiceContext): Promise<void> {
    await createChannel(sc, { code: 'web', name: 'Web shop', warehouseCodes: ['PAR', 'LYO'] });
    await createChannel(sc, { code: 'marketplace', name: 'Marketplace', warehouseCodes: ['LYO', 'PAR'], buffer: '5' });
    const reserve = (
      reference: string,
      channel: string,
      lines: { sku: string; quantity: string }[],
      ttlSeconds?: number,
    ) => createReservation(sc, { reference, channel, lines, ttlSeconds });
    await reserve('web-cart-1001', 'web', [
      { sku: 'BEV-COLA-033', quantity: '24' },
      { sku: 'EL-CHARGER-65', quantity: '2' },
    ]);
    await reserve('web-cart-1002', 'web', [{ sku: 'HW-SCREW-M4', quantity: '200' }], 86_400);
    await reserve('mkp-order-77', 'marketplace', [{ sku: 'BEV-WATER-150', quantity: '12' }]);
  }

  /**
   * Opening stock posted as opening receipts with their purchase cost (against opening balance
   * equity: no supplier will invoice it), so the ledger holds it and the
   * books value it through the same automatic postings as any receipt; plus goods in transit
   * and in quality hold.
   */
  private async openingStock(sc: ServiceContext): Promise<void> {
    const receipt = (warehouseCode: string, lines: TransferLineInput[]) =>
      createTransfer(sc, {
        type: TransferType.RECEIPT,
        warehouseCode,
        lines,
        validate: true,
        referenceDocumentUri: 'opening-stock',
        opening: true,
      });
    const serials = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
    await receipt('PAR', [
      { sku: 'BEV-COLA-033', quantity: '480', unitCost: '0.32' },
      { sku: 'BEV-WATER-150', quantity: '360', unitCost: '0.21' },
      { sku: 'BEV-JUICE-100', quantity: '120', unitCost: '0.95' },
      { sku: 'BEV-COFFEE-1KG', quantity: '85.5', unitCost: '11.4', lot: 'CF-2026-10' },
      { sku: 'BEV-OLIVE-OIL', quantity: '200', unitCost: '6.75', lot: 'OO-2026-09' },
      { sku: 'BEV-EGGS', quantity: '40', unitCost: '3.1' },
      { sku: 'HW-SCREW-M4', quantity: '5000', unitCost: '0.018' },
      { sku: 'HW-BOLT-M8', quantity: '1200', unitCost: '0.11' },
      { sku: 'HW-CABLE-CU', quantity: '750.25', unitCost: '0.86' },
      { sku: 'HW-DRILL-18V', quantity: '5', unitCost: '64', serials: serials('DR18', 5) },
      { sku: 'EL-CHARGER-65', quantity: '64', unitCost: '14.5' },
      { sku: 'EL-CABLE-USBC', quantity: '300', unitCost: '1.9' },
      { sku: 'EL-BATTERY-AA', quantity: '960', unitCost: '0.27', lot: 'AA-2611' },
      { sku: 'BULK-RICE', quantity: '1000', unitCost: '1.65', lot: 'RI-2026-08' },
      { sku: 'BULK-FLOUR', quantity: '750', unitCost: '0.48' },
    ]);
    await receipt('LYO', [
      { sku: 'BEV-COLA-033', quantity: '240', unitCost: '0.34' },
      { sku: 'BEV-WATER-150', quantity: '180', unitCost: '0.22' },
      { sku: 'HW-SCREW-M4', quantity: '2500', unitCost: '0.02' },
      { sku: 'HW-ROPE-10', quantity: '400', unitCost: '0.62' },
      { sku: 'HW-PAINT-WHT', quantity: '90', unitCost: '4.8' },
      { sku: 'EL-CHARGER-65', quantity: '32', unitCost: '15.2' },
      { sku: 'BULK-SUGAR', quantity: '600', unitCost: '0.71' },
      { sku: 'BULK-FLOUR', quantity: '250', unitCost: '0.5' },
    ]);
    // Lands in PAR/Quality: these products wait for inspection.
    await receipt('PAR', [
      { sku: 'EL-PHONE-X1', quantity: '3', unitCost: '312', serials: serials('X1', 3) },
      { sku: 'EL-HEADSET', quantity: '25', unitCost: '27.5' },
    ]);
    // Shipped from Paris, arriving in Lyon in two days: in transit at LYO.
    const transfer = await createTransfer(sc, {
      type: TransferType.INTERNAL,
      warehouseCode: 'PAR',
      destinationWarehouseCode: 'LYO',
      expectedDate: new Date(Date.now() + 2 * 86_400_000),
      lines: [
        { sku: 'BEV-COLA-033', quantity: '96' },
        { sku: 'EL-CABLE-USBC', quantity: '50' },
      ],
    });
    await validateTransfer(sc, { transferId: transfer.id }, 'ship');
    // A delivery waiting to be picked: outgoing at PAR.
    await createTransfer(sc, {
      type: TransferType.DELIVERY,
      warehouseCode: 'PAR',
      referenceDocumentUri: 'https://shop.example/orders/1001',
      lines: [{ sku: 'HW-BOLT-M8', quantity: '100' }],
    });
  }
}
