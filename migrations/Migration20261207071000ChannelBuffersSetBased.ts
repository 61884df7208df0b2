import { Migration } from '@mikro-orm/migrations';

/**
 * The buffer rule of Migration20261207060500ChannelBuffers, set-based: `channel_buffers_for(channel,
 * products[])` answers every product's buffer in one query, and `channel_buffer_for` (one product)
 * reads it, so the rule stays in one place. Availability called the one-product function once per
 * product, each call running its own sub-queries through the SQL-function executor: 50 SKUs cost
 * about 1.7 ms of database time more per request, and availability fell from 0.68 to 0.36 of its
 * floor (bench/RESULTS.md).
 */
const CHANNEL_BUFFERS_FOR = `create or replace function channel_buffers_for(p_channel uuid, p_products uuid[])
  returns table (product_id uuid, buffer numeric) language sql stable parallel safe as $$
  with recursive ps as (select distinct x.id from unnest(p_products) as x(id)),
  -- Category rows are looked for only when the channel has any (most have none).
  up(product_id, category_id, depth) as (
    select p.id, p.category_id, 0 from product p join ps on ps.id = p.id
     where p_channel is not null and p.category_id is not null
       and exists (select from channel_buffer x where x.channel_id = p_channel and x.category_id is not null)
    union all
    select up.product_id, c.parent_id, up.depth + 1 from up join product_category c on c.id = up.category_id
     where c.parent_id is not null and up.depth < 64),
  cat as (select distinct on (up.product_id) up.product_id, b.quantity
            from up join channel_buffer b on b.channel_id = p_channel and b.category_id = up.category_id
           order by up.product_id, up.depth)
  select ps.id, case when p_channel is null then 0::numeric else coalesce(
           (select b.quantity from channel_buffer b where b.channel_id = p_channel and b.product_id = ps.id),
           (select cat.quantity from cat where cat.product_id = ps.id),
           (select c.buffer from channel c where c.id = p_channel),
           0) end
    from ps
$$;`;

const CHANNEL_BUFFER_FOR = `create or replace function channel_buffer_for(p_channel uuid, p_product uuid) returns numeric
  language sql stable parallel safe as $$
  select buffer from channel_buffers_for(p_channel, array[p_product])
$$;`;

const PREVIOUS_CHANNEL_BUFFER_FOR = `create or replace function channel_buffer_for(p_channel uuid, p_product uuid) returns numeric
  language sql stable parallel safe as $$
  select case when p_channel is null then 0::numeric else coalesce(
    (select b.quantity from channel_buffer b where b.channel_id = p_channel and b.product_id = p_product),
    (select b.quantity
       from (with recursive up(id, depth) as (
               select p.category_id, 0 from product p where p.id = p_product and p.category_id is not null
               union all
               select c.parent_id, up.depth + 1 from up join product_category c on c.id = up.id
                where c.parent_id is not null and up.depth < 64)
             select id, depth from up) u
       join channel_buffer b on b.channel_id = p_channel and b.category_id = u.id
      where exists (select from channel_buffer x where x.channel_id = p_channel and x.category_id is not null)
      order by u.depth limit 1),
    (select c.buffer from channel c where c.id = p_channel),
    0) end
$$;`;

export class Migration20261207071000ChannelBuffersSetBased extends Migration {
  override async up(): Promise<void> {
    this.addSql(CHANNEL_BUFFERS_FOR);
    this.addSql(CHANNEL_BUFFER_FOR);
  }

  override async down(): Promise<void> {
    this.addSql(PREVIOUS_CHANNEL_BUFFER_FOR);
    this.addSql(`drop function if exists channel_buffers_for(uuid, uuid[]);`);
  }
}
