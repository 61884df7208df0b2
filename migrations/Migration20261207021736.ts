import { Migration } from '@mikro-orm/migrations';

export class Migration20261207021736 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "url" text not null, "topics" text[] not null, "skus" text[] null, "warehouse_codes" text[] null, "channel" varchar(32) null, "secret" varchar(100) not null, "state" text check ("state" in ('ENABLED', 'DISABLED')) not null default 'ENABLED', "disabled_reason" text null, "consecutive_failures" int not null default 0, "cursor" bigint not null default 0, "next_attempt_at" timestamptz not null default now(), "last_success_at" timestamptz null, "lease_owner" varchar(64) null, "lease_until" timestamptz null, "created_by" varchar(200) not null, constraint "webhook_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_state_next_attempt_at_index" on "webhook" ("state", "next_attempt_at");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "webhook_id" uuid not null, "sequence" bigint not null, "topic" text check ("topic" in ('STOCK_LEVEL_CHANGED', 'AVAILABILITY_CHANGED', 'STOCK_MOVED', 'RESERVATION_CHANGED')) not null, "data" jsonb not null, "state" text check ("state" in ('PENDING', 'DELIVERED', 'CANCELLED')) not null default 'PENDING', "attempts" int not null default 0, "last_attempt_at" timestamptz null, "last_status_code" int null, "last_error" text null, "last_duration_ms" int null, "delivered_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_webhook_id_state_sequence_index" on "webhook_delivery" ("webhook_id", "state", "sequence");`);

    this.addSql(`alter table "webhook" add constraint "webhook_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_webhook_id_foreign";`);

    this.addSql(`drop table if exists "webhook" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }

}
