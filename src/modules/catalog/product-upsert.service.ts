import { ref } from '@mikro-orm/core';
import { UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Problems } from '../../graphql/problems';
import { Company } from '../company/company.entity';
import { ProductTracking } from './catalog.enums';
import type { ProductUpsertItemInput } from './catalog.inputs';
import { inUseProblem, productsInUse, uomChangeProblem } from './catalog.service';
import { Product } from './product.entity';
import { ProductCategory } from './product-category.entity';
import { Uom } from './uom.entity';

/** What productsUpsert did to one item, kept as plain values so that an idempotent replay answers it again. */
export interface ProductUpsertOutcome {
  index: number;
  sku: string;
  productId: string;
  created: boolean;
}

/**
 * Creates or updates products by SKU, all or nothing. The statements do not grow with the
 * items: one lookup of the SKUs (and one of the barcodes), one of the units, one of the
 * categories, one in-use check for the unit and tracking changes, then one flush (a batched
 * insert and a batched update). The rules are productCreate's and productUpdate's own.
 */
export async function upsertProducts(
  sc: ServiceContext,
  items: ProductUpsertItemInput[],
): Promise<ProductUpsertOutcome[]> {
  const problems = new Problems();
  const at = (i: number) => ['input', 'items', String(i)];
  const skus = items.map((item) => item.sku);
  const barcodes = [...new Set(items.map((item) => item.barcode).filter((b): b is string => !!b))];
  const uomIds = [...new Set(items.map((item) => item.uomId))];
  const categoryIds = [...new Set(items.map((item) => item.categoryId).filter((c): c is string => !!c))];
  // Sequential: they share the transaction's one connection.
  const existing = await sc.em.find(Product, { company: sc.companyId, sku: { $in: skus } }, { populate: ['uom'] });
  const barcodeHolders = barcodes.length
    ? await sc.em.find(Product, { company: sc.companyId, barcode: { $in: barcodes } })
    : [];
  const uoms = await sc.em.find(Uom, { company: sc.companyId, id: { $in: uomIds } });
  const categories = categoryIds.length
    ? await sc.em.find(ProductCategory, { company: sc.companyId, id: { $in: categoryIds } })
    : [];
  const bySku = new Map(existing.map((p) => [p.sku, p]));
  const uomById = new Map(uoms.map((u) => [u.id, u]));
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  const barcodeOwner = new Map(barcodeHolders.map((p) => [p.barcode!, p.sku]));

  // Unit and tracking changes of existing products need their use, in one statement.
  const changing = items.flatMap((item) => {
    const product = bySku.get(item.sku);
    if (!product) return [];
    const uomChanges = item.uomId !== product.uom.id;
    const trackingChanges = item.tracking != null && item.tracking !== product.tracking;
    return uomChanges || trackingChanges ? [product.id] : [];
  });
  const uses = await productsInUse(sc, changing);

  const firstIndex = new Map<string, number>();
  const barcodeIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const here = at(i);
    const seen = firstIndex.get(item.sku);
    if (seen !== undefined) {
      problems.add(
        UserErrorCode.INVALID,
        [...here, 'sku'],
        `input.items.${i}: sku ${item.sku} is already item ${seen}`,
      );
      return;
    }
    firstIndex.set(item.sku, i);
    if (item.barcode) {
      const owner = barcodeOwner.get(item.barcode);
      const twin = barcodeIndex.get(item.barcode);
      if ((owner !== undefined && owner !== item.sku) || twin !== undefined) {
        problems.add(
          UserErrorCode.TAKEN,
          [...here, 'barcode'],
          `barcode "${item.barcode}" is already used by another product`,
        );
      }
      barcodeIndex.set(item.barcode, i);
    }
    if (item.categoryId && !categoryById.has(item.categoryId)) {
      problems.add(
        UserErrorCode.NOT_FOUND,
        [...here, 'categoryId'],
        `categoryId: no product category ${item.categoryId}`,
      );
    }
    const product = bySku.get(item.sku);
    if (!product) {
      if (!uomById.has(item.uomId)) {
        problems.add(UserErrorCode.NOT_FOUND, [...here, 'uomId'], `uomId: no unit of measure ${item.uomId}`);
      }
      return;
    }
    const uomChanges = item.uomId !== product.uom.id;
    const trackingChanges = item.tracking != null && item.tracking !== product.tracking;
    if (uomChanges) uomChangeProblem(problems, here, product, item.uomId, uomById.get(item.uomId));
    if (uomChanges || trackingChanges) inUseProblem(problems, here, product, uomChanges, uses.get(product.id) ?? null);
  });
  problems.throwIfAny();

  const company = sc.em.getReference(Company, sc.companyId);
  const touched = items.map((item) => {
    const existingProduct = bySku.get(item.sku);
    const category = item.categoryId ? categoryById.get(item.categoryId)! : undefined;
    if (!existingProduct) {
      return {
        created: true,
        product: sc.em.create(Product, {
          company,
          sku: item.sku,
          name: item.name.trim(),
          uom: uomById.get(item.uomId)!,
          category: category ?? null,
          barcode: item.barcode ?? null,
          tracking: item.tracking ?? ProductTracking.NONE,
          requiresInspection: item.requiresInspection ?? false,
          weight: item.weight ?? null,
        }),
      };
    }
    const product = existingProduct;
    // Omitted optional fields keep their value, as in productUpdate.
    product.name = item.name.trim();
    if (item.uomId !== product.uom.id) product.uom = ref(uomById.get(item.uomId)!);
    if (category) product.category = ref(category);
    if (item.barcode !== undefined) product.barcode = item.barcode;
    if (item.tracking != null) product.tracking = item.tracking;
    if (item.requiresInspection != null) product.requiresInspection = item.requiresInspection;
    if (item.weight != null) product.weight = item.weight;
    return { created: false, product };
  });
  await sc.em.flush();
  return touched.map(({ created, product }, index) => ({ index, sku: product.sku, productId: product.id, created }));
}
