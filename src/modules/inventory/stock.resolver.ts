import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { InventoryCount, InventoryCountLine } from './inventory-count.entity';
import {
  InventoryCountApplyInput,
  InventoryCountRecordInput,
  InventoryCountStartInput,
  QualityReleaseInput,
  SafetyStockSetInput,
  ScrapInput,
  TransferCreateInput,
  TransferValidateInput,
} from './inventory.inputs';
import { Location } from './location.entity';
import { Quant } from './quant.entity';
import { StockLevel, StockReconcileReport, StockShortage } from './stock-level.types';
import {
  listMoves,
  listQuants,
  lotTrace,
  reconcile,
  stockLevels,
  stockOnHandAt,
  stockShortages,
} from './stock-level.service';
import { StockMove } from './stock-move.entity';
import {
  applyCount,
  approveCount,
  countVariance,
  recordCount,
  releaseFromQuality,
  scrap,
  setSafetyStock,
  startCount,
} from './stock-operations.service';
import {
  InventoryCountPayload,
  LotTrace,
  QualityReleasePayload,
  QuantConnection,
  QuantFilterInput,
  SafetyStockSetPayload,
  ScrapPayload,
  StockMoveConnection,
  StockMoveFilterInput,
  TransferCancelPayload,
  TransferConnection,
  TransferCreatePayload,
  TransferFilterInput,
  TransferProcessPayload,
} from './stock.types';
import { Transfer } from './transfer.entity';
import { cancelTransfer, createTransfer, listTransfers, validateTransfer } from './transfer.service';
import { Warehouse } from './warehouse.entity';
import { Decimal, decToString } from '../../db/decimal';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { isUuid } from '../../graphql/problems';

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @Query(() => [StockLevel], {
    description:
      'Stock figures per product x warehouse. With skus or productIds: every pair asked; without: the pairs with stock or open moves.',
  })
  stockLevels(
    @Arg('skus', () => [String], { nullable: true, description: 'Only these SKUs.' }) skus: string[] | undefined,
    @Arg('productIds', () => [ID], { nullable: true, description: 'Only these products.' })
    productIds: string[] | undefined,
    @Arg('warehouseIds', () => [ID], { nullable: true, description: 'Only these warehouses.' })
    warehouseIds: string[] | undefined,
    @Arg('warehouseCodes', () => [String], { nullable: true, description: 'Only these warehouses (codes).' })
    warehouseCodes: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    // Past MAX_STOCK_LEVEL_ROWS it refuses: a client error naming the field, not an internal one.
    return stockLevels(ctx, { skus, productIds, warehouseIds, warehouseCodes }).catch(rethrowAsGraphQL);
  }

  @Query(() => DecimalScalar, {
    description: 'On hand of a product in a warehouse at a past instant, rebuilt from done moves.',
  })
  stockOnHandAt(
    @Arg('sku', { description: 'Product SKU.' }) sku: string,
    @Arg('warehouseCode', { description: 'Warehouse code.' }) warehouseCode: string,
    @Arg('at', () => Date, { description: 'The instant.' }) at: Date,
    @Ctx() ctx: Context,
  ) {
    return ctx.em.transactional((em) => stockOnHandAt({ ...ctx, em }, sku, warehouseCode, at)).catch(rethrowAsGraphQL);
  }

  @Query(() => StockReconcileReport, {
    description: "Rebuild a product's quants from its done moves and report every difference (should be none).",
  })
  stockReconcile(
    @Arg('sku', { description: 'Product SKU.' }) sku: string,
    @Arg('warehouseCode', () => String, { nullable: true, description: 'Limit the report to one warehouse.' })
    warehouseCode: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return reconcile(ctx, sku, warehouseCode).catch(rethrowAsGraphQL);
  }

  @Query(() => [StockShortage], {
    description:
      'Every product x warehouse whose reservations or confirmed deliveries are not covered by the pickable stock: reservations made SHORT by a loss accepted with force, and holds beyond the pickable stock (a deactivated warehouse, a loss). Empty when every hold can be served.',
  })
  stockShortages(
    @Arg('skus', () => [String], { nullable: true, description: 'Only these SKUs.' }) skus: string[] | undefined,
    @Arg('warehouseCodes', () => [String], { nullable: true, description: 'Only these warehouses (codes).' })
    warehouseCodes: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return stockShortages(ctx, { skus, warehouseCodes }).catch(rethrowAsGraphQL);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() level: StockLevel, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(level.productId);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse.' })
  warehouse(@Root() level: StockLevel, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(level.warehouseId);
  }

  @Mutation(() => SafetyStockSetPayload, {
    description: 'Set the quantity kept back from sale for a product in a warehouse.',
  })
  safetyStockSet(
    @Arg('input', () => SafetyStockSetInput, { description: 'See SafetyStockSetInput.' }) input: SafetyStockSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => {
      await setSafetyStock(tx, input);
      const [stockLevel] = await stockLevels(tx, { skus: [input.sku], warehouseCodes: [input.warehouseCode] });
      return { stockLevel };
    });
  }
}

