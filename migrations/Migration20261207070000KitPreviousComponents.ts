import { Migration } from '@mikro-orm/migrations';
import { kitPublishFunction } from './Migration20261207055000PurchasingEvents';

/**
 * A kit's stock-level event also carries its components' previously published figures
 * (`previousComponents`), so that a webhook on a channel can tell the kit's previous available
 * with each component's own buffer kept back, as the channel sells it (it took one buffer off the
 * whole kit before).
 */
export class Migration20261207070000KitPreviousComponents extends Migration {
  override async up(): Promise<void> {
    this.addSql(kitPublishFunction({ previousComponents: true }));
  }

  override async down(): Promise<void> {
    this.addSql(kitPublishFunction());
  }
}
