import { ProductTracking } from '../catalog/catalog.enums';
import { assertNotCreator } from '../../auth/segregation';
import { countApprovalThreshold } from '../../config/env';
import { Decimal } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { refuseKit } from '../catalog/kit.service';
import { Product } from '../catalog/product.entity';
import { CountState, Disposition } from './inventory.enums';
import { InventoryCount, InventoryCountLine } from './inventory-count.entity';
import type {
  InventoryCountApplyInput,
  InventoryCountRecordInput,
  InventoryCountStartInput,
  QualityReleaseInput,
  SafetyStockSetInput,
  ScrapInput,
} from './inventory.inputs';
import {
  checkTracking,
  locationIn,
  productFor,
  standardLocation,
  virtualLocation,
  warehouseFor,
} from './inventory.lookup';
import { Location } from './location.entity';
import { LocationType, ON_HAND_TYPES } from './location-type.enum';
import { Quant } from './quant.entity';
import { SafetyStock } from './safety-stock.entity';
import { forceOf } from './stock-guard';
import { postMoves } from './stock-ledger.service';
import type { StockMove } from './stock-move.entity';
import { buildMove } from './stock-moves';
import { operationName } from './transfer.service';
import { guardSupplierReturn } from './supplier-return-guard';

async function postSingle(
  sc: ServiceContext,
  spec: Omit<Parameters<typeof buildMove>[1], 'requestedUom' | 'requestedQuantity'>,
  force = false,
): Promise<StockMove> {
  const move = buildMove(sc, { ...spec, requestedQuantity: spec.quantity.toFixed(), requestedUom: spec.product.uom });
  await postMoves(sc, [move], { fieldOf: () => ['input', 'quantity'], force });
  return move;
}

export async function releaseFromQuality(sc: ServiceContext, input: QualityReleaseInput): Promise<StockMove> {
  const product = await productFor(sc, input, ['input']);
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']);
  const quantity = new Decimal(input.quantity);
  checkTracking(product, quantity, input.lot ?? '', ['input']);
  if (input.disposition === Disposition.RETURN_TO_SUPPLIER) {
    await guardSupplierReturn(sc, {
      productId: product.id,
      sku: product.sku,
      warehouseId: warehouse.id,
      warehouseCode: warehouse.code,
      field: ['input', 'disposition'],
    });
  }
  const destination = {
    [Disposition.STOCK]: () => standardLocation(sc, warehouse, 'Stock'),
    [Disposition.DAMAGED]: () => standardLocation(sc, warehouse, 'Damaged'),
    [Disposition.SCRAP]: () => virtualLocation(sc, LocationType.SCRAP),
    [Disposition.RETURN_TO_SUPPLIER]: () => virtualLocation(sc, LocationType.SUPPLIER),
  }[input.disposition];
  return postSingle(sc, {
    product,
    quantity,
    source: await standardLocation(sc, warehouse, 'Quality'),
    destination: await destination(),
    lot: input.lot ?? '',
    reasonCode: `QUALITY_${input.disposition}`,
    reference: operationName(warehouse.code, 'QC'),
  });
}

export async function scrap(sc: ServiceContext, input: ScrapInput): Promise<StockMove> {
  const product = await productFor(sc, input, ['input']);
  const location = await sc.em.findOne(Location, { id: input.locationId, company: sc.companyId });
  if (!location)
    fail(UserErrorCode.NOT_FOUND, ['input', 'locationId'], `input.locationId: no location ${input.locationId}`);
  if (!ON_HAND_TYPES.includes(location.type)) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'locationId'],
      `input.locationId: ${location.fullName} holds no physical stock`,
    );
  }
  const quantity = new Decimal(input.quantity);
  checkTracking(product, quantity, input.lot ?? '', ['input']);
  const force = forceOf(input, ['input']);
  return postSingle(
    sc,
    {
      product,
      quantity,
      source: location,
      destination: await virtualLocation(sc, LocationType.SCRAP),
      lot: input.lot ?? '',
      reasonCode: input.reasonCode ?? 'SCRAP',
      reference: operationName(location.fullName.split('/')[0], 'SCRAP'),
    },
    force,
  );
}

