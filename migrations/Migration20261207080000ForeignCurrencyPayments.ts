import { Migration } from '@mikro-orm/migrations';

/**
 * Foreign-currency vendor payments (issue 23): a payment's amounts are in its currency (up to 6
 * decimals, as bills), with the rate of its date and what the bank paid in the company currency;
 * an allocation keeps the payables it cleared (company currency, at the bill's booked rate) and
 * its realized exchange difference. Payments made before were all in the company currency at 1:
 * their company amounts are their amounts, with no exchange difference.
 */
export class Migration20261207080000ForeignCurrencyPayments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "vendor_payment" add column "exchange_rate" numeric(24,10) not null default '1', add column "company_amount" numeric(20,2) null;`,
    );
    this.addSql(`alter table "vendor_payment" alter column "amount" type numeric(20,6) using ("amount"::numeric(20,6));`);
    this.addSql(
      `alter table "vendor_payment" alter column "unallocated_amount" type numeric(20,6) using ("unallocated_amount"::numeric(20,6));`,
    );
    this.addSql(
      `alter table "vendor_payment_allocation" add column "company_amount" numeric(20,2) null, add column "exchange_difference" numeric(20,2) not null default '0';`,
    );
    this.addSql(
      `alter table "vendor_payment_allocation" alter column "amount" type numeric(20,6) using ("amount"::numeric(20,6));`,
    );
    this.addSql(
      `alter table "vendor_payment_allocation" alter column "discount" type numeric(20,6) using ("discount"::numeric(20,6));`,
    );
    this.addSql(`update "vendor_payment" set "company_amount" = "amount";`);
    this.addSql(`update "vendor_payment_allocation" set "company_amount" = "amount" + "discount";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "vendor_payment" drop column "exchange_rate", drop column "company_amount";`);
    this.addSql(`alter table "vendor_payment" alter column "amount" type numeric(20,2) using ("amount"::numeric(20,2));`);
    this.addSql(
      `alter table "vendor_payment" alter column "unallocated_amount" type numeric(20,2) using ("unallocated_amount"::numeric(20,2));`,
    );
    this.addSql(`alter table "vendor_payment_allocation" drop column "company_amount", drop column "exchange_difference";`);
    this.addSql(
      `alter table "vendor_payment_allocation" alter column "amount" type numeric(20,2) using ("amount"::numeric(20,2));`,
    );
    this.addSql(
      `alter table "vendor_payment_allocation" alter column "discount" type numeric(20,2) using ("discount"::numeric(20,2));`,
    );
  }
}
