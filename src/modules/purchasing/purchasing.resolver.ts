import { partnerSupplierScope, scopedSupplierFilter } from '../../auth/partner-scope';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Decimal, decToString } from '../../db/decimal';
import { ListPageArgs, PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { Transfer } from '../inventory/transfer.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner, SupplierPrice } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import {
  approvePurchaseOrder,
  cancelPurchaseOrder,
  confirmPurchaseOrder,
  createPurchaseOrder,
  findPurchaseOrder,
  listPurchaseOrders,
  reschedulePurchaseOrder,
  updatePurchaseOrder,
} from './purchase-order.service';
import { receivePurchaseOrder } from './purchase-receipt.service';
import { receiptsOf } from './receipt-moves';
import { PurchaseOrderState } from './purchasing.enums';
import {
  PurchaseOrderActionInput,
  PurchaseOrderCreateInput,
  PurchaseOrderFilter,
  PurchaseOrderReceiveInput,
  PurchaseOrderRescheduleInput,
  PurchaseOrderUpdateInput,
  PurchasingSettingsUpdateInput,
  SupplierCreateInput,
  SupplierPriceSetInput,
  SupplierUpdateInput,
  VendorBillApproveInput,
  VendorBillCancelInput,
  VendorBillCreateInput,
  VendorBillFilter,
  VendorBillRejectInput,
} from './purchasing.inputs';
import { PurchasingSettings } from './purchasing-settings.entity';
import {
  BillException,
  PartnerConnection,
  PurchaseOrderConnection,
  PurchaseOrderPayload,
  PurchaseOrderReceivePayload,
  PurchasingSettingsUpdatePayload,
  SupplierCreatePayload,
  SupplierPriceSetPayload,
  SupplierUpdatePayload,
  VendorBillConnection,
  VendorBillPayload,
} from './purchasing.types';
import {
  createSupplier,
  findSupplier,
  listSupplierPrices,
  listSuppliers,
  purchasingSettings,
  setSupplierPrice,
  updatePurchasingSettings,
  updateSupplier,
} from './supplier.service';
import { VendorBill, VendorBillLine } from './vendor-bill.entity';
import {
  approveVendorBill,
  cancelVendorBill,
  createVendorBill,
  findVendorBill,
  listVendorBills,
  rejectVendorBill,
} from './vendor-bill.service';

@Resolver(() => Partner)
export class SupplierResolver {
  @Query(() => PartnerConnection, { description: 'Suppliers of your company, by code.' })
  suppliers(
    @Arg('search', () => String, { nullable: true, description: 'Part of the code or name.' })
    search: string | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listSuppliers(ctx, search, page);
  }

  @Query(() => Partner, { nullable: true, description: 'One supplier by id.' })
  supplier(@Arg('id', () => ID, { description: 'Supplier (partner) id.' }) id: string, @Ctx() ctx: Context) {
    return findSupplier(ctx, id);
  }

  @Query(() => [SupplierPrice], {
    description:
      'Supplier prices, by product SKU then price, one page at a time (`first`, and `after` the id of the last one seen).',
  })
  supplierPrices(
    @Arg('supplierId', () => ID, { nullable: true, description: 'Only this supplier.' }) supplierId: string | undefined,
    @Arg('sku', () => String, { nullable: true, description: 'Only this product.' }) sku: string | undefined,
    @Args() page: ListPageArgs,
    @Ctx() ctx: Context,
  ) {
    return listSupplierPrices(ctx, { supplierId, sku }, page);
  }

  @FieldResolver(() => [SupplierPrice], { description: 'Its price list.' })
  prices(@Root() supplier: Partner, @Ctx() ctx: Context) {
    return listSupplierPrices(ctx, { supplierId: supplier.id });
  }

