import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListPageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { Product } from '../catalog/product.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { ReorderRuleSetInput } from './purchasing.inputs';
import { ReorderRule } from './reorder-rule.entity';
import { listReorderRules, runReplenishment, setReorderRule } from './replenishment.service';
import { ReorderRuleSetPayload, ReplenishmentRunPayload, SupplierPerformance } from './replenishment.types';
import { DEFAULT_PERFORMANCE_DAYS, supplierPerformance } from './supplier-performance.service';

@Resolver(() => ReorderRule)
export class ReplenishmentResolver {
  @Query(() => [ReorderRule], {
    description:
      'Reorder rules, by product SKU then warehouse, one page at a time (`first`, and `after` the id of the last one seen).',
  })
  reorderRules(
    @Arg('warehouseCodes', () => [String], { nullable: true, description: 'Only these warehouses.' })
    warehouseCodes: string[] | undefined,
    @Args() page: ListPageArgs,
    @Ctx() ctx: Context,
  ) {
    return listReorderRules(ctx, warehouseCodes, page);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() rule: ReorderRule, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(rule.product.id);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse.' })
  warehouse(@Root() rule: ReorderRule, @Ctx() ctx: Context) {
    return ctx.loaders.warehouseById.load(rule.warehouse.id);
  }

  @Mutation(() => ReorderRuleSetPayload, {
    description: 'Create or replace the min/max rule of a product in a warehouse.',
  })
  reorderRuleSet(
    @Arg('input', () => ReorderRuleSetInput, { description: 'See ReorderRuleSetInput.' }) input: ReorderRuleSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ reorderRule: await setReorderRule(tx, input) }));
  }

  @Mutation(() => ReplenishmentRunPayload, {
    description:
      'For every product whose forecast is below its min in these warehouses, propose bringing it back to max: transfers from warehouses above their max first, then draft purchase orders per preferred supplier. It proposes; a person confirms. Running it again does not duplicate proposals.',
  })
  async replenishmentRun(
    @Arg('warehouseCodes', () => [String], { description: 'Warehouse codes whose rules to check (1 to 50).' })
    warehouseCodes: string[],
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'Replaying the same key (scoped to the caller, kept 48 hours) answers `replayed` without running again.',
    })
    idempotencyKey: string | undefined,
    @Ctx() ctx: Context,
  ) {
    const payload = await runMutation<ReplenishmentRunPayload>(
      ctx,
      { run: { warehouseCodes } },
      async (tx) => ({ ...(await runReplenishment(tx, warehouseCodes)), replayed: false }),
      { operation: 'replenishmentRun', idempotencyKey, result: {} },
    );
    // A replay (or a refusal) carries only userErrors: nothing was proposed in this request.
    return {
      ...payload,
      proposals: payload.proposals ?? [],
      transfers: payload.transfers ?? [],
      purchaseOrders: payload.purchaseOrders ?? [],
      replayed: payload.replayed ?? payload.userErrors.length === 0,
    };
  }

  @Query(() => SupplierPerformance, {
    description:
      'On-time rate, lead time against promised, and fill rate of a supplier over orders confirmed in a period.',
  })
  supplierPerformance(
    @Arg('supplierId', () => ID, { description: 'The supplier.' }) supplierId: string,
    @Arg('from', () => Date, {
      nullable: true,
      description: `Orders confirmed from then; default: ${DEFAULT_PERFORMANCE_DAYS} days before \`to\`.`,
    })
    from: Date | undefined,
    @Arg('to', () => Date, { nullable: true, description: 'Until then; default: now.' }) to: Date | undefined,
    @Ctx() ctx: Context,
  ) {
    return supplierPerformance(ctx, supplierId, from, to).catch(rethrowAsGraphQL);
  }
}
