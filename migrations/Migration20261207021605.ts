import { Migration } from '@mikro-orm/migrations';

/**
 * Entry numbers per journal and fiscal year, without gaps (issue 23, item 5), and the company's
 * time zone for the books (item 7). Generated, then hand-edited (functions and triggers):
 * - journal_entry_number(id) takes the journal's counter row for the entry's fiscal year (the
 *   entry date's year in the company time zone) and names the entry "STK/2026/000042". The
 *   counter row stays locked until commit and rolls back with a failed posting, so committed
 *   numbers have no gaps.
 * - The deferred constraint trigger journal_entry_numbered numbers, just before commit, any
 *   posted entry still without a number (the stock postings, numbered late so that concurrent
 *   moves hold the stock journal's counter only while they commit).
 * - journal_entry_guard lets a posted entry take its number once and nothing else, and finds
 *   the fiscal period of an entry by its date in the company time zone.
 * - Existing entries are renumbered per journal and year in their old order; drafts lose their
 *   number (they take one when posted, as in Odoo). System journals refuse manual entries.
 */
export class Migration20261207021605 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "journal_sequence" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "company_id" uuid not null, "journal_id" uuid not null, "fiscal_year" int not null, "last_number" int not null, constraint "journal_sequence_pkey" primary key ("id"));`);
    this.addSql(`alter table "journal_sequence" add constraint "journal_sequence_journal_id_fiscal_year_unique" unique ("journal_id", "fiscal_year");`);

    this.addSql(`alter table "journal_sequence" add constraint "journal_sequence_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "journal_sequence" add constraint "journal_sequence_journal_id_foreign" foreign key ("journal_id") references "journal" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "company" add column "time_zone" varchar(64) not null default 'UTC';`);

    this.addSql(`alter table "journal" add column "allow_manual" boolean not null default true;`);

    this.addSql(`drop index "journal_entry_company_id_number_index";`);

    this.addSql(`alter table "journal_entry" add column "fiscal_year" int null;`);
    this.addSql(`alter table "journal_entry" alter column "number" type int using ("number"::int);`);
    this.addSql(`alter table "journal_entry" alter column "number" drop not null;`);
    this.addSql(`create unique index "journal_entry_number_unique" on "journal_entry" ("journal_id", "fiscal_year", "number") where "number" is not null;`);

    this.addSql(`update "journal" set "allow_manual" = false where "code" in ('STK', 'PUR', 'LC');`);
    this.addSql(`alter table "journal_entry" disable trigger user;`);
    this.addSql(`update "journal_entry" e set "number" = null, "fiscal_year" = null, "name" = j."code" || '/DRAFT'
  from "journal" j where j."id" = e."journal_id" and e."state" = 'DRAFT';`);
    this.addSql(`update "journal_entry" e set "number" = x.n, "fiscal_year" = x.y,
       "name" = x.code || '/' || x.y || '/' || lpad(x.n::text, 6, '0')
  from (select e2.id, j.code, extract(year from (e2.date at time zone c.time_zone))::int as y,
               row_number() over (partition by e2.journal_id, extract(year from (e2.date at time zone c.time_zone))
                                  order by e2.number, e2.created_at, e2.id) as n
          from "journal_entry" e2 join "journal" j on j.id = e2.journal_id join "company" c on c.id = e2.company_id
         where e2.state = 'POSTED') x
 where x.id = e.id;`);
    this.addSql(`alter table "journal_entry" enable trigger user;`);
    this.addSql(`insert into "journal_sequence" (id, created_at, updated_at, company_id, journal_id, fiscal_year, last_number)
  select gen_random_uuid(), now(), now(), company_id, journal_id, fiscal_year, max(number)
    from "journal_entry" where number is not null group by company_id, journal_id, fiscal_year;`);
    this.addSql(`drop sequence if exists journal_entry_number_seq;`);
    this.addSql(`
create or replace function journal_entry_number(p_entry uuid) returns int language plpgsql as $$
declare
  v record;
  v_year int;
  v_number int;
begin
  select e.company_id, e.journal_id, e.date, e.state, e.number, j.code, c.time_zone into v
    from journal_entry e join journal j on j.id = e.journal_id join company c on c.id = e.company_id
   where e.id = p_entry;
  if not found then
    return null;
  end if;
  if v.state <> 'POSTED' or v.number is not null then
    return v.number;
  end if;
  v_year := extract(year from (v.date at time zone v.time_zone))::int;
  insert into journal_sequence as s (id, created_at, updated_at, company_id, journal_id, fiscal_year, last_number)
  values (gen_random_uuid(), now(), now(), v.company_id, v.journal_id, v_year, 1)
  on conflict (journal_id, fiscal_year) do update set last_number = s.last_number + 1, updated_at = now()
  returning last_number into v_number;
  update journal_entry set number = v_number, fiscal_year = v_year,
         name = v.code || '/' || v_year || '/' || lpad(v_number::text, 6, '0')
   where id = p_entry;
  return v_number;
end $$;`);
    this.addSql(`
create or replace function journal_entry_numbered() returns trigger language plpgsql as $$
begin
  perform journal_entry_number(new.id);
  return null;
end $$;`);
    this.addSql(`
create constraint trigger journal_entry_numbered after insert or update on journal_entry
  deferrable initially deferred for each row when (new.state = 'POSTED' and new.number is null)
  execute function journal_entry_numbered();`);
    this.addSql(guard('company'));
  }

  override async down(): Promise<void> {
    this.addSql(guard('utc'));
    this.addSql(`drop trigger if exists journal_entry_numbered on journal_entry;`);
    this.addSql(`drop function if exists journal_entry_numbered();`);
    this.addSql(`drop function if exists journal_entry_number(uuid);`);
    this.addSql(`create sequence if not exists journal_entry_number_seq;`);
    this.addSql(`alter table "journal_entry" disable trigger user;`);
    this.addSql(`update "journal_entry" e set "number" = x.n, "name" = x.code || '/' || lpad(x.n::text, 6, '0')
  from (select e2.id, j.code, row_number() over (order by e2.created_at, e2.id) as n
          from "journal_entry" e2 join "journal" j on j.id = e2.journal_id) x where x.id = e.id;`);
    this.addSql(`alter table "journal_entry" enable trigger user;`);
    this.addSql(`select setval('journal_entry_number_seq', greatest((select max(number) from journal_entry), 1));`);
    this.addSql(`drop table if exists "journal_sequence" cascade;`);

    this.addSql(`alter table "company" drop column "time_zone";`);

    this.addSql(`alter table "journal" drop column "allow_manual";`);

    this.addSql(`drop index "journal_entry_number_unique";`);
    this.addSql(`alter table "journal_entry" drop column "fiscal_year";`);

    this.addSql(`alter table "journal_entry" alter column "number" type int8 using ("number"::int8);`);
    this.addSql(`alter table "journal_entry" alter column "number" set not null;`);
    this.addSql(`create index "journal_entry_company_id_number_index" on "journal_entry" ("company_id", "number");`);
  }

}

