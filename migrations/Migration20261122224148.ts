import { Migration } from '@mikro-orm/migrations';

export class Migration20261122224148 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "costing_method" as enum ('FIFO', 'AVERAGE');`);
    this.addSql(`create type "product_tracking" as enum ('NONE', 'LOT', 'SERIAL');`);
    this.addSql(`create type "location_type" as enum ('VIEW', 'INTERNAL', 'QUALITY', 'DAMAGED', 'TRANSIT', 'SUPPLIER', 'CUSTOMER', 'INVENTORY_LOSS', 'SCRAP');`);
    this.addSql(`create table "company" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(32) not null, "name" varchar(200) not null, "currency" varchar(3) not null default 'EUR', constraint "company_pkey" primary key ("id"));`);
    this.addSql(`alter table "company" add constraint "company_code_unique" unique ("code");`);

    this.addSql(`create table "product_category" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "parent_id" uuid null, "costing_method" "costing_method" not null default 'FIFO', constraint "product_category_pkey" primary key ("id"));`);
    this.addSql(`alter table "product_category" add constraint "product_category_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "uom_category" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, constraint "uom_category_pkey" primary key ("id"));`);
    this.addSql(`alter table "uom_category" add constraint "uom_category_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "uom" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "category_id" uuid not null, "name" varchar(100) not null, "factor" numeric(24,10) not null, constraint "uom_pkey" primary key ("id"));`);
    this.addSql(`alter table "uom" add constraint "uom_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "product" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "sku" varchar(64) not null, "name" varchar(200) not null, "uom_id" uuid not null, "category_id" uuid null, "barcode" varchar(64) null, "tracking" "product_tracking" not null default 'NONE', "requires_inspection" boolean not null default false, "active" boolean not null default true, "version" int not null default 1, constraint "product_pkey" primary key ("id"));`);
    this.addSql(`create index "product_company_id_name_index" on "product" ("company_id", "name");`);
    this.addSql(`alter table "product" add constraint "product_company_id_barcode_unique" unique ("company_id", "barcode");`);
    this.addSql(`alter table "product" add constraint "product_company_id_sku_unique" unique ("company_id", "sku");`);

    this.addSql(`create table "warehouse" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(16) not null, "name" varchar(200) not null, "address_street" varchar(200) null, "address_city" varchar(100) null, "address_postal_code" varchar(20) null, "address_country" varchar(2) null, "time_zone" varchar(64) not null, "active" boolean not null default true, constraint "warehouse_pkey" primary key ("id"));`);
    this.addSql(`alter table "warehouse" add constraint "warehouse_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "location" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "warehouse_id" uuid null, "parent_id" uuid null, "name" varchar(100) not null, "full_name" varchar(500) not null, "type" "location_type" not null, "sellable" boolean not null default false, "barcode" varchar(64) null, "active" boolean not null default true, constraint "location_pkey" primary key ("id"));`);
    this.addSql(`create index "location_parent_id_index" on "location" ("parent_id");`);
    this.addSql(`create index "location_warehouse_id_index" on "location" ("warehouse_id");`);
    this.addSql(`alter table "location" add constraint "location_company_id_barcode_unique" unique ("company_id", "barcode");`);
    this.addSql(`alter table "location" add constraint "location_company_id_full_name_unique" unique ("company_id", "full_name");`);

    this.addSql(`alter table "product_category" add constraint "product_category_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "product_category" add constraint "product_category_parent_id_foreign" foreign key ("parent_id") references "product_category" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "uom_category" add constraint "uom_category_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "uom" add constraint "uom_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "uom" add constraint "uom_category_id_foreign" foreign key ("category_id") references "uom_category" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "product" add constraint "product_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "product" add constraint "product_uom_id_foreign" foreign key ("uom_id") references "uom" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "product_category" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "warehouse" add constraint "warehouse_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "location" add constraint "location_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "location" add constraint "location_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "location" add constraint "location_parent_id_foreign" foreign key ("parent_id") references "location" ("id") on update cascade on delete restrict;`);
  }

}
