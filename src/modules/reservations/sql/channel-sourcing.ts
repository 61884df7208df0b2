/**
 * A channel's id and its active warehouses in priority order (one row per warehouse, or one
 * row with null warehouse when it has none), for channelFor (channel.service.ts).
 * SQL, not the ORM: availability and the availability subscriptions ask this on the storefront's
 * hottest path, and one plain statement costs less than loading the channel, its collection and
 * the warehouses as entities. Covered by test/reservations/reservations.test.ts (availability by channel).
 */
export const CHANNEL_SOURCING = `select c.id as channel_id, w.id as warehouse_id, w.code
       from channel c
       left join channel_warehouse cw on cw.channel_id = c.id
       left join warehouse w on w.id = cw.warehouse_id and w.active
      where c.company_id = ? and c.code = ?
      order by cw.priority`;

export interface ChannelSourcingRow {
  channel_id: string;
  warehouse_id: string | null;
  code: string | null;
}
