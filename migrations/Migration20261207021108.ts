import { Migration } from '@mikro-orm/migrations';

/**
 * Kits (issue 22). Generated: the kit_component table (a kit's components and their quantities)
 * and, on reservation lines, the kit a component line was reserved for and the whole kits it
 * holds. Hand-written: a kit has no stock of its own, so no move of a kit is ever written,
 * whatever the path (transfers, receipts, counts, scrap, imports): the statement is refused with
 * the check_violation `stock_move_kit_check`, which mutations answer as a userError.
 */

export class Migration20261207021108 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "kit_component" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "kit_id" uuid not null, "component_id" uuid not null, "quantity" numeric(20,6) not null, constraint "kit_component_pkey" primary key ("id"), constraint kit_component_quantity_check check (quantity > 0 and kit_id <> component_id));`);
    this.addSql(`create index "kit_component_component_id_index" on "kit_component" ("component_id");`);
    this.addSql(`alter table "kit_component" add constraint "kit_component_kit_id_component_id_unique" unique ("kit_id", "component_id");`);

    this.addSql(`alter table "kit_component" add constraint "kit_component_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "kit_component" add constraint "kit_component_kit_id_foreign" foreign key ("kit_id") references "product" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "kit_component" add constraint "kit_component_component_id_foreign" foreign key ("component_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reservation_line" add column "kit_id" uuid null, add column "kit_quantity" numeric(20,6) null;`);
    this.addSql(`alter table "reservation_line" add constraint "reservation_line_kit_id_foreign" foreign key ("kit_id") references "product" ("id") on update cascade on delete restrict;`);

    this.addSql(`create function stock_move_refuse_kit() returns trigger language plpgsql as $$
declare kit text;
begin
  select p.sku into kit
    from new_rows m join kit_component k on k.kit_id = m.product_id join product p on p.id = m.product_id
   limit 1;
  if kit is not null then
    raise exception using errcode = 'check_violation', constraint = 'stock_move_kit_check', detail = kit,
      message = format('%s is a kit: it has no stock of its own; move its components instead', kit);
  end if;
  return null;
end
$$;`);
    this.addSql(`create trigger stock_move_refuse_kit after insert on stock_move referencing new table as new_rows
  for each statement execute function stock_move_refuse_kit();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists stock_move_refuse_kit on stock_move;`);
    this.addSql(`drop function if exists stock_move_refuse_kit();`);
    this.addSql(`drop table if exists "kit_component" cascade;`);

    this.addSql(`alter table "reservation_line" drop constraint "reservation_line_kit_id_foreign";`);

    this.addSql(`alter table "reservation_line" drop column "kit_id", drop column "kit_quantity";`);
  }

}
