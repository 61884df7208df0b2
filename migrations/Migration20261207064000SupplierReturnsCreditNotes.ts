import { Migration } from '@mikro-orm/migrations';

export class Migration20261207064000SupplierReturnsCreditNotes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "credit_note_state" as enum ('MATCHED', 'ON_HOLD', 'APPROVED', 'REJECTED');`);
    this.addSql(`create table "supplier_return" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(100) not null, "order_id" uuid not null, "supplier_id" uuid not null, "reason" varchar(500) not null, "return_date" timestamptz not null, "created_by" varchar(200) null, constraint "supplier_return_pkey" primary key ("id"));`);
    this.addSql(`create index "supplier_return_order_id_index" on "supplier_return" ("order_id");`);
    this.addSql(`alter table "supplier_return" add constraint "supplier_return_company_id_name_unique" unique ("company_id", "name");`);

    this.addSql(`create table "vendor_credit_note" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_id" uuid not null, "reference" varchar(100) not null, "credit_date" timestamptz not null, "state" "credit_note_state" not null, "currency" varchar(3) not null, "amount_total" numeric(20,6) not null, "bill_id" uuid null, "supplier_return_id" uuid null, "reason" varchar(500) null, "exception_list" jsonb not null, "created_by" varchar(200) null, "approved_by" varchar(200) null, "approved_at" timestamptz null, "posted_at" timestamptz null, "rejected_by" varchar(200) null, "reject_reason" varchar(500) null, constraint "vendor_credit_note_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_credit_note_supplier_return_id_index" on "vendor_credit_note" ("supplier_return_id");`);
    this.addSql(`create index "vendor_credit_note_bill_id_index" on "vendor_credit_note" ("bill_id");`);
    this.addSql(`create index "vendor_credit_note_company_id_state_index" on "vendor_credit_note" ("company_id", "state");`);
    this.addSql(`create unique index "vendor_credit_note_supplier_reference_unique" on "vendor_credit_note" ("supplier_id", "reference") where "state" in ('MATCHED', 'ON_HOLD', 'APPROVED');`);

    this.addSql(`create table "supplier_return_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_return_id" uuid not null, "purchase_line_id" uuid not null, "product_id" uuid not null, "product_quantity" numeric(20,6) not null, "unit_cost" numeric(20,6) not null, "credit_expected_quantity" numeric(20,6) not null default '0', "credited_quantity" numeric(20,6) not null default '0', constraint "supplier_return_line_pkey" primary key ("id"));`);
    this.addSql(`create index "supplier_return_line_purchase_line_id_index" on "supplier_return_line" ("purchase_line_id");`);
    this.addSql(`create index "supplier_return_line_supplier_return_id_index" on "supplier_return_line" ("supplier_return_id");`);

    this.addSql(`create table "vendor_credit_note_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "credit_note_id" uuid not null, "purchase_line_id" uuid not null, "return_line_id" uuid null, "product_id" uuid not null, "quantity" numeric(20,6) not null, "product_quantity" numeric(20,6) not null, "unit_price" numeric(20,6) not null, "amount" numeric(20,6) not null, constraint "vendor_credit_note_line_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_credit_note_line_purchase_line_id_index" on "vendor_credit_note_line" ("purchase_line_id");`);
    this.addSql(`create index "vendor_credit_note_line_credit_note_id_index" on "vendor_credit_note_line" ("credit_note_id");`);

    this.addSql(`create table "supplier_return_move" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "line_id" uuid not null, "move_id" uuid not null, constraint "supplier_return_move_pkey" primary key ("id"));`);
    this.addSql(`alter table "supplier_return_move" add constraint "supplier_return_move_move_id_unique" unique ("move_id");`);
    this.addSql(`create index "supplier_return_move_line_id_index" on "supplier_return_move" ("line_id");`);

    this.addSql(`alter table "supplier_return" add constraint "supplier_return_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_return" add constraint "supplier_return_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_return" add constraint "supplier_return_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_credit_note" add constraint "vendor_credit_note_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note" add constraint "vendor_credit_note_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note" add constraint "vendor_credit_note_bill_id_foreign" foreign key ("bill_id") references "vendor_bill" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note" add constraint "vendor_credit_note_supplier_return_id_foreign" foreign key ("supplier_return_id") references "supplier_return" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supplier_return_line" add constraint "supplier_return_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_return_line" add constraint "supplier_return_line_supplier_return_id_foreign" foreign key ("supplier_return_id") references "supplier_return" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "supplier_return_line" add constraint "supplier_return_line_purchase_line_id_foreign" foreign key ("purchase_line_id") references "purchase_order_line" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_return_line" add constraint "supplier_return_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_credit_note_line" add constraint "vendor_credit_note_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note_line" add constraint "vendor_credit_note_line_credit_note_id_foreign" foreign key ("credit_note_id") references "vendor_credit_note" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "vendor_credit_note_line" add constraint "vendor_credit_note_line_purchase_line_id_foreign" foreign key ("purchase_line_id") references "purchase_order_line" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note_line" add constraint "vendor_credit_note_line_return_line_id_foreign" foreign key ("return_line_id") references "supplier_return_line" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_note_line" add constraint "vendor_credit_note_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "supplier_return_move" add constraint "supplier_return_move_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "supplier_return_move" add constraint "supplier_return_move_line_id_foreign" foreign key ("line_id") references "supplier_return_line" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "supplier_return_move" add constraint "supplier_return_move_move_id_foreign" foreign key ("move_id") references "stock_move" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter type "entry_source" add value if not exists 'VENDOR_CREDIT_NOTE' after 'VENDOR_BILL';`);

    this.addSql(`alter table "stock_move" add column "origin_move_id" uuid null;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_origin_move_id_foreign" foreign key ("origin_move_id") references "stock_move" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "journal_line" add column "credit_note_id" uuid null;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_credit_note_id_foreign" foreign key ("credit_note_id") references "vendor_credit_note" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "journal_line_credit_note_id_index" on "journal_line" ("credit_note_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "vendor_credit_note" drop constraint "vendor_credit_note_supplier_return_id_foreign";`);

    this.addSql(`alter table "supplier_return_line" drop constraint "supplier_return_line_supplier_return_id_foreign";`);

    this.addSql(`alter table "vendor_credit_note_line" drop constraint "vendor_credit_note_line_credit_note_id_foreign";`);

    this.addSql(`alter table "journal_line" drop constraint "journal_line_credit_note_id_foreign";`);

    this.addSql(`alter table "vendor_credit_note_line" drop constraint "vendor_credit_note_line_return_line_id_foreign";`);

    this.addSql(`alter table "supplier_return_move" drop constraint "supplier_return_move_line_id_foreign";`);

    this.addSql(`drop table if exists "supplier_return" cascade;`);

    this.addSql(`drop table if exists "vendor_credit_note" cascade;`);

    this.addSql(`drop table if exists "supplier_return_line" cascade;`);

    this.addSql(`drop table if exists "vendor_credit_note_line" cascade;`);

    this.addSql(`drop table if exists "supplier_return_move" cascade;`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_origin_move_id_foreign";`);

    this.addSql(`drop index "journal_line_credit_note_id_index";`);
    this.addSql(`alter table "journal_line" drop column "credit_note_id";`);

    this.addSql(`alter table "stock_move" drop column "origin_move_id";`);

    this.addSql(`drop type "credit_note_state";`);
  }

}
