import { Migration } from '@mikro-orm/migrations';

export class Migration20261122230449 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "transfer_type" as enum ('RECEIPT', 'DELIVERY', 'INTERNAL', 'RETURN');`);
    this.addSql(`create type "transfer_state" as enum ('DRAFT', 'READY', 'IN_TRANSIT', 'DONE', 'CANCELLED');`);
    this.addSql(`create type "move_state" as enum ('DRAFT', 'CONFIRMED', 'DONE', 'CANCELLED');`);
    this.addSql(`create type "count_state" as enum ('IN_PROGRESS', 'TO_APPROVE', 'DONE', 'CANCELLED');`);
    this.addSql(`create table "safety_stock" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "product_id" uuid not null, "warehouse_id" uuid not null, "quantity" numeric(20,6) not null, constraint "safety_stock_pkey" primary key ("id"));`);
    this.addSql(`alter table "safety_stock" add constraint "safety_stock_product_id_warehouse_id_unique" unique ("product_id", "warehouse_id");`);

    this.addSql(`create table "transfer" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "type" "transfer_type" not null, "state" "transfer_state" not null, "warehouse_id" uuid not null, "destination_warehouse_id" uuid null, "source_id" uuid not null, "destination_id" uuid not null, "expected_date" timestamptz null, "reference_document_uri" varchar(500) null, "backorder_of_id" uuid null, "done_at" timestamptz null, constraint "transfer_pkey" primary key ("id"));`);
    this.addSql(`create index "transfer_company_id_state_index" on "transfer" ("company_id", "state");`);
    this.addSql(`alter table "transfer" add constraint "transfer_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "stock_move" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "product_id" uuid not null, "quantity" numeric(20,6) not null, "requested_quantity" numeric(20,6) not null, "requested_uom_id" uuid not null, "source_id" uuid not null, "destination_id" uuid not null, "source_warehouse_id" uuid null, "destination_warehouse_id" uuid null, "state" "move_state" not null, "lot" varchar(100) not null default '', "reason_code" varchar(64) null, "reference" varchar(100) null, "reference_document_uri" varchar(500) null, "expected_date" timestamptz null, "effective_date" timestamptz null, "done_by" varchar(200) null, "transfer_id" uuid null, constraint "stock_move_pkey" primary key ("id"));`);
    this.addSql(`create index "stock_move_company_id_created_at_index" on "stock_move" ("company_id", "created_at");`);
    this.addSql(`create index "stock_move_open_index" on "stock_move" ("product_id", "state") where "state" = 'CONFIRMED';`);
    this.addSql(`create index "stock_move_transfer_id_index" on "stock_move" ("transfer_id");`);
    this.addSql(`create index "stock_move_lot_index" on "stock_move" ("lot");`);
    this.addSql(`create index "stock_move_product_id_effective_date_index" on "stock_move" ("product_id", "effective_date");`);

    this.addSql(`create table "quant" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "product_id" uuid not null, "location_id" uuid not null, "warehouse_id" uuid null, "lot" varchar(100) not null default '', "quantity" numeric(20,6) not null, constraint "quant_pkey" primary key ("id"));`);
    this.addSql(`create index "quant_warehouse_id_product_id_index" on "quant" ("warehouse_id", "product_id");`);
    this.addSql(`alter table "quant" add constraint "quant_product_id_location_id_lot_unique" unique ("product_id", "location_id", "lot");`);

    this.addSql(`create table "inventory_count" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "warehouse_id" uuid not null, "state" "count_state" not null, "reason_code" varchar(64) null, "created_by" varchar(200) null, "approved_by" varchar(200) null, "approved_at" timestamptz null, constraint "inventory_count_pkey" primary key ("id"));`);

    this.addSql(`create table "inventory_count_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "count_id" uuid not null, "product_id" uuid not null, "location_id" uuid not null, "lot" varchar(100) not null default '', "expected_quantity" numeric(20,6) not null, "counted_quantity" numeric(20,6) null, constraint "inventory_count_line_pkey" primary key ("id"));`);

    this.addSql(`alter table "safety_stock" add constraint "safety_stock_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "safety_stock" add constraint "safety_stock_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "safety_stock" add constraint "safety_stock_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "transfer" add constraint "transfer_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "transfer" add constraint "transfer_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "transfer" add constraint "transfer_destination_warehouse_id_foreign" foreign key ("destination_warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "transfer" add constraint "transfer_source_id_foreign" foreign key ("source_id") references "location" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "transfer" add constraint "transfer_destination_id_foreign" foreign key ("destination_id") references "location" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "transfer" add constraint "transfer_backorder_of_id_foreign" foreign key ("backorder_of_id") references "transfer" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "stock_move" add constraint "stock_move_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_requested_uom_id_foreign" foreign key ("requested_uom_id") references "uom" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_source_id_foreign" foreign key ("source_id") references "location" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_destination_id_foreign" foreign key ("destination_id") references "location" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_source_warehouse_id_foreign" foreign key ("source_warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_destination_warehouse_id_foreign" foreign key ("destination_warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_transfer_id_foreign" foreign key ("transfer_id") references "transfer" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "quant" add constraint "quant_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "quant" add constraint "quant_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "quant" add constraint "quant_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "quant" add constraint "quant_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inventory_count" add constraint "inventory_count_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inventory_count" add constraint "inventory_count_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inventory_count_line" add constraint "inventory_count_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inventory_count_line" add constraint "inventory_count_line_count_id_foreign" foreign key ("count_id") references "inventory_count" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inventory_count_line" add constraint "inventory_count_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inventory_count_line" add constraint "inventory_count_line_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "transfer" drop constraint "transfer_backorder_of_id_foreign";`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_transfer_id_foreign";`);

    this.addSql(`alter table "inventory_count_line" drop constraint "inventory_count_line_count_id_foreign";`);

    this.addSql(`drop table if exists "safety_stock" cascade;`);

    this.addSql(`drop table if exists "transfer" cascade;`);

    this.addSql(`drop table if exists "stock_move" cascade;`);

    this.addSql(`drop table if exists "quant" cascade;`);

    this.addSql(`drop table if exists "inventory_count" cascade;`);

    this.addSql(`drop table if exists "inventory_count_line" cascade;`);

    this.addSql(`drop type "transfer_type";`);
    this.addSql(`drop type "transfer_state";`);
    this.addSql(`drop type "move_state";`);
    this.addSql(`drop type "count_state";`);
  }

}
