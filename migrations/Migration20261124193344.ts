import { Migration } from '@mikro-orm/migrations';

export class Migration20261124193344 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" uuid not null, "company_id" uuid not null, "at" timestamptz not null default now(), "actor" varchar(200) not null, "actor_kind" varchar(20) not null, "operation" varchar(100) not null, "request_id" varchar(100) not null, "record_ids" text[] not null, "changes" jsonb not null, "input" jsonb null, constraint "audit_log_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_log_actor_index" on "audit_log" ("actor");`);
    this.addSql(`create index "audit_log_operation_index" on "audit_log" ("operation");`);
    this.addSql(`create index "audit_log_record_ids_index" on "audit_log" using gin ("record_ids");`);
    this.addSql(`create index "audit_log_company_id_at_index" on "audit_log" ("company_id", "at");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "name" varchar(200) not null, "prefix" varchar(20) not null, "secret_hash" varchar(64) not null, "roles" text[] not null, "supplier_id" uuid null, "created_by" varchar(200) not null, "revoked_at" timestamptz null, "revoked_by" varchar(200) null, "last_used_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_key_revoked_at_index" on "api_key" ("revoked_at");`);

    this.addSql(`alter table "audit_log" add constraint "audit_log_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "api_key" add constraint "api_key_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