@Resolver(() => Quant)
export class QuantResolver {
  @Query(() => QuantConnection, { description: 'Quants (quantity per product, location and lot), paginated.' })
  quants(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => QuantFilterInput, { nullable: true, description: 'Narrow the list.' })
    filter: QuantFilterInput | undefined,
    @Ctx() ctx: Context,
  ) {
    return listQuants(ctx, filter, page);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() quant: Quant, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(quant.product.id);
  }

  @FieldResolver(() => Location, { description: 'The location.' })
  location(@Root() quant: Quant, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(quant.location.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Lot or serial; null when untracked.' })
  lot(@Root() quant: Quant) {
    return quant.lot || null;
  }
}

@Resolver(() => StockMove)
export class StockMoveResolver {
  @Query(() => StockMoveConnection, { description: 'Stock moves, newest first, paginated.' })
  stockMoves(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StockMoveFilterInput, { nullable: true, description: 'Narrow the list.' })
    filter: StockMoveFilterInput | undefined,
    @Ctx() ctx: Context,
  ) {
    return listMoves(ctx, filter, page);
  }

  @Query(() => LotTrace, {
    description: 'Every done move of a lot or serial, in order, and where its quantity is now.',
  })
  lotTrace(
    @Arg('lot', { description: 'Lot or serial number.' }) lot: string,
    @Arg('sku', () => String, { nullable: true, description: 'Product SKU, when several products share lot numbers.' })
    sku: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return lotTrace(ctx, lot, sku).catch(rethrowAsGraphQL);
  }

  @FieldResolver(() => Product, { description: 'The product moved.' })
  product(@Root() move: StockMove, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(move.product.id);
  }

  @FieldResolver(() => Uom, { description: 'Unit of `requestedQuantity`.' })
  requestedUom(@Root() move: StockMove, @Ctx() ctx: Context) {
    return ctx.loaders.uomById.load(move.requestedUom.id);
  }

  @FieldResolver(() => Location, { description: 'Where the goods come from.' })
  source(@Root() move: StockMove, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(move.source.id);
  }

  @FieldResolver(() => Location, { description: 'Where the goods go.' })
  destination(@Root() move: StockMove, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(move.destination.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Lot or serial; null when untracked.' })
  lot(@Root() move: StockMove) {
    return move.lot || null;
  }

  @FieldResolver(() => Transfer, { nullable: true, description: 'The transfer it belongs to, if any.' })
  transfer(@Root() move: StockMove, @Ctx() ctx: Context) {
    return move.transfer ? ctx.loaders.transferById.load(move.transfer.id) : null;
  }

  @Mutation(() => QualityReleasePayload, {
    description: 'Release goods from quality hold to stock, damaged, scrap or back to the supplier.',
  })
  qualityRelease(
    @Arg('input', () => QualityReleaseInput, { description: 'See QualityReleaseInput.' }) input: QualityReleaseInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ move: await releaseFromQuality(tx, input) }), {
      operation: 'qualityRelease',
      idempotencyKey: input.idempotencyKey,
      result: { move: StockMove },
    });
  }

  @Mutation(() => ScrapPayload, { description: 'Scrap goods from a location.' })
  scrap(@Arg('input', () => ScrapInput, { description: 'See ScrapInput.' }) input: ScrapInput, @Ctx() ctx: Context) {
    return runMutation(ctx, { input }, async (tx) => ({ move: await scrap(tx, input) }), {
      operation: 'scrap',
      idempotencyKey: input.idempotencyKey,
      result: { move: StockMove },
    });
  }
}

