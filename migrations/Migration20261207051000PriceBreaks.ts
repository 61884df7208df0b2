import { Migration } from '@mikro-orm/migrations';

export class Migration20261207051000PriceBreaks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "supplier_price" drop constraint "supplier_price_supplier_id_product_id_unique";`);

    this.addSql(`alter table "supplier_price" add column "valid_from" date null, add column "valid_to" date null;`);
    this.addSql(`alter table "supplier_price" add constraint "supplier_price_supplier_id_product_id_min_quantity_unique" unique ("supplier_id", "product_id", "min_quantity");`);

    this.addSql(`alter table "purchase_order_line" add column "below_minimum" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "purchase_order_line" drop column "below_minimum";`);

    this.addSql(`alter table "supplier_price" drop constraint "supplier_price_supplier_id_product_id_min_quantity_unique";`);
    this.addSql(`alter table "supplier_price" drop column "valid_from", drop column "valid_to";`);

    this.addSql(`alter table "supplier_price" add constraint "supplier_price_supplier_id_product_id_unique" unique ("supplier_id", "product_id");`);
  }

}
