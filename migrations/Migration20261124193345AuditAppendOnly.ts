import { Migration } from '@mikro-orm/migrations';

/** Hand-written (the generator cannot express triggers): the audit log only ever grows. */
export class Migration20261124193345AuditAppendOnly extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    this.addSql(`create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_append_only();`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists audit_log_no_truncate on audit_log;');
    this.addSql('drop trigger if exists audit_log_no_update_delete on audit_log;');
    this.addSql('drop function if exists audit_log_append_only();');
  }
}
