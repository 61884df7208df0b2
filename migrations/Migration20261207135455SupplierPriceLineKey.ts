import { Migration } from '@mikro-orm/migrations';

/**
 * A supplier price line is its (supplier, product, minimum quantity, first valid day), as Odoo's
 * vendor pricelist lines: a break can have a price change scheduled beside it instead of being
 * replaced by it. Lines without validFrom count as one start (coalesce to -infinity), so the
 * undated break stays unique. Existing rows have one line per minimum and fit the new key.
 */
export class Migration20261207135455SupplierPriceLineKey extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "supplier_price" drop constraint "supplier_price_supplier_id_product_id_min_quantity_unique";`,
    );
    this.addSql(
      `create unique index "supplier_price_break_unique" on "supplier_price" ("supplier_id", "product_id", "min_quantity", coalesce("valid_from", '-infinity'::date));`,
    );
  }

  /** Fails while a break has a scheduled change (two lines of one minimum): remove one first. */
  override async down(): Promise<void> {
    this.addSql(`drop index "supplier_price_break_unique";`);
    this.addSql(
      `alter table "supplier_price" add constraint "supplier_price_supplier_id_product_id_min_quantity_unique" unique ("supplier_id", "product_id", "min_quantity");`,
    );
  }
}
