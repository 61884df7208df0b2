import { Migration } from '@mikro-orm/migrations';

export class Migration20261207030415 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "fiscal_period" add column "unlocked_at" timestamptz null, add column "unlocked_by" varchar(200) null, add column "unlock_reason" varchar(500) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fiscal_period" drop column "unlocked_at", drop column "unlocked_by", drop column "unlock_reason";`);
  }

}
