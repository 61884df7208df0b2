import { Migration } from '@mikro-orm/migrations';

/**
 * Supplier credits (issue 23): applications of an open credit to a bill and refunds received
 * (vendor_credit_application), and journal_line.payment_id, the payment whose advance an
 * accounts payable line books. The advance lines posted before this carry their payment here:
 * a new column of posted lines, filled once, their amounts untouched (the immutability guard is
 * set aside for this one statement). entry_source gains CREDIT_APPLICATION and REFUND (no row
 * uses them in this transaction).
 */
export class Migration20261207135929VendorCredits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "vendor_credit_use_kind" as enum ('BILL', 'REFUND');`);
    this.addSql(`create table "vendor_credit_application" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "supplier_id" uuid not null, "kind" "vendor_credit_use_kind" not null, "name" varchar(40) not null, "bill_id" uuid null, "source_payment_id" uuid null, "source_credit_note_id" uuid null, "source_bill_id" uuid null, "amount" numeric(20,2) not null, "currency" varchar(3) not null, "date" timestamptz not null, "memo" varchar(200) null, "created_by" varchar(200) not null, "entry_id" uuid null, "state" "vendor_payment_state" not null default 'POSTED', "cancelled_by" varchar(200) null, "cancelled_at" timestamptz null, "cancel_reason" varchar(500) null, constraint "vendor_credit_application_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_credit_application_source_credit_note_id_index" on "vendor_credit_application" ("source_credit_note_id");`);
    this.addSql(`create index "vendor_credit_application_source_bill_id_index" on "vendor_credit_application" ("source_bill_id");`);
    this.addSql(`create index "vendor_credit_application_source_payment_id_index" on "vendor_credit_application" ("source_payment_id");`);
    this.addSql(`create index "vendor_credit_application_bill_id_index" on "vendor_credit_application" ("bill_id");`);
    this.addSql(`create index "vendor_credit_application_company_id_date_index" on "vendor_credit_application" ("company_id", "date");`);

    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_bill_id_foreign" foreign key ("bill_id") references "vendor_bill" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_source_payment_id_foreign" foreign key ("source_payment_id") references "vendor_payment" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_source_credit_note_id_foreign" foreign key ("source_credit_note_id") references "vendor_credit_note" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_source_bill_id_foreign" foreign key ("source_bill_id") references "vendor_bill" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter type "entry_source" add value if not exists 'CREDIT_APPLICATION' after 'PAYMENT';`);

    this.addSql(`alter type "entry_source" add value if not exists 'REFUND' after 'CREDIT_APPLICATION';`);

    this.addSql(`alter table "journal_line" add column "payment_id" uuid null;`);
    this.addSql(`alter table "journal_line" add constraint "journal_line_payment_id_foreign" foreign key ("payment_id") references "vendor_payment" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "journal_line_payment_id_index" on "journal_line" ("payment_id");`);
    this.addSql(`alter table "vendor_credit_application" add constraint "vendor_credit_application_one_source_check"
      check (num_nonnulls("source_payment_id", "source_credit_note_id", "source_bill_id") >= 1);`);

    this.addSql(`alter table "journal_line" disable trigger "journal_line_guard";`);
    this.addSql(`update "journal_line" l set "payment_id" = p.id
       from "vendor_payment" p, "account" a
      where l.entry_id = p.entry_id and a.id = l.account_id and a.role = 'ACCOUNTS_PAYABLE' and l.bill_id is null;`);
    this.addSql(`update "journal_line" l set "payment_id" = p.id
       from "vendor_payment" p, "journal_entry" r, "account" a
      where r.reversal_of_id = p.entry_id and l.entry_id = r.id and a.id = l.account_id
        and a.role = 'ACCOUNTS_PAYABLE' and l.bill_id is null;`);
    this.addSql(`alter table "journal_line" enable trigger "journal_line_guard";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vendor_credit_application" cascade;`);

    this.addSql(`alter table "journal_line" disable trigger "journal_line_guard";`);
    this.addSql(`alter table "journal_line" drop constraint "journal_line_payment_id_foreign";`);

    this.addSql(`drop index "journal_line_payment_id_index";`);
    this.addSql(`alter table "journal_line" drop column "payment_id";`);
    this.addSql(`alter table "journal_line" enable trigger "journal_line_guard";`);

    this.addSql(`drop type "vendor_credit_use_kind";`);
  }

}