export async function setSafetyStock(sc: ServiceContext, input: SafetyStockSetInput) {
  const product = await productFor(sc, { sku: input.sku }, ['input']);
  await refuseKit(sc, product, ['input', 'sku'], 'safety stock');
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']);
  const existing = await sc.em.findOne(SafetyStock, { product, warehouse });
  if (existing) existing.quantity = input.quantity;
  else
    sc.em.create(SafetyStock, {
      company: sc.em.getReference(Company, sc.companyId),
      product,
      warehouse,
      quantity: input.quantity,
    });
  await sc.em.flush();
  return { product, warehouse };
}

/** Loads a count after locking its row, so that it is applied or approved once. */
export async function loadCount(sc: ServiceContext, id: string, field: string[]): Promise<InventoryCount> {
  await sc.em.execute('select id from inventory_count where id = ? and company_id = ? for update', [id, sc.companyId]);
  const count = await sc.em.findOne(
    InventoryCount,
    { id, company: sc.companyId },
    { populate: ['lines', 'lines.product', 'lines.product.uom', 'lines.location', 'warehouse'] },
  );
  if (!count) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no inventory count ${id}`);
  return count;
}

/** Snapshots what the books say for the counted location (or products) of a warehouse. */
export async function startCount(sc: ServiceContext, input: InventoryCountStartInput): Promise<InventoryCount> {
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode }, ['input', 'warehouseCode']);
  const location = input.locationId ? await locationIn(sc, input.locationId, warehouse, ['input', 'locationId']) : null;
  let productIds: string[] | null = null;
  if (input.skus) {
    const products = await sc.em.find(Product, { company: sc.companyId, sku: { $in: input.skus } });
    const missing = input.skus.filter((sku) => !products.some((p) => p.sku === sku));
    if (missing.length)
      fail(UserErrorCode.NOT_FOUND, ['input', 'skus'], `input.skus: no product ${missing.join(', ')}`);
    productIds = products.map((p) => p.id);
  }
  const count = sc.em.create(InventoryCount, {
    company: sc.em.getReference(Company, sc.companyId),
    name: operationName(warehouse.code, 'COUNT'),
    warehouse,
    state: CountState.IN_PROGRESS,
    createdBy: sc.actor,
  });
  const quants = await sc.em.find(
    Quant,
    {
      company: sc.companyId,
      warehouse,
      location: location ? location : { type: { $in: [...ON_HAND_TYPES] } },
      ...(productIds ? { product: { $in: productIds } } : {}),
      quantity: { $ne: '0' },
    },
    { orderBy: { product: { sku: 'asc' }, location: { fullName: 'asc' }, lot: 'asc' } },
  );
  for (const quant of quants) {
    sc.em.create(InventoryCountLine, {
      company: count.company,
      count,
      product: quant.product,
      location: quant.location,
      lot: quant.lot,
      expectedQuantity: quant.quantity,
    });
  }
  await sc.em.flush();
  return count;
}

export async function recordCount(sc: ServiceContext, input: InventoryCountRecordInput): Promise<InventoryCount> {
  const count = await loadCount(sc, input.countId, ['input', 'countId']);
  if (count.state !== CountState.IN_PROGRESS) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'countId'],
      `count ${count.name} is ${count.state}; counts can be recorded only while IN_PROGRESS`,
    );
  }
  const warehouse = count.warehouse.getEntity();
  for (const [index, line] of input.lines.entries()) {
    const path = ['input', 'lines', String(index)];
    const product = await productFor(sc, { sku: line.sku }, path);
    const location = await locationIn(sc, line.locationId, warehouse, [...path, 'locationId']);
    const lot = line.lot ?? '';
    // Lot rules only: a counted quantity of 0 is valid, and a serial's bound is checked below.
    if (lot || product.tracking !== ProductTracking.NONE) checkTracking(product, new Decimal(1), lot, path);
    if (product.tracking === ProductTracking.SERIAL && new Decimal(line.countedQuantity).gt(1)) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'countedQuantity'],
        `${path.join('.')}.countedQuantity: a serial number counts 0 or 1`,
      );
    }
    let target = count.lines
      .getItems()
      .find((l) => l.product.id === product.id && l.location.id === location.id && l.lot === lot);
    if (!target) {
      target = sc.em.create(InventoryCountLine, {
        company: count.company,
        count,
        product,
        location,
        lot,
        expectedQuantity: '0',
      });
      count.lines.add(target);
    }
    target.countedQuantity = line.countedQuantity;
  }
  await sc.em.flush();
  return count;
}

/** Posts the variances (counted minus what the books hold now) as moves to or from inventory loss. */
async function postVariances(sc: ServiceContext, count: InventoryCount): Promise<void> {
  const loss = await virtualLocation(sc, LocationType.INVENTORY_LOSS);
  const moves: StockMove[] = [];
  for (const line of count.lines.getItems().filter((l) => l.countedQuantity != null)) {
    const [current] = await sc.em.execute<{ quantity: string }[]>(
      'select quantity from quant where product_id = ? and location_id = ? and lot = ? for update',
      [line.product.id, line.location.id, line.lot],
    );
    const variance = new Decimal(line.countedQuantity!).minus(current?.quantity ?? 0);
    if (variance.isZero()) continue;
    const location = line.location.getEntity();
    moves.push(
      buildMove(sc, {
        product: line.product.getEntity(),
        quantity: variance.abs(),
        requestedQuantity: variance.abs().toFixed(),
        requestedUom: line.product.getEntity().uom,
        source: variance.isPositive() ? loss : location,
        destination: variance.isPositive() ? location : loss,
        lot: line.lot,
        reasonCode: count.reasonCode ?? 'COUNT',
        reference: count.name,
      }),
    );
  }
  await postMoves(sc, moves, { force: count.acceptShortage });
  count.state = CountState.DONE;
}

export function countVariance(lines: InventoryCountLine[]): Decimal {
  return lines
    .filter((l) => l.countedQuantity != null)
    .reduce((sum, l) => sum.plus(new Decimal(l.countedQuantity!).minus(l.expectedQuantity).abs()), new Decimal(0));
}

export async function applyCount(sc: ServiceContext, input: InventoryCountApplyInput): Promise<InventoryCount> {
  const count = await loadCount(sc, input.countId, ['input', 'countId']);
  if (count.state !== CountState.IN_PROGRESS) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'countId'],
      `count ${count.name} is ${count.state}; only a count IN_PROGRESS can be applied`,
    );
  }
  count.acceptShortage = forceOf(input, ['input']);
  count.reasonCode = input.reasonCode ?? 'COUNT';
  const variance = countVariance(count.lines.getItems());
  if (variance.gt(countApprovalThreshold())) {
    count.state = CountState.TO_APPROVE;
  } else {
    await postVariances(sc, count);
  }
  await sc.em.flush();
  return count;
}

export async function approveCount(sc: ServiceContext, countId: string): Promise<InventoryCount> {
  const count = await loadCount(sc, countId, ['input', 'countId']);
  if (count.state !== CountState.TO_APPROVE) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'countId'],
      `count ${count.name} is ${count.state}; only a count TO_APPROVE can be approved`,
    );
  }
  assertNotCreator(sc, count.createdBy, `count ${count.name}`, ['input', 'countId']);
  count.approvedBy = sc.actor;
  count.approvedAt = new Date();
  await postVariances(sc, count);
  await sc.em.flush();
  return count;
}
