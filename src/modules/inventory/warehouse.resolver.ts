import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { LocationCreatePayload, WarehouseCreatePayload, WarehouseUpdatePayload } from './inventory.types';
import { Location } from './location.entity';
import { Warehouse } from './warehouse.entity';
import { LocationCreateInput, WarehouseCreateInput, WarehouseUpdateInput } from './warehouse.inputs';
import {
  createLocation,
  createWarehouse,
  findLocation,
  findWarehouse,
  listVirtualLocations,
  listWarehouses,
  updateWarehouse,
} from './warehouse.service';

@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Query(() => [Warehouse], { description: 'Warehouses of your company, by code.' })
  warehouses(@Ctx() ctx: Context) {
    return listWarehouses(ctx);
  }

  @Query(() => Warehouse, { nullable: true, description: 'One warehouse by id or code; null when none matches.' })
  warehouse(
    @Arg('id', () => ID, { nullable: true, description: 'Warehouse id.' }) id: string | undefined,
    @Arg('code', () => String, { nullable: true, description: 'Warehouse code (case-insensitive).' })
    code: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return findWarehouse(ctx, { id, code });
  }

  @FieldResolver(() => [Location], { description: 'Every location of the warehouse tree, ordered by full name.' })
  locations(@Root() warehouse: Warehouse, @Ctx() ctx: Context) {
    return ctx.loaders.locationsByWarehouseId.load(warehouse.id);
  }

  @FieldResolver(() => Location, {
    description: 'The top of the warehouse tree (a VIEW location named after the code).',
  })
  async rootLocation(@Root() warehouse: Warehouse, @Ctx() ctx: Context) {
    const locations = await ctx.loaders.locationsByWarehouseId.load(warehouse.id);
    return locations.find((location) => !location.parent);
  }

  @Mutation(() => WarehouseCreatePayload, { description: 'Create a warehouse with its standard locations.' })
  warehouseCreate(
    @Arg('input', () => WarehouseCreateInput, { description: 'See WarehouseCreateInput.' }) input: WarehouseCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ warehouse: await createWarehouse(tx, input) }));
  }

  @Mutation(() => WarehouseUpdatePayload, { description: 'Change a warehouse.' })
  warehouseUpdate(
    @Arg('input', () => WarehouseUpdateInput, { description: 'See WarehouseUpdateInput.' }) input: WarehouseUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ warehouse: await updateWarehouse(tx, input) }));
  }
}

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => Location, { nullable: true, description: 'One location by id; null when none matches.' })
  location(@Arg('id', () => ID, { description: 'Location id.' }) id: string, @Ctx() ctx: Context) {
    return findLocation(ctx, id);
  }

  @Query(() => [Location], {
    description: "The company's virtual locations: suppliers, customers, inventory loss, scrap and transit.",
  })
  virtualLocations(@Ctx() ctx: Context) {
    return listVirtualLocations(ctx);
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: 'Warehouse of the location; null for virtual ones.' })
  warehouse(@Root() location: Location, @Ctx() ctx: Context) {
    return location.warehouse ? ctx.loaders.warehouseById.load(location.warehouse.id) : null;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'Parent in the tree; null at the top.' })
  parent(@Root() location: Location, @Ctx() ctx: Context) {
    return location.parent ? ctx.loaders.locationById.load(location.parent.id) : null;
  }

  @FieldResolver(() => [Location], { description: 'Direct children in the tree, by name.' })
  children(@Root() location: Location, @Ctx() ctx: Context) {
    return ctx.loaders.locationsByParentId.load(location.id);
  }

  @Mutation(() => LocationCreatePayload, { description: 'Create a location under another one of a warehouse.' })
  locationCreate(
    @Arg('input', () => LocationCreateInput, { description: 'See LocationCreateInput.' }) input: LocationCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ location: await createLocation(tx, input) }));
  }
}
