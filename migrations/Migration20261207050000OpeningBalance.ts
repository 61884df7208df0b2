import { Migration } from '@mikro-orm/migrations';

/**
 * Opening stock posts against an opening balance equity account (3900) instead of GR/IR, where
 * it waited for an invoice that never comes. Migrations run in one transaction, where a value
 * added to an enum cannot be used: account_role is rebuilt with the new value (a type created in
 * the transaction can be), so that every existing company gets its 3900 account here. The
 * Opening balance location is created on a company's first opening receipt (location_type is
 * used by views and functions, so it only gains the value).
 */
export class Migration20261207050000OpeningBalance extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "location_type" add value if not exists 'OPENING' after 'SCRAP';`);

    this.addSql(
      `create type "account_role_v2" as enum ('INVENTORY', 'GRNI', 'ACCOUNTS_PAYABLE', 'COGS', 'SHRINKAGE', 'SCRAP', 'PRICE_VARIANCE', 'LANDED_COST_CLEARING', 'OPENING_BALANCE');`,
    );
    this.addSql(`alter table "account" alter column "role" type "account_role_v2" using "role"::text::"account_role_v2";`);
    this.addSql(`drop type "account_role";`);
    this.addSql(`alter type "account_role_v2" rename to "account_role";`);

    // 3900 unless a company already used that code for an account of its own.
    this.addSql(`insert into "account" ("id", "company_id", "code", "name", "type", "role", "allow_manual")
      select gen_random_uuid(), c.id,
             case when exists (select 1 from "account" a where a.company_id = c.id and a.code = '3900')
                  then '3900-OB' else '3900' end,
             'Opening balance equity', 'EQUITY', 'OPENING_BALANCE', true
        from "company" c
       where not exists (select 1 from "account" a where a.company_id = c.id and a.role = 'OPENING_BALANCE');`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "account" where "role" = 'OPENING_BALANCE' and not exists (select 1 from "journal_line" l where l.account_id = "account".id);`);
  }
}