/** The guard on journal entries; `company` finds the period by the date in the company time zone. */
function guard(zone: 'company' | 'utc'): string {
  const day =
    zone === 'company'
      ? `(new.date at time zone (select c.time_zone from company c where c.id = new.company_id))::date`
      : `(new.date at time zone 'UTC')::date`;
  const numbering =
    zone === 'company'
      ? `
    -- The one change a posted entry takes: its number, once (journal_entry_number).
    if old.number is null and new.number is not null
       and (new.company_id, new.journal_id, new.date, new.state, new.source, new.reference, new.memo,
            new.reversal_of_id, new.total, new.posted_at, new.posted_by, new.created_by)
           is not distinct from
           (old.company_id, old.journal_id, old.date, old.state, old.source, old.reference, old.memo,
            old.reversal_of_id, old.total, old.posted_at, old.posted_by, old.created_by) then
      return new;
    end if;`
      : '';
  return `
create or replace function journal_entry_guard() returns trigger language plpgsql as $$
declare
  v_locked boolean;
begin
  if tg_op = 'DELETE' then
    if old.state = 'POSTED' then
      raise exception 'journal entry % is posted and can never be deleted; reverse it', old.name
        using errcode = '23001', constraint = 'journal_entry_posted_immutable';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.state = 'POSTED' then${numbering}
    raise exception 'journal entry % is posted and can never change; reverse it', old.name
      using errcode = '23001', constraint = 'journal_entry_posted_immutable';
  end if;
  if new.state = 'POSTED' then
    select p.locked into v_locked from fiscal_period p
     where p.company_id = new.company_id
       and ${day} between p.start_date and p.end_date
     limit 1 for key share;
    if coalesce(v_locked, false) then
      raise exception 'journal entry % is dated % in a locked fiscal period', new.name, new.date
        using errcode = '23001', constraint = 'journal_entry_period_open';
    end if;
  end if;
  return new;
end $$;`;
}
