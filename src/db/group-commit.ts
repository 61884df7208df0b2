import type { EntityManager } from '@mikro-orm/postgresql';
import { type PreparedStatement, queryWithPrepared, sentNothing } from './prepared';
import { DatabaseError } from 'pg';
import { isLockContention } from './sql';

/** One request's share of a group: the locks it needs and what the group's statement needs of it. */
export interface GroupMember<Params> {
  em: EntityManager;
  lockKeys: string[];
  params: Params;
}

/** A row of the group's statement answers the member at this index of the group. */
export interface MemberRow {
  member: number;
}

interface Waiting<Params> extends GroupMember<Params> {
  resolve(row: unknown): void;
  reject(error: unknown): void;
}

interface Queue<Params> {
  forming: Waiting<Params>[];
  inFlight: number;
}

/**
 * Group commit for short, independent writes that serialize on the same locks (the storefront's
 * reservations of one hot SKU). Requests that arrive while earlier groups are committing wait and
 * are sent together as one implicit transaction: the union of their locks, taken once in the
 * global order, then one statement for all the members (`statement`, given their parameters in
 * arrival order). One statement, one commit and one stock-event flush serve the whole group,
 * instead of one of each per request: that is what bounds a hot SKU's throughput, because all of
 * it runs under the lock. The statement answers each member it decided with a row carrying the
 * member's index; a member it does not answer gets null and must run again on its own, so the
 * statement must write nothing for it. An idle queue sends a request at once, so a quiet
 * storefront pays no wait.
 *
 * When PostgreSQL refuses the group (an error it sent), its implicit transaction rolled back and
 * nothing of it was written: members blocked by lock contention get that error (retrying would
 * wait again); any other such error, or a group that was never sent (its statement could not be
 * built, no connection, a failed PREPARE), answers null to every member so that each runs again
 * on its own and meets its own error. Any other failure (the connection lost after the group was
 * sent: it may have committed) fails every member with it, rather than risk doing the work twice.
 */
export class GroupCommit<Params, Row extends MemberRow> {
  /** One queue per database (ORM instance): a group runs on one connection. */
  private readonly queues = new WeakMap<object, Queue<Params>>();

  constructor(
    private readonly lockSql: (keys: string[]) => string,
    /** The prepared statements `statement` EXECUTEs. */
    private readonly prepared: PreparedStatement[],
    /** The group's statement (no bind parameters): member i is `members[i]`. */
    private readonly statement: (members: Params[]) => string,
    private readonly maxInFlight: number,
    private readonly maxMembers: number,
  ) {}

  /** The member's row once the group committed, or null if it must run alone. */
  submit(member: GroupMember<Params>): Promise<Row | null> {
    let queue = this.queues.get(member.em.config);
    if (!queue) this.queues.set(member.em.config, (queue = { forming: [], inFlight: 0 }));
    const q = queue;
    return new Promise<Row | null>((resolve, reject) => {
      q.forming.push({ ...member, resolve: resolve as (row: unknown) => void, reject });
      this.dispatch(q);
    });
  }

  private dispatch(queue: Queue<Params>): void {
    while (queue.inFlight < this.maxInFlight && queue.forming.length > 0) {
      const group = queue.forming.splice(0, this.maxMembers);
      queue.inFlight++;
      void this.commit(group).finally(() => {
        queue.inFlight--;
        this.dispatch(queue);
      });
    }
  }

  private async commit(group: Waiting<Params>[]): Promise<void> {
    const keys = [...new Set(group.flatMap((m) => m.lockKeys))].sort();
    let sql: string;
    try {
      sql = `${this.lockSql(keys)};\n${this.statement(group.map((m) => m.params))}`;
    } catch {
      for (const member of group) member.resolve(null); // nothing was sent: each meets its own error alone
      return;
    }
    let results: Awaited<ReturnType<typeof queryWithPrepared>>;
    try {
      results = await queryWithPrepared(group[0].em, this.prepared, sql);
    } catch (error) {
      for (const member of group) {
        if (isLockContention(error) || !nothingWritten(error)) member.reject(error);
        else member.resolve(null);
      }
      return;
    }
    const rows = new Map((results[1].rows as Row[]).map((row) => [row.member, row]));
    group.forEach((member, i) => member.resolve(rows.get(i) ?? null));
  }
}

/** PostgreSQL refused the group (its implicit transaction rolled back), or the group was never sent. */
function nothingWritten(error: unknown): boolean {
  return error instanceof DatabaseError || sentNothing(error);
}
