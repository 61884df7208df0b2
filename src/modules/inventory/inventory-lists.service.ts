import type { FilterQuery } from '@mikro-orm/core';
import { asSubquery, type PageArgs, paginate } from '../../graphql/connection';
import { isUuid } from '../../graphql/problems';
import type { ServiceContext } from '../../graphql/service-context';
import { TransferState } from './inventory.enums';
import { InventoryCount } from './inventory-count.entity';
import type { InventoryCountFilterInput, TransferFilterInput } from './stock.types';
import { Transfer } from './transfer.entity';

/** An id argument that is not a uuid matches nothing (like an unknown one), rather than failing. */
const idOrNone = (id: string) => (isUuid(id) ? id : null);

/**
 * The transfers an internal frontend looks for, newest first: e.g. the done receipts of a
 * supplier or of one purchase order, to allocate a landed cost to.
 */
export async function listTransfers(sc: ServiceContext, filter: TransferFilterInput | undefined, page: PageArgs) {
  const where: FilterQuery<Transfer> = { company: sc.companyId };
  const and: FilterQuery<Transfer>[] = [];
  if (filter?.types?.length) where.type = { $in: filter.types };
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.warehouseCode) {
    const code = filter.warehouseCode.toUpperCase();
    and.push({ $or: [{ warehouse: { code } }, { destinationWarehouse: { code } }] });
  }
  if (filter?.warehouseId) {
    const id = idOrNone(filter.warehouseId);
    and.push({ $or: [{ warehouse: id }, { destinationWarehouse: id }] });
  }
  if (filter?.supplierId || filter?.purchaseOrderId) {
    // The receipts of purchase orders: their moves receive the orders' lines.
    const receipts = sc.em
      .createQueryBuilder('PurchaseLineMove', 'plm')
      .select('m.transfer')
      .join('plm.move', 'm')
      .join('plm.line', 'pl')
      .join('pl.order', 'po')
      .where({ 'plm.company': sc.companyId });
    if (filter.supplierId) receipts.andWhere({ 'po.supplier': idOrNone(filter.supplierId) });
    if (filter.purchaseOrderId) receipts.andWhere({ 'po.id': idOrNone(filter.purchaseOrderId) });
    and.push({ id: { $in: asSubquery(receipts.getKnexQuery()) } });
  }
  if (filter?.referenceDocumentUri) where.referenceDocumentUri = filter.referenceDocumentUri;
  if (filter?.name) where.name = filter.name;
  if (filter?.from) and.push({ createdAt: { $gte: filter.from } });
  if (filter?.to) and.push({ createdAt: { $lte: filter.to } });
  if (filter?.doneFrom || filter?.doneTo) {
    and.push({ state: TransferState.DONE });
    if (filter.doneFrom) and.push({ doneAt: { $gte: filter.doneFrom } });
    if (filter.doneTo) and.push({ doneAt: { $lte: filter.doneTo } });
  }
  if (filter?.backorder != null) where.backorderOf = filter.backorder ? { $ne: null } : null;
  if (filter?.backorderOfId) and.push({ backorderOf: idOrNone(filter.backorderOfId) });
  if (and.length) where.$and = and;
  return paginate(sc.em, Transfer, where, { createdAt: 'desc' }, page);
}

/** Inventory counts, newest first: e.g. those awaiting approval (TO_APPROVE) in one warehouse. */
export async function listInventoryCounts(
  sc: ServiceContext,
  filter: InventoryCountFilterInput | undefined,
  page: PageArgs,
) {
  const where: FilterQuery<InventoryCount> = { company: sc.companyId };
  const and: FilterQuery<InventoryCount>[] = [];
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.warehouseCode) and.push({ warehouse: { code: filter.warehouseCode.toUpperCase() } });
  if (filter?.warehouseId) and.push({ warehouse: idOrNone(filter.warehouseId) });
  if (filter?.from) and.push({ createdAt: { $gte: filter.from } });
  if (filter?.to) and.push({ createdAt: { $lte: filter.to } });
  if (and.length) where.$and = and;
  return paginate(sc.em, InventoryCount, where, { createdAt: 'desc' }, page);
}
