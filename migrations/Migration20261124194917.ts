import { Migration } from '@mikro-orm/migrations';

export class Migration20261124194917 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reserved_stock" ("product_id" uuid not null, "warehouse_id" uuid not null, "company_id" uuid not null, "quantity" numeric(20,6) not null default '0', constraint "reserved_stock_pkey" primary key ("product_id", "warehouse_id"));`);

    this.addSql(`alter table "reserved_stock" add constraint "reserved_stock_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reserved_stock" add constraint "reserved_stock_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reserved_stock" add constraint "reserved_stock_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reserved_stock" cascade;`);
  }

}