  @Mutation(() => SupplierCreatePayload, { description: 'Create a supplier (a partner one can order from).' })
  supplierCreate(
    @Arg('input', () => SupplierCreateInput, { description: 'See SupplierCreateInput.' }) input: SupplierCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ supplier: await createSupplier(tx, input) }));
  }

  @Mutation(() => SupplierUpdatePayload, {
    description:
      'Edit a supplier: name, contact, currency, default lead time; `active: false` deactivates it (no new orders or prices, skipped by replenishment).',
  })
  supplierUpdate(
    @Arg('input', () => SupplierUpdateInput, { description: 'See SupplierUpdateInput.' }) input: SupplierUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ supplier: await updateSupplier(tx, input) }));
  }

  @Mutation(() => SupplierPriceSetPayload, {
    description: "Create or update one line (minimum quantity, validFrom) of a supplier's price list for a product.",
  })
  supplierPriceSet(
    @Arg('input', () => SupplierPriceSetInput, { description: 'See SupplierPriceSetInput.' })
    input: SupplierPriceSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ supplierPrice: await setSupplierPrice(tx, input) }));
  }

  @Query(() => PurchasingSettings, { description: "The company's purchasing rules (defaults until changed)." })
  purchasingSettings(@Ctx() ctx: Context) {
    return purchasingSettings(ctx);
  }

  @Mutation(() => PurchasingSettingsUpdatePayload, {
    description: 'Change the approval threshold or the receipt and bill tolerances.',
  })
  purchasingSettingsUpdate(
    @Arg('input', () => PurchasingSettingsUpdateInput, { description: 'See PurchasingSettingsUpdateInput.' })
    input: PurchasingSettingsUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ settings: await updatePurchasingSettings(tx, input) }));
  }
}

@Resolver(() => SupplierPrice)
export class SupplierPriceResolver {
  @FieldResolver(() => Partner, { description: 'The supplier.' })
  supplier(@Root() price: SupplierPrice, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(price.supplier.id);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() price: SupplierPrice, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(price.product.id);
  }

  @FieldResolver(() => Uom, { description: 'The unit the price and minimum are given in.' })
  purchaseUom(@Root() price: SupplierPrice, @Ctx() ctx: Context) {
    return ctx.loaders.uomById.load(price.purchaseUom.id);
  }
}

const order = (kind: string) => ({
  operation: `purchaseOrder${kind}`,
  result: { purchaseOrder: PurchaseOrder },
});

@Resolver(() => PurchaseOrder)
export class PurchaseOrderResolver {
  @Query(() => PurchaseOrderConnection, { description: 'Purchase orders, newest first.' })
  purchaseOrders(
    @Arg('filter', () => PurchaseOrderFilter, { nullable: true, description: 'Which orders.' })
    filter: PurchaseOrderFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const scope = partnerSupplierScope(ctx.auth, 'Query', 'purchaseOrders');
    return listPurchaseOrders(ctx, { ...filter, supplierId: scopedSupplierFilter(scope, filter?.supplierId) }, page);
  }

  @Query(() => PurchaseOrder, { nullable: true, description: 'One purchase order by id.' })
  async purchaseOrder(@Arg('id', () => ID, { description: 'Purchase order id.' }) id: string, @Ctx() ctx: Context) {
    const order = await findPurchaseOrder(ctx, id);
    const scope = partnerSupplierScope(ctx.auth, 'Query', 'purchaseOrder');
    return scope === undefined || order?.supplier.id === scope ? order : null;
  }

