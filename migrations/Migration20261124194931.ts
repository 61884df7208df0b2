import { Migration } from '@mikro-orm/migrations';

export class Migration20261124194931 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "account_type" as enum ('ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE');`);
    this.addSql(`create type "account_role" as enum ('INVENTORY', 'GRNI', 'ACCOUNTS_PAYABLE', 'COGS', 'SHRINKAGE', 'SCRAP', 'PRICE_VARIANCE', 'LANDED_COST_CLEARING');`);
    this.addSql(`create type "entry_state" as enum ('DRAFT', 'POSTED');`);
    this.addSql(`create type "entry_source" as enum ('MANUAL', 'STOCK', 'VENDOR_BILL', 'LANDED_COST', 'REVERSAL');`);
    this.addSql(`create type "landed_cost_method" as enum ('QUANTITY', 'VALUE', 'WEIGHT');`);
    this.addSql(`create type "landed_cost_kind" as enum ('FREIGHT', 'DUTY', 'INSURANCE', 'OTHER');`);
    this.addSql(`create table "account" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "type" "account_type" not null, "role" "account_role" null, "allow_manual" boolean not null default true, constraint "account_pkey" primary key ("id"));`);
    this.addSql(`create unique index "account_company_role_unique" on "account" ("company_id", "role") where "role" is not null;`);
    this.addSql(`alter table "account" add constraint "account_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "fiscal_period" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(64) not null, "start_date" date not null, "end_date" date not null, "locked" boolean not null default false, "locked_at" timestamptz null, "locked_by" varchar(200) null, constraint "fiscal_period_pkey" primary key ("id"));`);
    this.addSql(`create index "fiscal_period_company_id_start_date_index" on "fiscal_period" ("company_id", "start_date");`);
    this.addSql(`alter table "fiscal_period" add constraint "fiscal_period_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "journal" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(16) not null, "name" varchar(200) not null, constraint "journal_pkey" primary key ("id"));`);
    this.addSql(`alter table "journal" add constraint "journal_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "journal_entry" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "journal_id" uuid not null, "number" bigint not null, "name" varchar(40) not null, "date" timestamptz not null, "state" "entry_state" not null, "source" "entry_source" not null, "reference" varchar(200) null, "memo" varchar(1000) null, "reversal_of_id" uuid null, "total" numeric(20,2) not null, "posted_at" timestamptz null, "posted_by" varchar(200) null, "created_by" varchar(200) not null, constraint "journal_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_reversal_of_id_unique" unique ("reversal_of_id");`);
    this.addSql(`create index "journal_entry_company_id_reference_index" on "journal_entry" ("company_id", "reference");`);
    this.addSql(`create index "journal_entry_company_id_number_index" on "journal_entry" ("company_id", "number");`);
    this.addSql(`create index "journal_entry_company_id_date_index" on "journal_entry" ("company_id", "date");`);

    this.addSql(`create table "landed_cost" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "reference" varchar(200) null, "date" timestamptz not null, "method" "landed_cost_method" not null, "amount" numeric(20,2) not null, "entry_id" uuid null, constraint "landed_cost_pkey" primary key ("id"));`);
    this.addSql(`alter table "landed_cost" add constraint "landed_cost_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "landed_cost_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "landed_cost_id" uuid not null, "kind" "landed_cost_kind" not null, "amount" numeric(20,2) not null, "label" varchar(200) null, constraint "landed_cost_line_pkey" primary key ("id"));`);

    this.addSql(`create table "valuation_layer" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "seq" bigint not null, "product_id" uuid not null, "warehouse_id" uuid null, "date" timestamptz not null, "quantity" numeric(20,6) not null, "value" numeric(20,2) not null, "remaining_quantity" numeric(20,6) not null, "remaining_value" numeric(20,2) not null, "stock_move_id" uuid null, "landed_cost_id" uuid null, "entry_id" uuid null, constraint "valuation_layer_pkey" primary key ("id"));`);
    this.addSql(`create index "valuation_layer_stock_move_id_index" on "valuation_layer" ("stock_move_id");`);
    this.addSql(`create index "valuation_layer_company_id_date_index" on "valuation_layer" ("company_id", "date");`);
    this.addSql(`create index "valuation_layer_open_index" on "valuation_layer" ("product_id", "warehouse_id", "seq") where "remaining_quantity" > 0;`);

    this.addSql(`create table "landed_cost_allocation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "landed_cost_id" uuid not null, "stock_move_id" uuid not null, "product_id" uuid not null, "warehouse_id" uuid null, "amount" numeric(20,2) not null, "on_hand_amount" numeric(20,2) not null, "consumed_amount" numeric(20,2) not null, constraint "landed_cost_allocation_pkey" primary key ("id"));`);

    this.addSql(`create table "journal_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "entry_id" uuid not null, "account_id" uuid not null, "debit" numeric(20,2) not null, "credit" numeric(20,2) not null, "label" varchar(500) null, "product_id" uuid null, "warehouse_id" uuid null, "stock_move_id" uuid null, "partner_id" uuid null, "bill_id" uuid null, "landed_cost_id" uuid null, constraint "journal_line_pkey" primary key ("id"), constraint journal_line_amounts_check check (debit >= 0 and credit >= 0 and (debit = 0 or credit = 0)));`);
    this.addSql(`create index "journal_line_bill_id_index" on "journal_line" ("bill_id");`);
    this.addSql(`create index "journal_line_stock_move_id_index" on "journal_line" ("stock_move_id");`);
    this.addSql(`create index "journal_line_account_id_index" on "journal_line" ("account_id");`);
    this.addSql(`create index "journal_line_entry_id_index" on "journal_line" ("entry_id");`);

    this.addSql(`alter table "account" add constraint "account_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "fiscal_period" add constraint "fiscal_period_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "journal" add constraint "journal_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "journal_entry" add constraint "journal_entry_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_journal_id_foreign" foreign key ("journal_id") references "journal" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_reversal_of_id_foreign" foreign key ("reversal_of_id") references "journal_entry" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "landed_cost" add constraint "landed_cost_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "landed_cost" add constraint "landed_cost_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "landed_cost_line" add constraint "landed_cost_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "landed_cost_line" add constraint "landed_cost_line_landed_cost_id_foreign" foreign key ("landed_cost_id") references "landed_cost" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_stock_move_id_foreign" foreign key ("stock_move_id") references "stock_move" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_landed_cost_id_foreign" foreign key ("landed_cost_id") references "landed_cost" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer" add constraint "valuation_layer_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "landed_cost_allocation" add constraint "landed_cost_allocation_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "landed_cost_allocation" add constraint "landed_cost_allocation_landed_cost_id_foreign" foreign key ("landed_cost_id") references "landed_cost" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "landed_cost_allocation" add constraint "landed_cost_allocation_stock_move_id_foreign" foreign key ("stock_move_id") references "stock_move" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "landed_cost_allocation" add constraint "landed_cost_allocation_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "landed_cost_allocation" add constraint "landed_cost_allocation_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "journal_line" add constraint "journal_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_stock_move_id_foreign" foreign key ("stock_move_id") references "stock_move" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_bill_id_foreign" foreign key ("bill_id") references "vendor_bill" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_landed_cost_id_foreign" foreign key ("landed_cost_id") references "landed_cost" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "product" add column "weight" numeric(20,6) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "journal_line" drop constraint "journal_line_account_id_foreign";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_journal_id_foreign";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_reversal_of_id_foreign";`);

    this.addSql(`alter table "landed_cost" drop constraint "landed_cost_entry_id_foreign";`);

    this.addSql(`alter table "valuation_layer" drop constraint "valuation_layer_entry_id_foreign";`);

    this.addSql(`alter table "journal_line" drop constraint "journal_line_entry_id_foreign";`);

    this.addSql(`alter table "landed_cost_line" drop constraint "landed_cost_line_landed_cost_id_foreign";`);

    this.addSql(`alter table "valuation_layer" drop constraint "valuation_layer_landed_cost_id_foreign";`);

    this.addSql(`alter table "landed_cost_allocation" drop constraint "landed_cost_allocation_landed_cost_id_foreign";`);

    this.addSql(`alter table "journal_line" drop constraint "journal_line_landed_cost_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "fiscal_period" cascade;`);

    this.addSql(`drop table if exists "journal" cascade;`);

    this.addSql(`drop table if exists "journal_entry" cascade;`);

    this.addSql(`drop table if exists "landed_cost" cascade;`);

    this.addSql(`drop table if exists "landed_cost_line" cascade;`);

    this.addSql(`drop table if exists "valuation_layer" cascade;`);

    this.addSql(`drop table if exists "landed_cost_allocation" cascade;`);

    this.addSql(`drop table if exists "journal_line" cascade;`);

    this.addSql(`alter table "product" drop column "weight";`);

    this.addSql(`drop type "account_type";`);
    this.addSql(`drop type "account_role";`);
    this.addSql(`drop type "entry_state";`);
    this.addSql(`drop type "entry_source";`);
    this.addSql(`drop type "landed_cost_method";`);
    this.addSql(`drop type "landed_cost_kind";`);
  }

}
