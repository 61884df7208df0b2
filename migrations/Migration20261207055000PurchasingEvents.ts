import { Migration } from '@mikro-orm/migrations';
import { kitLevelFunction } from './Migration20261207021108';
import { causeFunction } from './Migration20261206233000QuantCauseId';
import { flushFunction } from './Migration20261207021500FlushInChunks';

/**
 * The rest of issue 22's events, all in the one stock event stream (same per-company sequence,
 * written at commit by the flush, so a rolled-back transaction leaves none):
 * - Purchasing events (order confirmed, received, bill held). The purchasing services stage each
 *   with its payload through `stock_event_stage_purchasing` (src/modules/purchasing/purchasing-events.ts)
 *   in their transaction; the flush numbers them after the stock events of the commit. Generated:
 *   the pending row's payload column.
 * - Kit definitions: a statement trigger on kit_component stages the kit (KIT); at commit the
 *   flush publishes the kit's figures in every warehouse where it or a component has published
 *   figures (or, for a product that is no longer a kit, its own figures again). Until now a
 *   changed definition showed only when a component next changed.
 * - Reservation events: each line names its kit (kitId, kitSku, kitQuantity) and the event lists
 *   the kits it holds.
 * `stock_event_kit_publish` is the kit fan-out of Migration20261207021108 made callable for any
 * kits and warehouses; the component trigger calls it, unchanged in effect.
 */

const ZERO = `jsonb_build_object('onHand', '0', 'pickable', '0', 'qualityHold', '0', 'damaged', '0', 'incoming', '0', 'inTransit', '0', 'outgoing', '0', 'committed', '0', 'safetyStock', '0', 'reserved', '0', 'available', '0', 'short', '0', 'forecast', '0')`;

/**
 * Publishes the figures of kits `p_kits` in warehouses `p_warehouses` (kit-figures.ts states the
 * rule) where they, or their components' available and quantities, differ from the published
 * ones (a pair never published and still all 0 is skipped, as the flush skips such a pair); each event takes the next number of its company from stockline.event_seqs (the flush's
 * counters). Returns the last stock_event.sequence written (null: none).
 */
export const kitPublishFunction = (options: { previousComponents?: boolean } = {}) => `create or replace function stock_event_kit_publish(p_kits uuid[], p_warehouses uuid[],
  p_at timestamptz, p_cause_kind text, p_cause_id uuid, p_cause_reference text) returns bigint language plpgsql as $$
declare
  r record;
  seqs jsonb;
  n bigint;
  last bigint;
  zero constant jsonb := ${ZERO};
begin
  if cardinality(p_kits) = 0 or cardinality(p_warehouses) = 0 then return null; end if;
  for r in
    with kc as (select k.kit_id, k.component_id, k.quantity from kit_component k where k.kit_id = any(p_kits)),
    a as (select array(select distinct component_id from kc) as ps, p_warehouses as ws),
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
     order by k.kit_id, k.warehouse_id
  loop
    continue when r.figures || jsonb_build_object('components', r.components) = r.published;
    -- Never published and nothing to show: skipped, as the flush skips a pair whose figures stay 0.
    continue when r.published is null and r.figures = zero;
    insert into stock_level_published (product_id, warehouse_id, figures)
    values (r.kit_id, r.warehouse_id, r.figures || jsonb_build_object('components', r.components))
      on conflict (product_id, warehouse_id) do update set figures = excluded.figures;
    seqs := current_setting('stockline.event_seqs')::jsonb;
    n := (seqs->>r.company_id::text)::bigint + 1;
    perform set_config('stockline.event_seqs', jsonb_set(seqs, array[r.company_id::text], to_jsonb(n))::text, true);
    insert into stock_event (committed_at, company_id, kind, product_id, warehouse_id, cause_kind, cause_id, cause_reference, payload, company_sequence)
    values (p_at, r.company_id, 'STOCK_LEVEL', r.kit_id, r.warehouse_id, p_cause_kind, p_cause_id, p_cause_reference,
            jsonb_build_object('sku', r.sku, 'warehouseCode', r.warehouse_code, 'figures', r.figures,
                               'previous', coalesce(r.published - 'components', zero), 'components', r.components${
                               options.previousComponents ? ", 'previousComponents', r.published->'components'" : ''
                             }), n)
    returning sequence into last;
  end loop;
  return last;
end
$$;`;

/** The component trigger of Migration20261207021108, through stock_event_kit_publish. */
const kitLevelTrigger = `create or replace function stock_event_kit_levels() returns trigger language plpgsql as $$
begin
  if not exists (select from kit_component where component_id = new.product_id) then return null; end if;
  perform stock_event_kit_publish(array(select distinct kit_id from kit_component where component_id = new.product_id),
                                  array[new.warehouse_id], new.committed_at, new.cause_kind, new.cause_id,
                                  new.cause_reference);
  return null;
end
$$;`;

