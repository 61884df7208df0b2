import { Migration } from '@mikro-orm/migrations';

/**
 * Kits (issue 22). Generated: the kit_component table (a kit's components and their quantities)
 * and, on reservation lines, the kit a component line was reserved for and the whole kits it
 * holds. Hand-written: a kit has no stock of its own, so no move of a kit is ever written,
 * whatever the path (transfers, receipts, counts, scrap, imports): the statement is refused with
 * the check_violation `stock_move_kit_check`, which mutations answer as a userError.
 */

/**
 * Kit fan-out of stock-level events, a hook apart from the flush (src/modules/inventory/kit-figures.ts
 * states the rule): when the flush publishes a STOCK_LEVEL event of a kit component, the kits
 * using it get theirs in the same flush, from the same final state (so one commit touching two
 * components of a kit never shows a figure that did not exist), deduplicated like the others.
 * A kit's stock figures are floor(min(component figure / quantity)); its holds are 0 (they are
 * the components'). The payload also carries each component's available and quantity, so that
 * availabilityChanged applies a channel buffer per component as availability does; they are part
 * of what is compared, so a kit is pushed whenever a component's available changes.
 */
export function kitLevelFunction(options: { companySequence?: boolean } = {}): string {
  // With per-company sequences (Migration20261207045000KitEventsSequenced) a kit's event takes
  // the next number of its company from the flush's counters, handed over in stockline.event_seqs.
  const seq = options.companySequence;
  return `create or replace function stock_event_kit_levels() returns trigger language plpgsql as $$
declare
  r record;${seq ? '\n  seqs jsonb;\n  n bigint;' : ''}
  zero constant jsonb := jsonb_build_object('onHand', '0', 'pickable', '0', 'qualityHold', '0', 'damaged', '0', 'incoming', '0', 'inTransit', '0', 'outgoing', '0', 'committed', '0', 'safetyStock', '0', 'reserved', '0', 'available', '0', 'short', '0', 'forecast', '0');
begin
  if not exists (select from kit_component where component_id = new.product_id) then return null; end if;
  for r in
    with kits as (select distinct kit_id from kit_component where component_id = new.product_id),
    kc as (select k.kit_id, k.component_id, k.quantity from kit_component k where k.kit_id in (select kit_id from kits)),
    a as (select array(select distinct component_id from kc) as ps, array[new.warehouse_id] as ws),
    f as (select f.* from a, lateral stock_level_figures(a.ps, a.ws) f),
    k as (
      select kc.kit_id, f.warehouse_id, floor(min(f.on_hand / kc.quantity)) as on_hand, floor(min(f.pickable / kc.quantity)) as pickable, floor(min(f.quality_hold / kc.quantity)) as quality_hold, floor(min(f.damaged / kc.quantity)) as damaged, floor(min(f.incoming / kc.quantity)) as incoming, floor(min(f.in_transit / kc.quantity)) as in_transit, floor(min(f.available / kc.quantity)) as available, floor(min(f.forecast / kc.quantity)) as forecast,
             jsonb_agg(jsonb_build_object('productId', kc.component_id, 'quantity', trim_scale(kc.quantity)::text,
                                          'available', trim_scale(f.available)::text) order by kc.component_id) as components
        from kc join f on f.product_id = kc.component_id
       group by kc.kit_id, f.warehouse_id)
    select k.kit_id, k.warehouse_id, p.company_id, p.sku, w.code as warehouse_code, k.components,
           jsonb_build_object('onHand', trim_scale(k.on_hand)::text,
                                   'pickable', trim_scale(k.pickable)::text,
                                   'qualityHold', trim_scale(k.quality_hold)::text,
                                   'damaged', trim_scale(k.damaged)::text,
                                   'incoming', trim_scale(k.incoming)::text,
                                   'inTransit', trim_scale(k.in_transit)::text,
                                   'outgoing', '0',
                                   'committed', '0',
                                   'safetyStock', '0',
                                   'reserved', '0',
                                   'available', trim_scale(k.available)::text,
                                   'short', '0',
                                   'forecast', trim_scale(k.forecast)::text) as figures,
           pub.figures as published
      from k
      join product p on p.id = k.kit_id
      join warehouse w on w.id = k.warehouse_id
      left join stock_level_published pub on pub.product_id = k.kit_id and pub.warehouse_id = k.warehouse_id
     order by k.kit_id
  loop
    continue when r.figures || jsonb_build_object('components', r.components) = r.published;
    insert into stock_level_published (product_id, warehouse_id, figures)
    values (r.kit_id, r.warehouse_id, r.figures || jsonb_build_object('components', r.components))
      on conflict (product_id, warehouse_id) do update set figures = excluded.figures;
    ${seq ? `seqs := current_setting('stockline.event_seqs')::jsonb;
    n := (seqs->>r.company_id::text)::bigint + 1;
    perform set_config('stockline.event_seqs', jsonb_set(seqs, array[r.company_id::text], to_jsonb(n))::text, true);
    ` : ''}insert into stock_event (committed_at, company_id, kind, product_id, warehouse_id, cause_kind, cause_id, cause_reference, payload${seq ? ', company_sequence' : ''})
    values (new.committed_at, r.company_id, 'STOCK_LEVEL', r.kit_id, r.warehouse_id, new.cause_kind, new.cause_id,
            new.cause_reference,
            jsonb_build_object('sku', r.sku, 'warehouseCode', r.warehouse_code, 'figures', r.figures,
                               'previous', coalesce(r.published - 'components', zero), 'components', r.components)${seq ? ', n' : ''});
  end loop;
  return null;
end
$$;`;
}

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

    this.addSql(kitLevelFunction());
    this.addSql(`create trigger stock_event_kit_levels after insert on stock_event
  for each row when (new.kind = 'STOCK_LEVEL') execute function stock_event_kit_levels();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists stock_event_kit_levels on stock_event;`);
    this.addSql(`drop function if exists stock_event_kit_levels();`);
    this.addSql(`drop trigger if exists stock_move_refuse_kit on stock_move;`);
    this.addSql(`drop function if exists stock_move_refuse_kit();`);
    this.addSql(`drop table if exists "kit_component" cascade;`);

    this.addSql(`alter table "reservation_line" drop constraint "reservation_line_kit_id_foreign";`);

    this.addSql(`alter table "reservation_line" drop column "kit_id", drop column "kit_quantity";`);
  }

}
