import { Migration } from '@mikro-orm/migrations';

/**
 * Payment terms, vendor payments and their allocations (issue 23), with the accounts and journal
 * payments post to. Migrations run in one transaction, where a value added to an enum cannot be
 * used: account_role is rebuilt (as Migration20261207050000OpeningBalance did) from the values it
 * has now plus BANK and EARLY_PAYMENT_DISCOUNT, read from pg_enum so that a value another
 * migration added is kept, and every existing company then gets its bank role, its 4900 early
 * payment discount account and its BNK journal here. entry_source only gains PAYMENT (no row
 * uses it in this transaction).
 */
export class Migration20261207063000VendorPayments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "payment_term" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "lines" jsonb not null, "discount_percent" numeric(9,4) null, "discount_days" int null, "active" boolean not null default true, constraint "payment_term_pkey" primary key ("id"));`);
    this.addSql(`alter table "payment_term" add constraint "payment_term_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "vendor_payment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_id" uuid not null, "name" varchar(40) not null, "date" timestamptz not null, "amount" numeric(20,2) not null, "currency" varchar(3) not null, "unallocated_amount" numeric(20,2) not null default '0', "memo" varchar(200) null, "created_by" varchar(200) not null, "entry_id" uuid null, constraint "vendor_payment_pkey" primary key ("id"));`);
    this.addSql(`create type "vendor_payment_state" as enum ('POSTED', 'CANCELLED');`);
    this.addSql(`alter table "vendor_payment" add column "state" "vendor_payment_state" not null default 'POSTED', add column "cancelled_by" varchar(200) null, add column "cancelled_at" timestamptz null, add column "cancel_reason" varchar(500) null;`);
    this.addSql(`create index "vendor_payment_supplier_id_index" on "vendor_payment" ("supplier_id");`);
    this.addSql(`create index "vendor_payment_company_id_date_index" on "vendor_payment" ("company_id", "date");`);

    this.addSql(`create table "vendor_payment_allocation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "payment_id" uuid not null, "bill_id" uuid not null, "amount" numeric(20,2) not null, "discount" numeric(20,2) not null default '0', constraint "vendor_payment_allocation_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_payment_allocation_bill_id_index" on "vendor_payment_allocation" ("bill_id");`);
    this.addSql(`create index "vendor_payment_allocation_payment_id_index" on "vendor_payment_allocation" ("payment_id");`);

    this.addSql(`alter table "payment_term" add constraint "payment_term_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_payment" add constraint "vendor_payment_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_payment" add constraint "vendor_payment_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_payment" add constraint "vendor_payment_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_payment_allocation" add constraint "vendor_payment_allocation_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_payment_allocation" add constraint "vendor_payment_allocation_payment_id_foreign" foreign key ("payment_id") references "vendor_payment" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "vendor_payment_allocation" add constraint "vendor_payment_allocation_bill_id_foreign" foreign key ("bill_id") references "vendor_bill" ("id") on update cascade on delete restrict;`);

    this.addSql(`do $$
      declare labels text;
      begin
        select string_agg(quote_literal(v), ', ' order by o) into labels from (
          select e.enumlabel as v, e.enumsortorder as o from pg_enum e join pg_type t on t.oid = e.enumtypid
           where t.typname = 'account_role'
          union all select 'BANK', 1e6 where not exists (select 1 from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'account_role' and e.enumlabel = 'BANK')
          union all select 'EARLY_PAYMENT_DISCOUNT', 1e6 + 1 where not exists (select 1 from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'account_role' and e.enumlabel = 'EARLY_PAYMENT_DISCOUNT')
        ) x;
        execute 'create type "account_role_next" as enum (' || labels || ')';
      end $$;`);
    this.addSql(`alter table "account" alter column "role" type "account_role_next" using "role"::text::"account_role_next";`);
    this.addSql(`drop type "account_role";`);
    this.addSql(`alter type "account_role_next" rename to "account_role";`);

    // The bank: account 1000 "Bank" of the default chart takes the role; a company that used
    // 1000 for something else gets a bank account of its own.
    this.addSql(`update "account" a set "role" = 'BANK'
      where a.code = '1000' and a.type = 'ASSET' and a.role is null
        and not exists (select 1 from "account" b where b.company_id = a.company_id and b.role = 'BANK');`);
    this.addSql(`insert into "account" ("id", "company_id", "code", "name", "type", "role", "allow_manual")
      select gen_random_uuid(), c.id,
             case when exists (select 1 from "account" a where a.company_id = c.id and a.code = '1010')
                  then '1010-BNK' else '1010' end,
             'Bank', 'ASSET', 'BANK', true
        from "company" c
       where not exists (select 1 from "account" a where a.company_id = c.id and a.role = 'BANK');`);
    this.addSql(`insert into "account" ("id", "company_id", "code", "name", "type", "role", "allow_manual")
      select gen_random_uuid(), c.id,
             case when exists (select 1 from "account" a where a.company_id = c.id and a.code = '4900')
                  then '4900-EPD' else '4900' end,
             'Early payment discounts received', 'INCOME', 'EARLY_PAYMENT_DISCOUNT', true
        from "company" c
       where not exists (select 1 from "account" a where a.company_id = c.id and a.role = 'EARLY_PAYMENT_DISCOUNT');`);
    this.addSql(`insert into "journal" ("id", "company_id", "code", "name", "allow_manual")
      select gen_random_uuid(), c.id, 'BNK', 'Bank (vendor payments)', false
        from "company" c
       where not exists (select 1 from "journal" j where j.company_id = c.id and j.code = 'BNK');`);

    this.addSql(`alter type "entry_source" add value if not exists 'PAYMENT' after 'REVERSAL';`);

    this.addSql(`alter table "partner" add column "payment_term_id" uuid null;`);
    this.addSql(`alter table "partner" add constraint "partner_payment_term_id_foreign" foreign key ("payment_term_id") references "payment_term" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "vendor_bill" add column "payment_term_id" uuid null, add column "due_date" date null, add column "installments" jsonb null, add column "discount_date" date null, add column "discount_amount" numeric(20,2) null;`);
    this.addSql(`alter table "vendor_bill" add constraint "vendor_bill_payment_term_id_foreign" foreign key ("payment_term_id") references "payment_term" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "journal" where "code" = 'BNK' and not exists (select 1 from "journal_entry" e where e.journal_id = "journal".id);`);
    this.addSql(`delete from "account" where "role" = 'EARLY_PAYMENT_DISCOUNT' and not exists (select 1 from "journal_line" l where l.account_id = "account".id);`);
    this.addSql(`update "account" set "role" = null where "role" = 'BANK';`);
    this.addSql(`alter table "partner" drop constraint "partner_payment_term_id_foreign";`);

    this.addSql(`alter table "vendor_bill" drop constraint "vendor_bill_payment_term_id_foreign";`);

    this.addSql(`alter table "vendor_payment_allocation" drop constraint "vendor_payment_allocation_payment_id_foreign";`);

    this.addSql(`drop table if exists "payment_term" cascade;`);

    this.addSql(`drop table if exists "vendor_payment" cascade;`);

    this.addSql(`drop table if exists "vendor_payment_allocation" cascade;`);
    this.addSql(`drop type if exists "vendor_payment_state";`);

    this.addSql(`alter table "partner" drop column "payment_term_id";`);

    this.addSql(`alter table "vendor_bill" drop column "payment_term_id", drop column "due_date", drop column "installments", drop column "discount_date", drop column "discount_amount";`);
  }

}
