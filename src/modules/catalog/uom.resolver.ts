import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { UomCategoryCreateInput, UomCreateInput } from './catalog.inputs';
import { createUom, createUomCategory, listUomCategories, listUoms } from './catalog.service';
import { UomCategoryCreatePayload, UomCreatePayload } from './catalog.types';
import { Uom, UomCategory } from './uom.entity';

@Resolver(() => Uom)
export class UomResolver {
  @Query(() => [Uom], { description: 'Units of measure of your company, by name.' })
  uoms(@Ctx() ctx: Context) {
    return listUoms(ctx);
  }

  @Query(() => [UomCategory], { description: 'Unit of measure categories of your company, by name.' })
  uomCategories(@Ctx() ctx: Context) {
    return listUomCategories(ctx);
  }

  @FieldResolver(() => UomCategory, { description: 'Category; units convert only within one category.' })
  category(@Root() uom: Uom, @Ctx() ctx: Context) {
    return ctx.loaders.uomCategoryById.load(uom.category.id);
  }

  @Mutation(() => UomCreatePayload, { description: 'Create a unit of measure in a category.' })
  uomCreate(
    @Arg('input', () => UomCreateInput, { description: 'See UomCreateInput.' }) input: UomCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ uom: await createUom(tx, input) }));
  }

  @Mutation(() => UomCategoryCreatePayload, { description: 'Create a unit of measure category.' })
  uomCategoryCreate(
    @Arg('input', () => UomCategoryCreateInput, { description: 'See UomCategoryCreateInput.' })
    input: UomCategoryCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ uomCategory: await createUomCategory(tx, input) }));
  }
}
