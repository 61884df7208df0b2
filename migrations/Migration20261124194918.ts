import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written (the generator cannot express triggers): keeps reserved_stock equal to the open
 * quantity of active reservation lines per product x warehouse, whoever writes the lines (the
 * reservation services, the sweeper, plain SQL). Statement-level, so a statement touching many
 * lines updates each pair once, in (product, warehouse) order: concurrent writers lock the
 * counters in one global order and cannot deadlock on them.
 */
export class Migration20261124194918 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function reserved_stock_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into reserved_stock (product_id, warehouse_id, company_id, quantity)
    select product_id, warehouse_id, min(company_id::text)::uuid, sum(quantity - fulfilled_quantity)
      from new_rows where state = 'ACTIVE'
     group by product_id, warehouse_id having sum(quantity - fulfilled_quantity) <> 0
     order by product_id, warehouse_id
    on conflict (product_id, warehouse_id) do update set quantity = reserved_stock.quantity + excluded.quantity;
  elsif tg_op = 'UPDATE' then
    insert into reserved_stock (product_id, warehouse_id, company_id, quantity)
    select product_id, warehouse_id, min(company_id::text)::uuid, sum(delta)
      from (select product_id, warehouse_id, company_id, quantity - fulfilled_quantity as delta
              from new_rows where state = 'ACTIVE'
            union all
            select product_id, warehouse_id, company_id, fulfilled_quantity - quantity
              from old_rows where state = 'ACTIVE') d
     group by product_id, warehouse_id having sum(delta) <> 0
     order by product_id, warehouse_id
    on conflict (product_id, warehouse_id) do update set quantity = reserved_stock.quantity + excluded.quantity;
  else
    insert into reserved_stock (product_id, warehouse_id, company_id, quantity)
    select product_id, warehouse_id, min(company_id::text)::uuid, -sum(quantity - fulfilled_quantity)
      from old_rows where state = 'ACTIVE'
     group by product_id, warehouse_id having sum(quantity - fulfilled_quantity) <> 0
     order by product_id, warehouse_id
    on conflict (product_id, warehouse_id) do update set quantity = reserved_stock.quantity + excluded.quantity;
  end if;
  return null;
end
$$;`);
    this.addSql(`create trigger reserved_stock_on_insert after insert on reservation_line
      referencing new table as new_rows for each statement execute function reserved_stock_sync();`);
    this.addSql(`create trigger reserved_stock_on_update after update on reservation_line
      referencing old table as old_rows new table as new_rows for each statement execute function reserved_stock_sync();`);
    this.addSql(`create trigger reserved_stock_on_delete after delete on reservation_line
      referencing old table as old_rows for each statement execute function reserved_stock_sync();`);
    this.addSql(`insert into reserved_stock (product_id, warehouse_id, company_id, quantity)
      select product_id, warehouse_id, min(company_id::text)::uuid, sum(quantity - fulfilled_quantity)
        from reservation_line where state = 'ACTIVE' group by product_id, warehouse_id
      on conflict (product_id, warehouse_id) do update set quantity = excluded.quantity;`);
    this.addSql(`drop index if exists "reservation_line_active_index";`);
    this.addSql(`create index "reservation_line_active_index" on "reservation_line" ("product_id", "warehouse_id", "expires_at") where "state" = 'ACTIVE';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists reserved_stock_on_insert on reservation_line;`);
    this.addSql(`drop trigger if exists reserved_stock_on_update on reservation_line;`);
    this.addSql(`drop trigger if exists reserved_stock_on_delete on reservation_line;`);
    this.addSql(`drop function if exists reserved_stock_sync();`);
    this.addSql(`drop index if exists "reservation_line_active_index";`);
    this.addSql(`create index "reservation_line_active_index" on "reservation_line" ("product_id", "warehouse_id") where "state" = 'ACTIVE';`);
  }
}