/** One purchasing event with its payload, staged in the current transaction (published at commit). */
const stagePurchasing = `create or replace function stock_event_stage_purchasing(p_company uuid, p_warehouse uuid,
  p_entity uuid, p_cause_kind text, p_cause_id uuid, p_payload jsonb) returns void language plpgsql as $$
begin
  insert into stock_event_pending (company_id, kind, warehouse_id, entity_id, cause_kind, cause_id, payload)
  values (p_company, 'PURCHASING', p_warehouse, p_entity, p_cause_kind, p_cause_id, p_payload);
  perform stock_event_arm();
end
$$;`;

/** kit_component changes stage their kits (every writer: kit service, imports, plain SQL). */
function kitStaging(op: 'insert' | 'update' | 'delete'): string[] {
  const rows =
    op === 'update'
      ? 'select company_id, kit_id from new_rows union select company_id, kit_id from old_rows'
      : `select company_id, kit_id from ${op === 'delete' ? 'old_rows' : 'new_rows'}`;
  const transition =
    op === 'insert'
      ? 'referencing new table as new_rows'
      : op === 'update'
        ? 'referencing old table as old_rows new table as new_rows'
        : 'referencing old table as old_rows';
  return [
    `create or replace function stock_event_stage_kit_component_${op}() returns trigger language plpgsql as $$
declare staged bigint;
begin
  insert into stock_event_pending (company_id, kind, product_id, cause_kind, cause_id)
  select distinct company_id, 'KIT', kit_id, 'KIT', kit_id from (${rows}) x;
  get diagnostics staged = row_count;
  if staged > 0 then perform stock_event_arm(); end if;
  return null;
end
$$;`,
    `create trigger stock_event_stage_${op} after ${op} on kit_component
  ${transition} for each statement execute function stock_event_stage_kit_component_${op}();`,
  ];
}

/** The topics a delivery may have (the check MikroORM writes for the WebhookTopic enum). */
function topicCheck(topics: string[]): string[] {
  return [
    `alter table "webhook_delivery" drop constraint if exists "webhook_delivery_topic_check";`,
    `alter table "webhook_delivery" add constraint "webhook_delivery_topic_check" check ("topic" in (${topics.map((t) => `'${t}'`).join(', ')}));`,
  ];
}
const STOCK_TOPICS = ['STOCK_LEVEL_CHANGED', 'AVAILABILITY_CHANGED', 'STOCK_MOVED', 'RESERVATION_CHANGED'];

export class Migration20261207055000PurchasingEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "stock_event_pending" add column "payload" jsonb null;`);
    for (const sql of topicCheck([
      ...STOCK_TOPICS,
      'PURCHASE_ORDER_CONFIRMED',
      'PURCHASE_ORDER_RECEIVED',
      'VENDOR_BILL_HELD',
    ]))
      this.addSql(sql);
    this.addSql(causeFunction(true, { kit: true }));
    this.addSql(kitPublishFunction());
    this.addSql(kitLevelTrigger);
    this.addSql(stagePurchasing);
    for (const op of ['insert', 'update', 'delete'] as const) for (const sql of kitStaging(op)) this.addSql(sql);
    this.addSql(
      flushFunction({
        causes: true,
        companySequence: true,
        kitSequence: true,
        purchasing: true,
        kitDefinitions: true,
        kitLines: true,
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSql(flushFunction({ causes: true, companySequence: true, kitSequence: true }));
    for (const op of ['insert', 'update', 'delete']) {
      this.addSql(`drop trigger if exists stock_event_stage_${op} on kit_component;`);
      this.addSql(`drop function if exists stock_event_stage_kit_component_${op}();`);
    }
    this.addSql(`drop function if exists stock_event_stage_purchasing(uuid, uuid, uuid, text, uuid, jsonb);`);
    this.addSql(kitLevelFunction({ companySequence: true }));
    this.addSql(`drop function if exists stock_event_kit_publish(uuid[], uuid[], timestamptz, text, uuid, text);`);
    this.addSql(causeFunction(true));
    this.addSql(`delete from stock_event_pending where kind in ('PURCHASING', 'KIT');`);
    this.addSql(`alter table "stock_event_pending" drop column "payload";`);
    this.addSql(`delete from webhook_delivery where topic not in (${STOCK_TOPICS.map((t) => `'${t}'`).join(', ')});`);
    for (const sql of topicCheck(STOCK_TOPICS)) this.addSql(sql);
  }
}
