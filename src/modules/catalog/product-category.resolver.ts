import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { ProductCategoryCreateInput } from './catalog.inputs';
import { createProductCategory, listProductCategories } from './catalog.service';
import { ProductCategoryCreatePayload } from './catalog.types';
import { ProductCategory } from './product-category.entity';

@Resolver(() => ProductCategory)
export class ProductCategoryResolver {
  @Query(() => [ProductCategory], { description: 'Product categories of your company, by name.' })
  productCategories(@Ctx() ctx: Context) {
    return listProductCategories(ctx);
  }

  @FieldResolver(() => ProductCategory, { nullable: true, description: 'Parent category.' })
  parent(@Root() category: ProductCategory, @Ctx() ctx: Context) {
    return category.parent ? ctx.loaders.productCategoryById.load(category.parent.id) : null;
  }

  @Mutation(() => ProductCategoryCreatePayload, { description: 'Create a product category.' })
  productCategoryCreate(
    @Arg('input', () => ProductCategoryCreateInput, { description: 'See ProductCategoryCreateInput.' })
    input: ProductCategoryCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ productCategory: await createProductCategory(tx, input) }));
  }
}
