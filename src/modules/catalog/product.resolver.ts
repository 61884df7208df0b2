import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import {
  ProductArchiveInput,
  ProductCreateInput,
  ProductFilter,
  ProductKitSetInput,
  ProductsUpsertInput,
  ProductUpdateInput,
  MAX_PRODUCTS_UPSERT,
} from './catalog.inputs';
import { archiveProduct, createProduct, findProduct, listProducts, updateProduct } from './catalog.service';
import {
  ProductArchivePayload,
  ProductConnection,
  ProductCreatePayload,
  ProductKitSetPayload,
  ProductsUpsertPayload,
  ProductUpdatePayload,
} from './catalog.types';
import { upsertProducts } from './product-upsert.service';
import { KitComponent } from './kit-component.entity';
import { setKitComponents } from './kit.service';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom } from './uom.entity';

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => ProductConnection, { description: 'Products of your company, ordered by SKU (Relay connection).' })
  products(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Narrow the list.' })
    filter: ProductFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return listProducts(ctx, filter, page);
  }

  @Query(() => Product, { nullable: true, description: 'One product by id or SKU; null when none matches.' })
  product(
    @Arg('id', () => ID, { nullable: true, description: 'Product id.' }) id: string | undefined,
    @Arg('sku', () => String, { nullable: true, description: 'Product SKU.' }) sku: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return findProduct(ctx, { id, sku });
  }

  @FieldResolver(() => Uom, { description: 'Unit of measure its stock is kept in.' })
  uom(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.uomById.load(product.uom.id);
  }

  @FieldResolver(() => ProductCategory, { nullable: true, description: 'Product category.' })
  category(@Root() product: Product, @Ctx() ctx: Context) {
    return product.category ? ctx.loaders.productCategoryById.load(product.category.id) : null;
  }

  @FieldResolver(() => [KitComponent], {
    description: 'Components of the kit, one per component product; empty for a product that is not a kit.',
  })
  kitComponents(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.kitComponentsByKitId.load(product.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the product is a kit (a bundle of components): it has no stock of its own and its figures derive from its components.',
  })
  async isKit(@Root() product: Product, @Ctx() ctx: Context) {
    return (await ctx.loaders.kitComponentsByKitId.load(product.id)).length > 0;
  }

  @Mutation(() => ProductKitSetPayload, {
    description:
      'Make a product a kit (bundle) of components, replace its components, or (no components) make it an ordinary product again.',
  })
  productKitSet(
    @Arg('input', () => ProductKitSetInput, { description: 'See ProductKitSetInput.' }) input: ProductKitSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ product: await setKitComponents(tx, input) }));
  }

  @Mutation(() => ProductCreatePayload, { description: 'Create a product.' })
  productCreate(
    @Arg('input', () => ProductCreateInput, { description: 'See ProductCreateInput.' }) input: ProductCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ product: await createProduct(tx, input) }));
  }

  @Mutation(() => ProductUpdatePayload, { description: 'Change a product; pass `version` to refuse stale edits.' })
  productUpdate(
    @Arg('input', () => ProductUpdateInput, { description: 'See ProductUpdateInput.' }) input: ProductUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ product: await updateProduct(tx, input) }));
  }

  @Mutation(() => ProductsUpsertPayload, {
    description: `Create or update up to ${MAX_PRODUCTS_UPSERT} products by SKU in one call, all or nothing: an unknown SKU is created, a known one updated with productUpdate's rules; userErrors name the item by its index.`,
  })
  productsUpsert(
    @Arg('input', () => ProductsUpsertInput, { description: 'See ProductsUpsertInput.' }) input: ProductsUpsertInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<ProductsUpsertPayload>(
      ctx,
      { input },
      async (tx) => ({ results: await upsertProducts(tx, input.items) }),
      { operation: 'productsUpsert', idempotencyKey: input.idempotencyKey, result: {}, values: ['results'] },
    );
  }

  @Mutation(() => ProductArchivePayload, {
    description: 'Archive a product: it keeps its history but takes no new operations.',
  })
  productArchive(
    @Arg('input', () => ProductArchiveInput, { description: 'See ProductArchiveInput.' }) input: ProductArchiveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ product: await archiveProduct(tx, input.id) }));
  }
}
