import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { IsDecimalValue } from '../../graphql/validators';
import { IdempotencyKeyField } from '../../idempotency/idempotency-key.field';
import { CostingMethod, ProductTracking } from './catalog.enums';

const NOT_BLANK = /\S/;
const notBlank = (what: string) => ({ message: `${what} must not be blank` });
/** SKUs and codes are identifiers: no spaces, so that they survive CSVs, URLs and barcodes. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const identifier = (what: string) => ({
  message: `${what} may hold only letters, digits and . _ - / and must start with a letter or digit`,
});

@InputType({ description: 'A new unit of measure category.' })
export class UomCategoryCreateInput {
  @Field({ description: 'Name, unique within the company (1-100 characters).' })
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank('name'))
  name!: string;
}

@InputType({ description: 'A new unit of measure.' })
export class UomCreateInput {
  @Field(() => ID, { description: 'Category the unit belongs to.' })
  @IsUUID()
  categoryId!: string;

  @Field({ description: 'Name, unique within the company (1-100 characters).' })
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank('name'))
  name!: string;

  @Field(() => DecimalScalar, { description: "Number of the category's reference unit in one of this unit; > 0." })
  @IsDecimalValue({ positive: true, scale: 10 })
  factor!: string;
}

@InputType({ description: 'A new product category.' })
export class ProductCategoryCreateInput {
  @Field({ description: 'Name, unique within the company (1-100 characters).' })
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank('name'))
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent category.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => CostingMethod, { nullable: true, description: 'Costing method of its products (default FIFO).' })
  costingMethod?: CostingMethod;
}

@InputType({ description: 'A new product.' })
export class ProductCreateInput {
  @Field({ description: 'SKU, unique within the company (1-64 characters, no spaces).' })
  @Length(1, 64)
  @Matches(IDENTIFIER, identifier('sku'))
  sku!: string;

  @Field({ description: 'Display name (1-200 characters).' })
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank('name'))
  name!: string;

  @Field(() => ID, { description: 'Unit of measure stock of this product is kept in.' })
  @IsUUID()
  uomId!: string;

  @Field(() => ID, { nullable: true, description: 'Product category.' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @Field(() => String, { nullable: true, description: 'Barcode, unique within the company (1-64 characters).' })
  @IsOptional()
  @Length(1, 64)
  @Matches(IDENTIFIER, identifier('barcode'))
  barcode?: string | null;

  @Field(() => ProductTracking, { nullable: true, description: 'Lot or serial tracking (default NONE).' })
  tracking?: ProductTracking;

  @Field({ nullable: true, description: 'Receipts go to quality hold first (default false).' })
  requiresInspection?: boolean;

  @Field(() => DecimalScalar, { nullable: true, description: 'Weight of one product unit in kg, > 0.' })
  @IsOptional()
  @IsDecimalValue({ positive: true })
  weight?: string;
}

@InputType({ description: 'Changes to a product; omitted fields keep their value.' })
export class ProductUpdateInput {
  @Field(() => ID, { description: 'The product to change.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you read; when given and stale, the update is refused with CONFLICT.',
  })
  @IsOptional()
  version?: number;

  @Field({ nullable: true, description: 'New SKU (1-64 characters, no spaces).' })
  @IsOptional()
  @Length(1, 64)
  @Matches(IDENTIFIER, identifier('sku'))
  sku?: string;

  @Field({ nullable: true, description: 'New name (1-200 characters).' })
  @IsOptional()
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank('name'))
  name?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'New unit of measure; must be in the same category as the current one.',
  })
  @IsOptional()
  @IsUUID()
  uomId?: string;

  @Field(() => ID, { nullable: true, description: 'New category.' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @Field(() => String, { nullable: true, description: 'New barcode.' })
  @IsOptional()
  @Length(1, 64)
  @Matches(IDENTIFIER, identifier('barcode'))
  barcode?: string;

  @Field(() => ProductTracking, { nullable: true, description: 'New tracking mode.' })
  tracking?: ProductTracking;

  @Field({ nullable: true, description: 'Whether receipts go to quality hold.' })
  requiresInspection?: boolean;

  @Field(() => DecimalScalar, { nullable: true, description: 'New weight of one product unit in kg, > 0.' })
  @IsOptional()
  @IsDecimalValue({ positive: true })
  weight?: string;

  @Field({ nullable: true, description: 'Reactivate (true) or archive (false) the product.' })
  active?: boolean;
}

@InputType({ description: 'Which products to list.' })
export class ProductFilter {
  @Field({ nullable: true, description: 'Case-insensitive text found in the SKU, name or barcode.' })
  @IsOptional()
  @Length(0, 200)
  search?: string;

  @Field(() => [String], { nullable: true, description: 'Only these SKUs.' })
  skus?: string[];

  @Field(() => ID, { nullable: true, description: 'Only products of this category.' })
  categoryId?: string;

  @Field({ nullable: true, description: 'Only active (true) or archived (false) products; both when omitted.' })
  active?: boolean;
}

@InputType({ description: 'Archive a product.' })
export class ProductArchiveInput {
  @Field(() => ID, { description: 'The product.' })
  @IsUUID()
  id!: string;
}

@InputType({ description: 'One component of a kit: a product (by SKU or id) and how much of it one kit takes.' })
export class KitComponentInput {
  @Field(() => String, { nullable: true, description: 'Component SKU (or give productId).' })
  @IsOptional()
  @Length(1, 64)
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'Component id (or give sku).' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @Field(() => DecimalScalar, { description: 'Quantity of the component in one kit, > 0, in `uomId`.' })
  @IsDecimalValue({ positive: true })
  quantity!: string;

  @Field(() => ID, {
    nullable: true,
    description: "Unit of the quantity (default: the component's unit); must be in the component unit's category.",
  })
  @IsOptional()
  @IsUUID()
  uomId?: string;
}

@InputType({
  description:
    'Make a product a kit (a bundle) or replace its components. A kit has no stock of its own: its availability derives from its components.',
})
export class ProductKitSetInput {
  @Field(() => String, { nullable: true, description: 'SKU of the kit product (or give productId).' })
  @IsOptional()
  @Length(1, 64)
  sku?: string;

  @Field(() => ID, { nullable: true, description: 'Id of the kit product (or give sku).' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @Field(() => [KitComponentInput], {
    description: 'Every component of the kit (0 to 50); an empty list makes the product an ordinary product again.',
  })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  components!: KitComponentInput[];
}

/** Items one productsUpsert call may carry (as inventorySetQuantities). */
export const MAX_PRODUCTS_UPSERT = 250;

@InputType({
  description:
    "One product of productsUpsert, keyed by its SKU: productCreate's fields; an existing SKU is updated (omitted optional fields keep their value).",
})
export class ProductUpsertItemInput extends ProductCreateInput {}

@InputType({ description: 'Create or update products by SKU in bulk, all or nothing.' })
export class ProductsUpsertInput {
  @Field(() => [ProductUpsertItemInput], {
    description: `The products (1 to ${MAX_PRODUCTS_UPSERT}); each SKU at most once.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRODUCTS_UPSERT)
  @ValidateNested({ each: true })
  items!: ProductUpsertItemInput[];

  @IdempotencyKeyField()
  idempotencyKey?: string;
}
