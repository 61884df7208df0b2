import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212330 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "valuation_layer_consumption" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "layer_id" uuid not null, "stock_move_id" uuid not null, "quantity" numeric(20,6) not null, constraint "valuation_layer_consumption_pkey" primary key ("id"));`);
    this.addSql(`create index "valuation_layer_consumption_layer_id_index" on "valuation_layer_consumption" ("layer_id");`);

    this.addSql(`alter table "valuation_layer_consumption" add constraint "valuation_layer_consumption_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer_consumption" add constraint "valuation_layer_consumption_layer_id_foreign" foreign key ("layer_id") references "valuation_layer" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "valuation_layer_consumption" add constraint "valuation_layer_consumption_stock_move_id_foreign" foreign key ("stock_move_id") references "stock_move" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "valuation_layer_consumption" cascade;`);
  }

}
