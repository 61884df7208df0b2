import { Migration } from '@mikro-orm/migrations';

/**
 * An entry's balance is checked once per entry at commit, not once per line: the deferred
 * trigger on journal_line fired for every line and summed the whole entry each time, so a
 * 6,000-line entry (an import's opening stock) took 16 s to commit. The check now remembers the
 * last entry it found balanced, and any statement that changes journal_line or journal_entry
 * forgets it (a statement-level trigger bumps a transaction-local generation), so a change made
 * after a check (SET CONSTRAINTS ... IMMEDIATE, then more lines) is still checked at commit.
 */
export class Migration20261207054000JournalCheckOnce extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create or replace function journal_entry_sums(p_entry uuid, out total numeric, out debit numeric, out credit numeric)
language plpgsql as $$
begin
  select e.total into total from journal_entry e where e.id = p_entry;
  select coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0) into debit, credit
    from journal_line l where l.entry_id = p_entry;
end $$;`);
    this.addSql(`
create or replace function journal_check_balance(p_entry uuid) returns void language plpgsql as $$
declare
  v_key text := coalesce(nullif(current_setting('stockline.journal_generation', true), ''), '0') || ':' || p_entry;
  v record;
begin
  if current_setting('stockline.journal_checked', true) = v_key then
    return;
  end if;
  select * into v from journal_entry_sums(p_entry);
  if v.total is null then
    return;
  end if;
  if v.debit <> v.credit then
    raise exception 'journal entry % does not balance: debits % and credits % differ', p_entry, v.debit, v.credit
      using errcode = '23514', constraint = 'journal_entry_balanced';
  end if;
  if v.debit <> v.total then
    raise exception 'journal entry %: its lines total % but the entry says %', p_entry, v.debit, v.total
      using errcode = '23514', constraint = 'journal_entry_balanced';
  end if;
  perform set_config('stockline.journal_checked', v_key, true);
end $$;`);
    this.addSql(`
create or replace function journal_changed() returns trigger language plpgsql as $$
begin
  perform set_config('stockline.journal_generation',
    (coalesce(nullif(current_setting('stockline.journal_generation', true), ''), '0')::bigint + 1)::text, true);
  return null;
end $$;`);
    this.addSql(`create trigger journal_line_changed after insert or update or delete on journal_line
  for each statement execute function journal_changed();`);
    this.addSql(`create trigger journal_entry_changed after insert or update or delete on journal_entry
  for each statement execute function journal_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists journal_entry_changed on journal_entry;`);
    this.addSql(`drop trigger if exists journal_line_changed on journal_line;`);
    this.addSql(`drop function if exists journal_changed();`);
    this.addSql(`
create or replace function journal_check_balance(p_entry uuid) returns void language plpgsql as $$
declare
  v_total numeric;
  v_debit numeric;
  v_credit numeric;
begin
  select e.total into v_total from journal_entry e where e.id = p_entry;
  if not found then
    return;
  end if;
  select coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0) into v_debit, v_credit
    from journal_line l where l.entry_id = p_entry;
  if v_debit <> v_credit then
    raise exception 'journal entry % does not balance: debits % and credits % differ', p_entry, v_debit, v_credit
      using errcode = '23514', constraint = 'journal_entry_balanced';
  end if;
  if v_debit <> v_total then
    raise exception 'journal entry %: its lines total % but the entry says %', p_entry, v_debit, v_total
      using errcode = '23514', constraint = 'journal_entry_balanced';
  end if;
end $$;`);
    this.addSql(`drop function if exists journal_entry_sums(uuid);`);
  }
}
