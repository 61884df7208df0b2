import { sellableByPairSql } from '../../inventory/stock-level.service';
import { channelBufferSql } from '../channel-buffers';

/**
 * One statement, no lock: the channel and its active warehouses in priority order (or every
 * active warehouse by code), the products and warehouses the lines name, and the sellable figure
 * of every product x warehouse the request may take from; for a kit, its components (kits) and
 * their figures instead of its own, and with a channel the buffer of each product it may take
 * (channel-buffers.ts: a kit's components keep their own). The allocation made on these figures
 * is then checked again under the locks (RESERVE, sql/reserve.ts).
 * SQL, not the ORM: every reservation not served from the sourcing cache reads this first, on the
 * storefront's hottest path; one prepared statement (planned once per connection) answers it all
 * as one JSON row. Caller: reservation-plan.ts#reservationSnapshot; covered by test/reservations/*.test.ts.
 */
export const RESERVATION_SNAPSHOT = `with ch as (select id from channel where company_id = ? and code = ?::text),
          chw as (select w.id, w.code, cw.priority
                    from ch join channel_warehouse cw on cw.channel_id = ch.id
                    join warehouse w on w.id = cw.warehouse_id and w.active),
          aw as (select id, code from warehouse where company_id = ? and active and ?::text is null),
          nw as (select id, code, active from warehouse
                  where company_id = ? and (code = any(?::text[]) or id = any(?::uuid[]))),
          p as (select id, sku, active from product
                 where company_id = ? and (sku = any(?::text[]) or id = any(?::uuid[]))),
          kc as (select k.kit_id, k.component_id, k.quantity, c.sku, c.active
                   from kit_component k join product c on c.id = k.component_id
                  where k.kit_id in (select id from p)),
          pairs as (select x.id as product_id, w.id as warehouse_id
                      from (select id from p where active and id not in (select kit_id from kc)
                            union select component_id from kc where active) x,
                           (select id from chw union select id from aw union select id from nw where active) w),
          f as (${sellableByPairSql('pairs')})
     select (select json_build_object('id', id) from ch) as channel,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code) order by priority), '[]') from chw) as channel_warehouses,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code) order by code), '[]') from aw) as all_warehouses,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'active', active)), '[]') from nw) as named,
            (select coalesce(json_agg(json_build_object('id', id, 'sku', sku, 'active', active)), '[]') from p) as products,
            (select coalesce(json_agg(json_build_object('p', product_id, 'w', warehouse_id, 's', sellable::text)), '[]') from f) as figures,
            (select coalesce(json_agg(json_build_object('kit', kit_id, 'id', component_id, 'sku', sku, 'active', active,
                                                        'quantity', trim_scale(quantity)::text) order by component_id), '[]')
               from kc) as kits,
            (select coalesce(json_agg(json_build_object('p', x.product_id, 'b', ${channelBufferSql('ch.id', 'x.product_id')}::text)), '[]')
               from (select distinct product_id from pairs) x, ch) as buffers`;
