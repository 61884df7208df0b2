import { Migration } from '@mikro-orm/migrations';

/**
 * Channel buffers per product or category (issue 22): the channel_buffer table (generated), and
 * the one definition of the buffer a channel keeps back for a product, `channel_buffer_for`:
 * the product's own row, else the row of its category or of the nearest ancestor category,
 * else the channel's flat buffer; 0 without a channel. Availability, ATP, the reservation
 * snapshot and the locked RESERVE statement all call it (src/modules/reservations/channel-buffers.ts).
 * The category rows are walked only when the channel has any (the common channel has none).
 */
const CHANNEL_BUFFER_FOR = `create or replace function channel_buffer_for(p_channel uuid, p_product uuid) returns numeric
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

export class Migration20261207060500ChannelBuffers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "channel_buffer" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "channel_id" uuid not null, "product_id" uuid null, "category_id" uuid null, "quantity" numeric(20,6) not null, constraint "channel_buffer_pkey" primary key ("id"), constraint channel_buffer_target_check check ((product_id is null) <> (category_id is null) and quantity >= 0));`);
    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_channel_id_category_id_unique" unique ("channel_id", "category_id");`);
    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_channel_id_product_id_unique" unique ("channel_id", "product_id");`);

    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_buffer" add constraint "channel_buffer_category_id_foreign" foreign key ("category_id") references "product_category" ("id") on update cascade on delete cascade;`);

    this.addSql(CHANNEL_BUFFER_FOR);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists channel_buffer_for(uuid, uuid);`);
    this.addSql(`drop table if exists "channel_buffer" cascade;`);
  }

}
