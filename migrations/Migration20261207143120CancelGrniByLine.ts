import { Migration } from '@mikro-orm/migrations';

/**
 * vendor_bill_line.cancel_grni_adjustment: what a bill's cancellation moved GR/IR by for the line
 * beyond taking back what it cleared, so that what a cancelled bill leaves in GR/IR is read per
 * order line (openGrniOf read it from the ledger, whose lines carry the bill and the product only,
 * and shared it over the bill's lines of the product by quantity: one bill billing a product on
 * two order lines received at different rates moved one line's GR/IR to the other).
 *
 * Bills cancelled before this get what that reading gave them (the ledger's GR/IR net of the bill
 * and product, shared by quantity, to the cent), the last line of each product taking what the
 * rounding left so that the lines add up to the ledger exactly (documents posted since were
 * posted against that reading). The enums are compared as text: on
 * a fresh database 'CANCELLED' is added to vendor_bill_state in the same transaction.
 */
export class Migration20261207143120CancelGrniByLine extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "vendor_bill_line" add column "cancel_grni_adjustment" numeric(20,2) null;`);
    this.addSql(`
      with line as (
        select bl.id, bl.bill_id, bl.product_id, bl.product_quantity,
               coalesce((select sum(jl.credit - jl.debit) from journal_line jl
                           join account a on a.id = jl.account_id and a.role::text = 'GRNI'
                          where jl.bill_id = bl.bill_id and jl.product_id = bl.product_id
                            and jl.credit_note_id is null and jl.company_id = bl.company_id), 0) as total,
               sum(bl.product_quantity) over (partition by bl.bill_id, bl.product_id) as quantity,
               row_number() over (partition by bl.bill_id, bl.product_id
                                  order by (bl.product_quantity > 0) desc, bl.created_at desc, bl.id desc) as rn
          from vendor_bill_line bl join vendor_bill b on b.id = bl.bill_id
         where b.state::text = 'CANCELLED'),
      shared as (
        select id, bill_id, product_id, rn, total,
               case when rn = 1 then null
                    when quantity > 0 and product_quantity > 0 then round(total * product_quantity / quantity, 2)
                    else 0 end as share
          from line)
      update "vendor_bill_line" bl
         set cancel_grni_adjustment = coalesce(s.share, s.total - (
               select coalesce(sum(o.share), 0) from shared o
                where o.bill_id = s.bill_id and o.product_id = s.product_id and o.rn > 1))
        from shared s
       where s.id = bl.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "vendor_bill_line" drop column "cancel_grni_adjustment";`);
  }
}
