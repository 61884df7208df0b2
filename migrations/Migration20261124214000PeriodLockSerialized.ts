import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written (the generator cannot express triggers): a posting takes the row of the fiscal
 * period it is dated in (FOR KEY SHARE, held until it commits) while checking that the period
 * is open. fiscalPeriodLock takes the same row FOR UPDATE, so the two serialize: a posting
 * that saw the period open commits before the lock does, one that comes later waits for the
 * lock and sees it. A plain read let a posting check, the lock commit, then the posting commit.
 */
export class Migration20261124214000PeriodLockSerialized extends Migration {
  override async up(): Promise<void> {
    this.addSql(guard(true));
  }

  override async down(): Promise<void> {
    this.addSql(guard(false));
  }
}

function guard(serialized: boolean): string {
  const check = serialized
    ? `select p.locked into v_locked from fiscal_period p
     where p.company_id = new.company_id
       and (new.date at time zone 'UTC')::date between p.start_date and p.end_date
     limit 1 for key share`
    : `select true into v_locked from fiscal_period p
     where p.company_id = new.company_id and p.locked
       and (new.date at time zone 'UTC')::date between p.start_date and p.end_date
     limit 1`;
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
  if tg_op = 'UPDATE' and old.state = 'POSTED' then
    raise exception 'journal entry % is posted and can never change; reverse it', old.name
      using errcode = '23001', constraint = 'journal_entry_posted_immutable';
  end if;
  if new.state = 'POSTED' then
    ${check};
    if coalesce(v_locked, false) then
      raise exception 'journal entry % is dated % in a locked fiscal period', new.name, new.date
        using errcode = '23001', constraint = 'journal_entry_period_open';
    end if;
  end if;
  return new;
end $$;`;
}
