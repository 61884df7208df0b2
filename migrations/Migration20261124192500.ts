import { Migration } from '@mikro-orm/migrations';

export class Migration20261124192500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "stock_move" add column "unit_cost" numeric(20,6) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_move" drop column "unit_cost";`);
  }

}