  @FieldResolver(() => Partner, { description: 'The supplier.' })
  supplier(@Root() po: PurchaseOrder, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(po.supplier.id);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse receiving the goods.' })
  warehouse(@Root() po: PurchaseOrder, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(po.warehouse.id);
  }

  @FieldResolver(() => [PurchaseOrderLine], { description: 'Its lines, in order.' })
  lines(@Root() po: PurchaseOrder, @Ctx() ctx: Context) {
    return ctx.loaders.purchaseOrderLinesByOrderId.load(po.id);
  }

  @FieldResolver(() => [Transfer], { description: 'Its receipt transfers (the first, then each backorder).' })
  receipts(@Root() po: PurchaseOrder, @Ctx() ctx: Context) {
    return receiptsOf(ctx, po.id);
  }

  @Mutation(() => PurchaseOrderPayload, { description: 'Create a draft purchase order.' })
  purchaseOrderCreate(
    @Arg('input', () => PurchaseOrderCreateInput, { description: 'See PurchaseOrderCreateInput.' })
    input: PurchaseOrderCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await createPurchaseOrder(tx, input) }), {
      ...order('Create'),
      idempotencyKey: input.idempotencyKey,
    });
  }

  @Mutation(() => PurchaseOrderPayload, { description: 'Edit a draft purchase order (optimistic `version`).' })
  purchaseOrderUpdate(
    @Arg('input', () => PurchaseOrderUpdateInput, { description: 'See PurchaseOrderUpdateInput.' })
    input: PurchaseOrderUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await updatePurchaseOrder(tx, input) }));
  }

  @Mutation(() => PurchaseOrderPayload, {
    description:
      "Confirm a draft: above the company's approval threshold it goes TO_APPROVE, otherwise CONFIRMED and its lines become incoming.",
  })
  purchaseOrderConfirm(
    @Arg('input', () => PurchaseOrderActionInput, { description: 'See PurchaseOrderActionInput.' })
    input: PurchaseOrderActionInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await confirmPurchaseOrder(tx, input) }), {
      ...order('Confirm'),
      idempotencyKey: input.idempotencyKey,
    });
  }

  @Mutation(() => PurchaseOrderPayload, {
    description: 'Approve an order waiting for approval (not by its creator): it becomes CONFIRMED.',
  })
  purchaseOrderApprove(
    @Arg('input', () => PurchaseOrderActionInput, { description: 'See PurchaseOrderActionInput.' })
    input: PurchaseOrderActionInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await approvePurchaseOrder(tx, input) }), {
      ...order('Approve'),
      idempotencyKey: input.idempotencyKey,
    });
  }

  @Mutation(() => PurchaseOrderPayload, {
    description: 'Cancel an order nothing was received on; its incoming receipt is cancelled.',
  })
  purchaseOrderCancel(
    @Arg('input', () => PurchaseOrderActionInput, { description: 'See PurchaseOrderActionInput.' })
    input: PurchaseOrderActionInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await cancelPurchaseOrder(tx, input) }), {
      ...order('Cancel'),
      idempotencyKey: input.idempotencyKey,
    });
  }

  @Mutation(() => PurchaseOrderPayload, {
    description: 'Change expected dates of lines; their incoming quantities move in stockLevels and ATP.',
  })
  purchaseOrderReschedule(
    @Arg('input', () => PurchaseOrderRescheduleInput, { description: 'See PurchaseOrderRescheduleInput.' })
    input: PurchaseOrderRescheduleInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ purchaseOrder: await reschedulePurchaseOrder(tx, input) }));
  }

  @Mutation(() => PurchaseOrderReceivePayload, {
    description:
      'Receive goods on a confirmed order: supplier -> WH/Input (WH/Quality for goods needing inspection); the rest stays incoming in a backorder, or is closed with closeShort.',
  })
  purchaseOrderReceive(
    @Arg('input', () => PurchaseOrderReceiveInput, { description: 'See PurchaseOrderReceiveInput.' })
    input: PurchaseOrderReceiveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<PurchaseOrderReceivePayload>(ctx, { input }, (tx) => receivePurchaseOrder(tx, input), {
      operation: 'purchaseOrderReceive',
      idempotencyKey: input.idempotencyKey,
      result: { purchaseOrder: PurchaseOrder, receipt: Transfer, backorder: Transfer },
    });
  }
}

@Resolver(() => PurchaseOrderLine)
export class PurchaseOrderLineResolver {
  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: PurchaseOrderLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }

  @FieldResolver(() => Uom, { description: 'The unit of `quantity` and `unitPrice`.' })
  uom(@Root() line: PurchaseOrderLine, @Ctx() ctx: Context) {
    return ctx.loaders.uomById.load(line.uom.id);
  }

  @FieldResolver(() => DecimalScalar, {
    description: 'Still expected, in the product unit: ordered less received, 0 once closed or not confirmed.',
  })
  async openQuantity(@Root() line: PurchaseOrderLine, @Ctx() ctx: Context) {
    const po = await ctx.loaders.purchaseOrderById.load(line.order.id);
    const open = [PurchaseOrderState.CONFIRMED, PurchaseOrderState.PARTIALLY_RECEIVED].includes(po!.state);
    if (!open || line.closedShort) return '0';
    return decToString(Decimal.max(0, new Decimal(line.productQuantity).minus(line.receivedQuantity)));
  }
}

