import { Migration } from '@mikro-orm/migrations';
import { kitLevelFunction } from './Migration20261207021108';
import { flushFunction } from './Migration20261207021500FlushInChunks';

/**
 * Kits' stock-level events numbered in their company's sequence. Kit events are written by a
 * trigger on each component's event (Migration20261207021108), which knew nothing of the
 * per-company numbers of Migration20261207040000CompanySequence: their insert violated
 * company_sequence's not-null and every commit that changed a kit component's figures failed.
 * The flush now hands its counters to that trigger (the transaction-local setting
 * stockline.event_seqs) around each stock-level insert and takes them back, so a kit's event gets
 * the next number of its company, with no gap and in commit order like every other event.
 */
export class Migration20261207045000KitEventsSequenced extends Migration {
  override async up(): Promise<void> {
    this.addSql(kitLevelFunction({ companySequence: true }));
    this.addSql(flushFunction({ causes: true, companySequence: true, kitSequence: true }));
  }

  override async down(): Promise<void> {
    this.addSql(flushFunction({ causes: true, companySequence: true }));
    this.addSql(kitLevelFunction());
  }
}
