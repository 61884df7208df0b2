import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212849 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partner" add column "lead_time_days" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partner" drop column "lead_time_days";`);
  }

}
