import { Migration } from '@mikro-orm/migrations';

/**
 * Currencies (issue 23): exchange rates per company, currency and day; the company-currency
 * figures of posted bills; and the exchange gain (4800) and loss (6800) accounts for every
 * existing company. Migrations run in one transaction, where a value added to an enum cannot be
 * used, so account_role is rebuilt (as Migration20261207050000OpeningBalance did) from the
 * values it has now plus the two new ones: built from the live type rather than a written list,
 * it keeps any value another migration added meanwhile, whichever of the two runs first.
 */
export class Migration20261207055100Currencies extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "exchange_rate" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "currency" varchar(3) not null, "date" date not null, "rate" numeric(24,10) not null, "set_by" varchar(200) null, constraint "exchange_rate_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "exchange_rate" add constraint "exchange_rate_company_id_currency_date_unique" unique ("company_id", "currency", "date");`,
    );
    this.addSql(
      `alter table "exchange_rate" add constraint "exchange_rate_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(`do $$
      declare
        labels text;
      begin
        select string_agg(quote_literal(t.v), ', ' order by t.n) into labels
          from (select e.enumlabel::text as v, e.enumsortorder::float8 as n
                  from pg_enum e where e.enumtypid = 'account_role'::regtype
                union all
                select x.v, 1000000 + x.i from (values ('EXCHANGE_GAIN', 1), ('EXCHANGE_LOSS', 2)) x(v, i)
                 where not exists (select 1 from pg_enum e
                                    where e.enumtypid = 'account_role'::regtype and e.enumlabel = x.v)) t;
        execute format('create type "account_role_v2" as enum (%s)', labels);
      end $$;`);
    this.addSql(`alter table "account" alter column "role" type "account_role_v2" using "role"::text::"account_role_v2";`);
    this.addSql(`drop type "account_role";`);
    this.addSql(`alter type "account_role_v2" rename to "account_role";`);

    // 4800 and 6800 unless a company already used the code for an account of its own.
    this.addSql(`insert into "account" ("id", "company_id", "code", "name", "type", "role", "allow_manual")
      select gen_random_uuid(), c.id,
             case when exists (select 1 from "account" a where a.company_id = c.id and a.code = x.code)
                  then x.code || '-FX' else x.code end,
             x.name, x.type::"account_type", x.role::"account_role", true
        from "company" c
       cross join (values ('4800', 'Exchange gains', 'INCOME', 'EXCHANGE_GAIN'),
                          ('6800', 'Exchange losses', 'EXPENSE', 'EXCHANGE_LOSS')) x(code, name, type, role)
       where not exists (select 1 from "account" a where a.company_id = c.id and a.role::text = x.role);`);

    this.addSql(
      `alter table "vendor_bill" add column "exchange_rate" numeric(24,10) null, add column "company_amount_total" numeric(20,2) null;`,
    );
    this.addSql(`alter table "vendor_bill_line" add column "cleared_value" numeric(20,2) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "exchange_rate" cascade;`);
    this.addSql(
      `delete from "account" where "role" in ('EXCHANGE_GAIN', 'EXCHANGE_LOSS') and not exists (select 1 from "journal_line" l where l.account_id = "account".id);`,
    );
    this.addSql(`alter table "vendor_bill" drop column "exchange_rate", drop column "company_amount_total";`);
    this.addSql(`alter table "vendor_bill_line" drop column "cleared_value";`);
  }
}
