import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../observability/logger';
import { setReplicaLag } from '../observability/metrics';
import { parseLsn } from './lsn';
import { initOrm } from './orm';

// Here too for existing importers; the pure functions live in ./lsn (unit specs load them without the ORM).
export { formatLsn, parseLsn } from './lsn';

/** The header a write's response carries (the primary's WAL position after it) and a later read sends back. */
export const LSN_HEADER = 'x-stockline-lsn';
/** Where a query read from: `replica` or `primary` (for clients' and operators' diagnosis). */
export const READ_FROM_HEADER = 'x-stockline-read';

export interface ReplicaOptions {
  urls: string[];
  /** A replica that has not replayed what the primary had written this long ago serves no read. */
  maxLagMs: number;
  /** How often the primary's WAL position and each replica's replay position are read. */
  pollMs: number;
  poolMax: number;
  lockTimeoutMs?: number;
  logger: Logger;
}

interface Replica {
  label: string;
  orm: MikroORM;
  /** What it had replayed at the last check; null while unreachable or not a standby. */
  replayed: bigint | null;
}

/**
 * PostgreSQL streaming replicas for read-only operations (DATABASE_REPLICA_URLS). Every `pollMs`
 * it reads the primary's WAL position and each replica's replay position; a read goes to a
 * replica only when that replica (1) has replayed the caller's last write (the LSN its mutation's
 * response carried, sent back in `x-stockline-lsn`) and (2) has replayed everything the primary
 * had written `maxLagMs` ago; else to the primary. Both checks use positions read at the last
 * poll, which are behind the truth: an error only ever sends a read to the primary needlessly.
 *
 * Each replica has its own pool (MikroORM instance), and a request reads from one of them for
 * all its statements: MikroORM's own `replicas` option picks a replica at random per query and
 * knows neither lag nor LSN, and the raw-SQL read paths (src/db/sql.ts, prepared.ts) use the
 * write connection anyway.
 */
export class ReadReplicas {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** The primary's WAL position at each poll, oldest first, kept for a little over maxLagMs. */
  private readonly history: { at: number; lsn: bigint }[] = [];
  private next = 0;

  private constructor(
    private readonly primary: MikroORM,
    private readonly replicas: Replica[],
    private readonly options: ReplicaOptions,
  ) {}

  static async start(primary: MikroORM, options: ReplicaOptions): Promise<ReadReplicas> {
    const replicas: Replica[] = [];
    try {
      for (const [index, url] of options.urls.entries()) {
        const orm = await initOrm(url, options.poolMax, options.lockTimeoutMs, options.logger);
        replicas.push({ label: replicaLabel(url, index), orm, replayed: null });
      }
    } catch (error) {
      await Promise.all(replicas.map((r) => r.orm.close(true)));
      throw error;
    }
    const set = new ReadReplicas(primary, replicas, options);
    await set.poll();
    set.timer = setInterval(() => void set.poll(), options.pollMs);
    set.timer.unref();
    options.logger.info(
      { replicas: replicas.map((r) => r.label), maxLagMs: options.maxLagMs },
      'read-only operations go to read replicas',
    );
    return set;
  }

  /**
   * The replica a read-only operation runs on, or null for the primary. `after`: the caller's
   * last write (null: none known); a replica must have replayed it.
   */
  pick(after: bigint | null): MikroORM | null {
    const bound = this.lagBound();
    const count = this.replicas.length;
    for (let i = 0; i < count; i++) {
      const replica = this.replicas[(this.next + i) % count];
      if (replica.replayed === null || bound === null || replica.replayed < bound) continue;
      if (after !== null && replica.replayed < after) continue;
      this.next = (this.next + i + 1) % count;
      return replica.orm;
    }
    return null;
  }

  /** The primary's WAL position now: at or past the commit of every write this process has made. */
  async primaryLsn(): Promise<string> {
    const rows = await this.primary.em
      .getConnection()
      .execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
    return rows[0].lsn;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling?.catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.orm.close(true)));
  }

  /** What every replica must have replayed: the primary's position maxLagMs ago (the oldest known, early on). */
  private lagBound(): bigint | null {
    const cutoff = Date.now() - this.options.maxLagMs;
    let bound: bigint | null = this.history[0]?.lsn ?? null;
    for (const sample of this.history) {
      if (sample.at > cutoff) break;
      bound = sample.lsn;
    }
    return bound;
  }

  private poll(): Promise<void> {
    this.polling ??= this.check().finally(() => (this.polling = null));
    return this.polling;
  }

  private async check(): Promise<void> {
    const at = Date.now();
    let primaryLsn: bigint | null = null;
    try {
      primaryLsn = parseLsn(await this.primaryLsn());
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read the primary WAL position');
    }
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const rows = await replica.orm.em
            .getConnection()
            .execute<{ lsn: string | null }[]>('select pg_last_wal_replay_lsn()::text as lsn');
          const replayed = parseLsn(rows[0].lsn);
          if (replayed === null && replica.replayed !== null) {
            this.options.logger.warn({ replica: replica.label }, 'read replica is not a standby (promoted?): unused');
          }
          replica.replayed = replayed;
        } catch (error) {
          if (replica.replayed !== null) {
            this.options.logger.warn({ err: error, replica: replica.label }, 'read replica unreachable: unused');
          }
          replica.replayed = null;
        }
        const lag = replica.replayed === null || primaryLsn === null ? -1 : Number(primaryLsn - replica.replayed);
        setReplicaLag(replica.label, Math.max(lag, replica.replayed === null ? -1 : 0));
      }),
    );
    if (primaryLsn === null) return;
    this.history.push({ at, lsn: primaryLsn });
    // Keep the newest sample older than maxLagMs and everything after it.
    const cutoff = Date.now() - this.options.maxLagMs;
    while (this.history.length > 1 && this.history[1].at <= cutoff) this.history.shift();
  }
}

/** host:port/database, without credentials, for logs and metrics. */
function replicaLabel(url: string, index: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return `replica-${index + 1}`;
  }
}
