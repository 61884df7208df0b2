import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { InventorySetQuantitiesInput, MAX_SET_QUANTITIES } from './stock-sync.inputs';
import { setQuantities } from './stock-sync.service';
import { InventorySetQuantitiesPayload } from './stock-sync.types';

@Resolver()
export class StockSyncResolver {
  @Mutation(() => InventorySetQuantitiesPayload, {
    description: `Set on-hand quantities of up to ${MAX_SET_QUANTITIES} items at once, all or nothing, as count adjustments with a reason (valued like counts); compareQuantity makes each item a compare-and-set (STALE when it differs).`,
  })
  inventorySetQuantities(
    @Arg('input', () => InventorySetQuantitiesInput, { description: 'See InventorySetQuantitiesInput.' })
    input: InventorySetQuantitiesInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<InventorySetQuantitiesPayload>(
      ctx,
      { input },
      async (tx) => ({ changes: await setQuantities(tx, input) }),
      { operation: 'inventorySetQuantities', idempotencyKey: input.idempotencyKey, result: {}, values: ['changes'] },
    );
  }
}
