import { Migration } from '@mikro-orm/migrations';

export class Migration20261207053321 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "valuation_layer_product_id_seq_index" on "valuation_layer" ("product_id", "seq");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "valuation_layer_product_id_seq_index";`);
  }

}
