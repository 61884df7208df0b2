import { Migration } from '@mikro-orm/migrations';
import { flushFunction } from './Migration20261207021500FlushInChunks';

/**
 * Events are ordered per company, without a lock of the whole database (issue 21). Every
 * stock-changing commit of every company waited for the flush's one advisory lock, which capped
 * the write rate of the whole database. Now each company has a counter row (stock_event_counter)
 * that the flush locks until commit and each event a `company_sequence` taken from it: within a
 * company, commit order without gaps, resumable; two companies commit at once.
 * Generated: the counter table, the column and its unique index (which replaces the company x
 * sequence index). By hand: existing events keep their number (company_sequence = sequence) and
 * each company's counter starts at the last number the global sequence gave, so a resume point
 * a client holds stays valid; the flush.
 */
export class Migration20261207040000CompanySequence extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stock_event_counter" ("company_id" uuid not null, "last" bigint not null, constraint "stock_event_counter_pkey" primary key ("company_id"));`,
    );
    this.addSql(`drop index "stock_event_company_id_sequence_index";`);
    this.addSql(`alter table "stock_event" add column "company_sequence" bigint null;`);
    this.addSql(`update "stock_event" set "company_sequence" = "sequence";`);
    this.addSql(`alter table "stock_event" alter column "company_sequence" set not null;`);
    this.addSql(
      `alter table "stock_event" add constraint "stock_event_company_id_company_sequence_unique" unique ("company_id", "company_sequence");`,
    );
    this.addSql(`insert into "stock_event_counter" ("company_id", "last")
  select c.id, (select case when s.is_called then s.last_value else 0 end from stock_event_sequence_seq s) from company c;`);
    this.addSql(flushFunction({ causes: true, companySequence: true }));
  }

  override async down(): Promise<void> {
    this.addSql(flushFunction({ causes: true }));
    this.addSql(`drop table if exists "stock_event_counter" cascade;`);
    this.addSql(`alter table "stock_event" drop constraint "stock_event_company_id_company_sequence_unique";`);
    this.addSql(`alter table "stock_event" drop column "company_sequence";`);
    this.addSql(`create index "stock_event_company_id_sequence_index" on "stock_event" ("company_id", "sequence");`);
  }
}
