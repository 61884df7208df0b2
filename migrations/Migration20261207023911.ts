import { Migration } from '@mikro-orm/migrations';

/**
 * Held bills can be rejected and posted bills cancelled (issue 23, item 1). Generated, then
 * hand-edited: the partial unique index names the live states (a new enum value cannot be
 * used in the transaction that adds it), and order lines stop counting bills on hold as billed.
 */
export class Migration20261207023911 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "vendor_bill_state" add value if not exists 'REJECTED' after 'APPROVED';`);

    this.addSql(`alter type "vendor_bill_state" add value if not exists 'CANCELLED' after 'REJECTED';`);

    this.addSql(`alter table "vendor_bill" drop constraint "vendor_bill_supplier_id_reference_unique";`);

    this.addSql(`alter table "vendor_bill" add column "cancelled_by" varchar(200) null, add column "cancelled_at" timestamptz null, add column "cancel_reason" varchar(500) null;`);
    this.addSql(`create unique index "vendor_bill_supplier_reference_unique" on "vendor_bill" ("supplier_id", "reference") where "state" in ('MATCHED', 'ON_HOLD', 'APPROVED');`);
    this.addSql(`update "purchase_order_line" pl set "billed_quantity" = pl."billed_quantity" - h.q
  from (select bl.purchase_line_id, sum(bl.product_quantity) as q
          from "vendor_bill_line" bl join "vendor_bill" b on b.id = bl.bill_id
         where b.state = 'ON_HOLD' group by bl.purchase_line_id) h
 where h.purchase_line_id = pl.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "purchase_order_line" pl set "billed_quantity" = pl."billed_quantity" + h.q
  from (select bl.purchase_line_id, sum(bl.product_quantity) as q
          from "vendor_bill_line" bl join "vendor_bill" b on b.id = bl.bill_id
         where b.state = 'ON_HOLD' group by bl.purchase_line_id) h
 where h.purchase_line_id = pl.id;`);
    this.addSql(`drop index "vendor_bill_supplier_reference_unique";`);
    this.addSql(`alter table "vendor_bill" drop column "cancelled_by", drop column "cancelled_at", drop column "cancel_reason";`);

    this.addSql(`alter table "vendor_bill" add constraint "vendor_bill_supplier_id_reference_unique" unique ("supplier_id", "reference");`);
  }

}
