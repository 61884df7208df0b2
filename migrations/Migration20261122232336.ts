import { Migration } from '@mikro-orm/migrations';

export class Migration20261122232336 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "reservation_state" as enum ('ACTIVE', 'FULFILLED', 'RELEASED', 'EXPIRED');`);
    this.addSql(`create type "reservation_policy" as enum ('ALL_OR_NOTHING', 'PARTIAL');`);
    this.addSql(`create table "channel" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "buffer" numeric(20,6) not null default '0', constraint "channel_pkey" primary key ("id"));`);
    this.addSql(`alter table "channel" add constraint "channel_company_id_code_unique" unique ("company_id", "code");`);

    this.addSql(`create table "idempotency_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "actor" varchar(200) not null, "key" varchar(255) not null, "operation" varchar(100) not null, "request_hash" varchar(64) not null, "result" jsonb null, constraint "idempotency_key_pkey" primary key ("id"));`);
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_company_id_actor_key_unique" unique ("company_id", "actor", "key");`);

    this.addSql(`create table "reservation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "reference" varchar(200) not null, "channel_id" uuid null, "state" "reservation_state" not null, "policy" "reservation_policy" not null, "expires_at" timestamptz null, "created_by" varchar(200) null, constraint "reservation_pkey" primary key ("id"));`);
    this.addSql(`create index "reservation_expiry_index" on "reservation" ("expires_at") where "state" = 'ACTIVE';`);
    this.addSql(`create index "reservation_company_id_reference_index" on "reservation" ("company_id", "reference");`);

    this.addSql(`create table "reservation_line" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "reservation_id" uuid not null, "product_id" uuid not null, "warehouse_id" uuid not null, "quantity" numeric(20,6) not null, "fulfilled_quantity" numeric(20,6) not null default '0', "state" "reservation_state" not null, "expires_at" timestamptz null, constraint "reservation_line_pkey" primary key ("id"));`);
    this.addSql(`create index "reservation_line_reservation_id_index" on "reservation_line" ("reservation_id");`);
    this.addSql(`create index "reservation_line_active_index" on "reservation_line" ("product_id", "warehouse_id") where "state" = 'ACTIVE';`);

    this.addSql(`create table "channel_warehouse" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "channel_id" uuid not null, "warehouse_id" uuid not null, "priority" int not null, constraint "channel_warehouse_pkey" primary key ("id"));`);
    this.addSql(`alter table "channel_warehouse" add constraint "channel_warehouse_channel_id_warehouse_id_unique" unique ("channel_id", "warehouse_id");`);

    this.addSql(`alter table "channel" add constraint "channel_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reservation" add constraint "reservation_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reservation" add constraint "reservation_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reservation_line" add constraint "reservation_line_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reservation_line" add constraint "reservation_line_reservation_id_foreign" foreign key ("reservation_id") references "reservation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reservation_line" add constraint "reservation_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reservation_line" add constraint "reservation_line_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "channel_warehouse" add constraint "channel_warehouse_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "channel_warehouse" add constraint "channel_warehouse_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_warehouse" add constraint "channel_warehouse_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "reservation" drop constraint "reservation_channel_id_foreign";`);

    this.addSql(`alter table "channel_warehouse" drop constraint "channel_warehouse_channel_id_foreign";`);

    this.addSql(`alter table "reservation_line" drop constraint "reservation_line_reservation_id_foreign";`);

    this.addSql(`drop table if exists "channel" cascade;`);

    this.addSql(`drop table if exists "idempotency_key" cascade;`);

    this.addSql(`drop table if exists "reservation" cascade;`);

    this.addSql(`drop table if exists "reservation_line" cascade;`);

    this.addSql(`drop table if exists "channel_warehouse" cascade;`);

    this.addSql(`drop type "reservation_state";`);
    this.addSql(`drop type "reservation_policy";`);
  }

}