@Resolver(() => Transfer)
export class TransferResolver {
  @Query(() => TransferConnection, { description: 'Transfers, newest first, paginated.' })
  transfers(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TransferFilterInput, { nullable: true, description: 'Narrow the list.' })
    filter: TransferFilterInput | undefined,
    @Ctx() ctx: Context,
  ) {
    return listTransfers(ctx, filter, page);
  }

  @Query(() => Transfer, { nullable: true, description: 'One transfer by id; null when none matches.' })
  transfer(@Arg('id', () => ID, { description: 'Transfer id.' }) id: string, @Ctx() ctx: Context) {
    return isUuid(id) ? ctx.em.findOne(Transfer, { id, company: ctx.companyId }) : null;
  }

  @FieldResolver(() => [StockMove], {
    description: 'The moves (lines) of the transfer, both legs for a transfer between warehouses.',
  })
  moves(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return ctx.loaders.movesByTransferId.load(transfer.id);
  }

  @FieldResolver(() => Warehouse, { description: 'Warehouse the operation runs in.' })
  warehouse(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(transfer.warehouse.id);
  }

  @FieldResolver(() => Warehouse, {
    nullable: true,
    description: 'Receiving warehouse of a transfer between warehouses.',
  })
  destinationWarehouse(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return transfer.destinationWarehouse ? ctx.loaders.warehouseById.load(transfer.destinationWarehouse.id) : null;
  }

  @FieldResolver(() => Location, { description: 'Default source location.' })
  source(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(transfer.source.id);
  }

  @FieldResolver(() => Location, { description: 'Final destination location.' })
  destination(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(transfer.destination.id);
  }

  @FieldResolver(() => Transfer, { nullable: true, description: 'The transfer this one is the backorder of.' })
  backorderOf(@Root() transfer: Transfer, @Ctx() ctx: Context) {
    return transfer.backorderOf ? ctx.loaders.transferById.load(transfer.backorderOf.id) : null;
  }

  @Mutation(() => TransferCreatePayload, {
    description: 'Create a confirmed transfer (and validate it at once with `validate: true`).',
  })
  transferCreate(
    @Arg('input', () => TransferCreateInput, { description: 'See TransferCreateInput.' }) input: TransferCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ transfer: await createTransfer(tx, input) }), {
      operation: 'transferCreate',
      idempotencyKey: input.idempotencyKey,
      result: { transfer: Transfer },
    });
  }

  @Mutation(() => TransferProcessPayload, {
    description: 'Validate a transfer in one warehouse, in full or in part (the rest becomes a backorder).',
  })
  transferValidate(
    @Arg('input', () => TransferValidateInput, { description: 'See TransferValidateInput.' })
    input: TransferValidateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<TransferProcessPayload>(ctx, { input }, (tx) => validateTransfer(tx, input, 'validate'), {
      operation: 'transferValidate',
      idempotencyKey: input.idempotencyKey,
      result: { transfer: Transfer, backorder: Transfer },
    });
  }

  @Mutation(() => TransferProcessPayload, {
    description: 'Ship a transfer between warehouses: the goods go in transit towards the destination.',
  })
  transferShip(
    @Arg('input', () => TransferValidateInput, { description: 'See TransferValidateInput.' })
    input: TransferValidateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<TransferProcessPayload>(ctx, { input }, (tx) => validateTransfer(tx, input, 'ship'), {
      operation: 'transferShip',
      idempotencyKey: input.idempotencyKey,
      result: { transfer: Transfer, backorder: Transfer },
    });
  }

  @Mutation(() => TransferProcessPayload, { description: 'Receive a shipped transfer at its destination warehouse.' })
  transferReceive(
    @Arg('input', () => TransferValidateInput, { description: 'See TransferValidateInput.' })
    input: TransferValidateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<TransferProcessPayload>(ctx, { input }, (tx) => validateTransfer(tx, input, 'receive'), {
      operation: 'transferReceive',
      idempotencyKey: input.idempotencyKey,
      result: { transfer: Transfer, backorder: Transfer },
    });
  }

  @Mutation(() => TransferCancelPayload, { description: 'Cancel a transfer that has not started.' })
  transferCancel(
    @Arg('transferId', () => ID, { description: 'The transfer.' }) transferId: string,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, {}, async (tx) => ({ transfer: await cancelTransfer(tx, transferId) }));
  }
}