@Resolver(() => VendorBill)
export class VendorBillResolver {
  @Query(() => VendorBillConnection, { description: 'Vendor bills, newest first.' })
  vendorBills(
    @Arg('filter', () => VendorBillFilter, { nullable: true, description: 'Which bills.' })
    filter: VendorBillFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listVendorBills(ctx, filter, page);
  }

  @Query(() => VendorBill, { nullable: true, description: 'One vendor bill by id.' })
  vendorBill(@Arg('id', () => ID, { description: 'Vendor bill id.' }) id: string, @Ctx() ctx: Context) {
    return findVendorBill(ctx, id);
  }

  @FieldResolver(() => Partner, { description: 'The supplier.' })
  supplier(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(bill.supplier.id);
  }

  @FieldResolver(() => [VendorBillLine], { description: 'Billed lines.' })
  lines(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return ctx.loaders.vendorBillLinesByBillId.load(bill.id);
  }

  @FieldResolver(() => [BillException], { description: 'What failed the three-way match (empty when matched).' })
  exceptions(@Root() bill: VendorBill) {
    return bill.exceptionList;
  }

  @Mutation(() => VendorBillPayload, {
    description: 'Enter a supplier invoice; matched three ways it is posted, otherwise it goes ON_HOLD.',
  })
  vendorBillCreate(
    @Arg('input', () => VendorBillCreateInput, { description: 'See VendorBillCreateInput.' })
    input: VendorBillCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorBill: await createVendorBill(tx, input) }), {
      operation: 'vendorBillCreate',
      idempotencyKey: input.idempotencyKey,
      result: { vendorBill: VendorBill },
    });
  }

  @Mutation(() => VendorBillPayload, { description: 'Release a bill from hold (not by its creator): it is posted.' })
  vendorBillApprove(
    @Arg('input', () => VendorBillApproveInput, { description: 'See VendorBillApproveInput.' })
    input: VendorBillApproveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorBill: await approveVendorBill(tx, input) }), {
      operation: 'vendorBillApprove',
      idempotencyKey: input.idempotencyKey,
      result: { vendorBill: VendorBill },
    });
  }

  @Mutation(() => VendorBillPayload, {
    description:
      'Refuse a bill on hold (REJECTED): nothing is posted and it bills nothing; its reference may be entered again.',
  })
  vendorBillReject(
    @Arg('input', () => VendorBillRejectInput, { description: 'See VendorBillRejectInput.' })
    input: VendorBillRejectInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorBill: await rejectVendorBill(tx, input) }), {
      operation: 'vendorBillReject',
      idempotencyKey: input.idempotencyKey,
      result: { vendorBill: VendorBill },
    });
  }

  @Mutation(() => VendorBillPayload, {
    description:
      'Cancel a posted bill (CANCELLED): a reversing entry takes it out of the books and its quantities stop counting as billed.',
  })
  vendorBillCancel(
    @Arg('input', () => VendorBillCancelInput, { description: 'See VendorBillCancelInput.' })
    input: VendorBillCancelInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorBill: await cancelVendorBill(tx, input) }), {
      operation: 'vendorBillCancel',
      idempotencyKey: input.idempotencyKey,
      result: { vendorBill: VendorBill },
    });
  }
}

@Resolver(() => VendorBillLine)
export class VendorBillLineResolver {
  @FieldResolver(() => PurchaseOrderLine, { description: 'The order line it bills.' })
  async purchaseLine(@Root() line: VendorBillLine, @Ctx() ctx: Context) {
    return ctx.loaders.purchaseOrderLineById.load(line.purchaseLine.id);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: VendorBillLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }
}
