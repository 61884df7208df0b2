import { Migration } from '@mikro-orm/migrations';

export class Migration20261124193551 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "vendor_bill_state" as enum ('MATCHED', 'ON_HOLD', 'APPROVED');`);
    this.addSql(`create type "purchase_order_state" as enum ('DRAFT', 'TO_APPROVE', 'CONFIRMED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'BILLED', 'CANCELLED');`);
    this.addSql(`create table "partner" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "email" varchar(200) null, "currency" varchar(3) not null, "is_supplier" boolean not null default true, "active" boolean not null default true, constraint "partner_pkey" primary key ("id"));`);
    this.addSql(`create index "partner_company_id_name_index" on "partner" ("company_id", "name");`);
    this.addSql(`alter table "partner" add constraint "partner_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "purchasing_settings" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "approval_threshold" numeric(20,6) not null default '10000', "over_receipt_tolerance_percent" numeric(9,4) not null default '0', "bill_quantity_tolerance_percent" numeric(9,4) not null default '0', "bill_price_tolerance_percent" numeric(9,4) not null default '2', constraint "purchasing_settings_pkey" primary key ("id"));`);
    this.addSql(`alter table "purchasing_settings" add constraint "purchasing_settings_company_id_unique" unique ("company_id");`);

    this.addSql(`create table "supplier_price" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_id" uuid not null, "product_id" uuid not null, "supplier_sku" varchar(64) null, "purchase_uom_id" uuid not null, "unit_price" numeric(20,6) not null, "currency" varchar(3) not null, "min_quantity" numeric(20,6) not null default '0', "lead_time_days" int not null default 0, "preferred" boolean not null default false, constraint "supplier_price_pkey" primary key ("id"));`);
    this.addSql(`create index "supplier_price_product_id_index" on "supplier_price" ("product_id");`);
    this.addSql(`alter table "supplier_price" add constraint "supplier_price_supplier_id_product_id_unique" unique ("supplier_id", "product_id");`);

    this.addSql(`create table "vendor_bill" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_id" uuid not null, "reference" varchar(100) not null, "bill_date" timestamptz not null, "state" "vendor_bill_state" not null, "currency" varchar(3) not null, "amount_total" numeric(20,6) not null, "exception_list" jsonb not null, "created_by" varchar(200) null, "approved_by" varchar(200) null, "approved_at" timestamptz null, "posted_at" timestamptz null, constraint "vendor_bill_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_bill_company_id_state_index" on "vendor_bill" ("company_id", "state");`);
    this.addSql(`alter table "vendor_bill" add constraint "vendor_bill_supplier_id_reference_unique" unique ("supplier_id", "reference");`);

    this.addSql(`create table "reorder_rule" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "product_id" uuid not null, "warehouse_id" uuid not null, "min_quantity" numeric(20,6) not null, "max_quantity" numeric(20,6) not null, "multiple" numeric(20,6) not null default '1', "active" boolean not null default true, constraint "reorder_rule_pkey" primary key ("id"));`);
    this.addSql(`alter table "reorder_rule" add constraint "reorder_rule_product_id_warehouse_id_unique" unique ("product_id", "warehouse_id");`);

    this.addSql(`create table "purchase_order" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "supplier_id" uuid not null, "warehouse_id" uuid not null, "state" "purchase_order_state" not null, "currency" varchar(3) not null, "amount_total" numeric(20,6) not null default '0', "notes" varchar(2000) null, "origin" varchar(32) null, "created_by" varchar(200) null, "confirmed_at" timestamptz null, "approved_by" varchar(200) null, "approved_at" timestamptz null, "reason" varchar(500) null, "version" int not null default 1, constraint "purchase_order_pkey" primary key ("id"));`);
    this.addSql(`create index "purchase_order_supplier_id_index" on "purchase_order" ("supplier_id");`);
    this.addSql(`create index "purchase_order_company_id_state_index" on "purchase_order" ("company_id", "state");`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "purchase_order_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "order_id" uuid not null, "sequence" int not null, "product_id" uuid not null, "quantity" numeric(20,6) not null, "uom_id" uuid not null, "product_quantity" numeric(20,6) not null, "unit_price" numeric(20,6) not null, "expected_date" timestamptz not null, "promised_date" timestamptz null, "received_quantity" numeric(20,6) not null default '0', "billed_quantity" numeric(20,6) not null default '0', "closed_short" boolean not null default false, constraint "purchase_order_line_pkey" primary key ("id"));`);
    this.addSql(`create index "purchase_order_line_product_id_index" on "purchase_order_line" ("product_id");`);
    this.addSql(`create index "purchase_order_line_order_id_index" on "purchase_order_line" ("order_id");`);

    this.addSql(`create table "vendor_bill_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "bill_id" uuid not null, "purchase_line_id" uuid not null, "product_id" uuid not null, "quantity" numeric(20,6) not null, "product_quantity" numeric(20,6) not null, "unit_price" numeric(20,6) not null, "amount" numeric(20,6) not null, constraint "vendor_bill_line_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_bill_line_purchase_line_id_index" on "vendor_bill_line" ("purchase_line_id");`);
    this.addSql(`create index "vendor_bill_line_bill_id_index" on "vendor_bill_line" ("bill_id");`);

    this.addSql(`create table "purchase_line_move" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "line_id" uuid not null, "move_id" uuid not null, constraint "purchase_line_move_pkey" primary key ("id"));`);
    this.addSql(`alter table "purchase_line_move" add constraint "purchase_line_move_move_id_unique" unique ("move_id");`);
    this.addSql(`create index "purchase_line_move_line_id_index" on "purchase_line_move" ("line_id");`);

    this.addSql(`alter table "partner" add constraint "partner_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "purchasing_settings" add constraint "purchasing_settings_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "supplier_price" add constraint "supplier_price_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_price" add constraint "supplier_price_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_price" add constraint "supplier_price_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_price" add constraint "supplier_price_purchase_uom_id_foreign" foreign key ("purchase_uom_id") references "uom" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_bill" add constraint "vendor_bill_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_bill" add constraint "vendor_bill_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reorder_rule" add constraint "reorder_rule_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reorder_rule" add constraint "reorder_rule_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reorder_rule" add constraint "reorder_rule_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "purchase_order" add constraint "purchase_order_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_uom_id_foreign" foreign key ("uom_id") references "uom" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_bill_line" add constraint "vendor_bill_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_bill_line" add constraint "vendor_bill_line_bill_id_foreign" foreign key ("bill_id") references "vendor_bill" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "vendor_bill_line" add constraint "vendor_bill_line_purchase_line_id_foreign" foreign key ("purchase_line_id") references "purchase_order_line" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_bill_line" add constraint "vendor_bill_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "purchase_line_move" add constraint "purchase_line_move_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "purchase_line_move" add constraint "purchase_line_move_line_id_foreign" foreign key ("line_id") references "purchase_order_line" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "purchase_line_move" add constraint "purchase_line_move_move_id_foreign" foreign key ("move_id") references "stock_move" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "supplier_price" drop constraint "supplier_price_supplier_id_foreign";`);

    this.addSql(`alter table "vendor_bill" drop constraint "vendor_bill_supplier_id_foreign";`);

    this.addSql(`alter table "purchase_order" drop constraint "purchase_order_supplier_id_foreign";`);

    this.addSql(`alter table "vendor_bill_line" drop constraint "vendor_bill_line_bill_id_foreign";`);

    this.addSql(`alter table "purchase_order_line" drop constraint "purchase_order_line_order_id_foreign";`);

    this.addSql(`alter table "vendor_bill_line" drop constraint "vendor_bill_line_purchase_line_id_foreign";`);

    this.addSql(`alter table "purchase_line_move" drop constraint "purchase_line_move_line_id_foreign";`);

    this.addSql(`drop table if exists "partner" cascade;`);

    this.addSql(`drop table if exists "purchasing_settings" cascade;`);

    this.addSql(`drop table if exists "supplier_price" cascade;`);

    this.addSql(`drop table if exists "vendor_bill" cascade;`);

    this.addSql(`drop table if exists "reorder_rule" cascade;`);

    this.addSql(`drop table if exists "purchase_order" cascade;`);

    this.addSql(`drop table if exists "purchase_order_line" cascade;`);

    this.addSql(`drop table if exists "vendor_bill_line" cascade;`);

    this.addSql(`drop table if exists "purchase_line_move" cascade;`);

    this.addSql(`drop type "vendor_bill_state";`);
    this.addSql(`drop type "purchase_order_state";`);
  }

}