@Resolver(() => InventoryCount)
export class InventoryCountResolver {
  @Query(() => InventoryCount, { nullable: true, description: 'One inventory count by id.' })
  inventoryCount(@Arg('id', () => ID, { description: 'Count id.' }) id: string, @Ctx() ctx: Context) {
    return isUuid(id) ? ctx.em.findOne(InventoryCount, { id, company: ctx.companyId }) : null;
  }

  @FieldResolver(() => [InventoryCountLine], {
    description: 'Lines: expected and counted quantity per product, location and lot.',
  })
  lines(@Root() count: InventoryCount, @Ctx() ctx: Context) {
    return ctx.loaders.countLinesByCountId.load(count.id);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse counted.' })
  warehouse(@Root() count: InventoryCount, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(count.warehouse.id);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Sum of the absolute variances of the counted lines.' })
  async totalAbsoluteVariance(@Root() count: InventoryCount, @Ctx() ctx: Context) {
    const lines = await ctx.loaders.countLinesByCountId.load(count.id);
    return decToString(countVariance(lines));
  }

  @Mutation(() => InventoryCountPayload, {
    description: 'Start counting a location or some products: snapshots the quantities on record.',
  })
  inventoryCountStart(
    @Arg('input', () => InventoryCountStartInput, { description: 'See InventoryCountStartInput.' })
    input: InventoryCountStartInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ inventoryCount: await startCount(tx, input) }));
  }

  @Mutation(() => InventoryCountPayload, { description: 'Record counted quantities.' })
  inventoryCountRecord(
    @Arg('input', () => InventoryCountRecordInput, { description: 'See InventoryCountRecordInput.' })
    input: InventoryCountRecordInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ inventoryCount: await recordCount(tx, input) }));
  }

  @Mutation(() => InventoryCountPayload, {
    description: 'Post the variances as moves to or from inventory loss, or wait in TO_APPROVE above the threshold.',
  })
  inventoryCountApply(
    @Arg('input', () => InventoryCountApplyInput, { description: 'See InventoryCountApplyInput.' })
    input: InventoryCountApplyInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ inventoryCount: await applyCount(tx, input) }), {
      operation: 'inventoryCountApply',
      idempotencyKey: input.idempotencyKey,
      result: { inventoryCount: InventoryCount },
    });
  }

  @Mutation(() => InventoryCountPayload, {
    description: 'Approve a count waiting in TO_APPROVE and post its variances.',
  })
  inventoryCountApprove(@Arg('countId', () => ID, { description: 'The count.' }) countId: string, @Ctx() ctx: Context) {
    return runMutation(ctx, {}, async (tx) => ({ inventoryCount: await approveCount(tx, countId) }));
  }
}

@Resolver(() => InventoryCountLine)
export class InventoryCountLineResolver {
  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: InventoryCountLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }

  @FieldResolver(() => Location, { description: 'The location.' })
  location(@Root() line: InventoryCountLine, @Ctx() ctx: Context) {
    return ctx.loaders.locationById.load(line.location.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Lot or serial; null when untracked.' })
  lot(@Root() line: InventoryCountLine) {
    return line.lot || null;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'counted - expected; null until counted.' })
  variance(@Root() line: InventoryCountLine) {
    return line.countedQuantity == null
      ? null
      : decToString(new Decimal(line.countedQuantity).minus(line.expectedQuantity));
  }
}
