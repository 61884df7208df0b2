import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written (the generator cannot express these): the sequences that number journal
 * entries and order valuation layers, and the triggers that make the database itself refuse
 * an unbalanced entry (checked at commit, so lines can be written one statement at a time),
 * any change to a posted entry or its lines, and a posting dated in a locked fiscal period.
 */
export class Migration20261124194932 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists journal_entry_number_seq;`);
    this.addSql(`create sequence if not exists valuation_layer_seq;`);

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

    this.addSql(`
create or replace function journal_line_balanced() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform journal_check_balance(old.entry_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform journal_check_balance(new.entry_id);
  end if;
  return null;
end $$;`);
    this.addSql(`
create constraint trigger journal_line_balanced after insert or update or delete on journal_line
  deferrable initially deferred for each row execute function journal_line_balanced();`);

    this.addSql(`
create or replace function journal_entry_balanced() returns trigger language plpgsql as $$
begin
  perform journal_check_balance(new.id);
  return null;
end $$;`);
    this.addSql(`
create constraint trigger journal_entry_balanced after insert or update on journal_entry
  deferrable initially deferred for each row execute function journal_entry_balanced();`);

    this.addSql(`
create or replace function journal_entry_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.state = 'POSTED' then
      raise exception 'journal entry % is posted and can never be deleted; reverse it', old.name
        using errcode = '23001', constraint = 'journal_entry_posted_immutable';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.state = 'POSTED' then
    raise exception 'journal entry % is posted and can never change; reverse it', old.name
      using errcode = '23001', constraint = 'journal_entry_posted_immutable';
  end if;
  if new.state = 'POSTED' and exists (
    select 1 from fiscal_period p
     where p.company_id = new.company_id and p.locked
       and (new.date at time zone 'UTC')::date between p.start_date and p.end_date) then
    raise exception 'journal entry % is dated % in a locked fiscal period', new.name, new.date
      using errcode = '23001', constraint = 'journal_entry_period_open';
  end if;
  return new;
end $$;`);
    this.addSql(`
create trigger journal_entry_guard before insert or update or delete on journal_entry
  for each row execute function journal_entry_guard();`);

    this.addSql(`
create or replace function journal_line_guard() returns trigger language plpgsql as $$
declare
  v_state entry_state;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    select e.state into v_state from journal_entry e where e.id = old.entry_id;
    if v_state = 'POSTED' then
      raise exception 'journal line % belongs to a posted entry and can never change', old.id
        using errcode = '23001', constraint = 'journal_entry_posted_immutable';
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    select e.state into v_state from journal_entry e where e.id = new.entry_id;
    if v_state = 'POSTED' then
      raise exception 'journal entry % is posted: no line can be added to it', new.entry_id
        using errcode = '23001', constraint = 'journal_entry_posted_immutable';
    end if;
    return new;
  end if;
  return old;
end $$;`);
    this.addSql(`
create trigger journal_line_guard before insert or update or delete on journal_line
  for each row execute function journal_line_guard();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists journal_line_guard on journal_line;`);
    this.addSql(`drop trigger if exists journal_entry_guard on journal_entry;`);
    this.addSql(`drop trigger if exists journal_entry_balanced on journal_entry;`);
    this.addSql(`drop trigger if exists journal_line_balanced on journal_line;`);
    this.addSql(`drop function if exists journal_line_guard();`);
    this.addSql(`drop function if exists journal_entry_guard();`);
    this.addSql(`drop function if exists journal_entry_balanced();`);
    this.addSql(`drop function if exists journal_line_balanced();`);
    this.addSql(`drop function if exists journal_check_balance(uuid);`);
    this.addSql(`drop sequence if exists valuation_layer_seq;`);
    this.addSql(`drop sequence if exists journal_entry_number_seq;`);
  }
}
