import type { EntityManager } from '@mikro-orm/postgresql';
import { DatabaseError } from 'pg';
import { type Deadline, DeadlineExceededError, isPoolTimeout, OutcomeUnknownError } from './faults';
import { type PreparedStatement, queryWithPrepared, sentNothing } from './prepared';
import { isLockContention } from './sql';

/** One request's share of a group: the locks it needs and what the group's statement needs of it. */
export interface GroupMember<Params> {
  em: EntityManager;
  lockKeys: string[];
  params: Params;
  /** The request's deadline: a member still waiting when it expires is dropped, never sent. */
  deadline?: Deadline;
}

/** A row of the group's statement answers the member at this index of the group. */
export interface MemberRow {
  member: number;
}

interface Waiting<Params> extends GroupMember<Params> {
  /** When its wait for the locks ends (now + lock_timeout when it arrived). */
  waitsUntil: number;
  resolve(row: unknown): void;
  reject(error: unknown): void;
  /** Stops its timers (it was sent, or dropped). */
  leave(): void;
}

interface Queue<Params> {
  forming: Waiting<Params>[];
  inFlight: number;
}

/** A member waited longer than lock_timeout behind its key set's groups: like a lock wait, nothing was sent. */
class QueueWaitTimeout extends Error {
  readonly code = '55P03';
  constructor(ms: number) {
    super(`waited more than ${ms} ms for the locks (lock_timeout)`);
  }
}

/**
 * Group commit for short, independent writes that serialize on the same locks (the storefront's
 * reservations of one hot SKU). Requests that arrive while earlier groups of the same locks are
 * committing wait and are sent together as one implicit transaction: their locks, taken once in
 * the global order, then one statement for all the members (`statement`, given their parameters
 * in arrival order). One statement, one commit and one stock-event flush serve the whole group,
 * instead of one of each per request: that is what bounds a hot SKU's throughput, because all of
 * it runs under the lock. The statement answers each member it decided with a row carrying the
 * member's index; a member it does not answer gets null and must run again on its own, so the
 * statement must write nothing for it. An idle queue sends a request at once, so a quiet
 * storefront pays no wait.
 *
 * Only requests needing exactly the same locks share a queue, and so a group: a request never
 * waits for a lock it does not need (one SKU's pair held elsewhere leaves the others' groups
 * alone). A request waits at most lock_timeout in all (in its queue, then for the locks: the group
 * runs with the lock_timeout its oldest member has left) and then fails like a lock wait, with
 * nothing sent; a request whose deadline expires while it waits is dropped and never sent.
 *
 * When PostgreSQL refuses the group with an ERROR, its implicit transaction rolled back and
 * nothing of it was written: members blocked by lock contention get that error (retrying would
 * wait again); any other such error, or a group that was never sent (its statement could not be
 * built, no connection, a failed PREPARE), answers null to every member so that each runs again
 * on its own and meets its own error. Any other failure once the group was sent (the connection
 * lost, or a FATAL error, which can come after the commit) fails every member with
 * OutcomeUnknownError, rather than risk doing the work twice.
 */
export class GroupCommit<Params, Row extends MemberRow> {
  /** Per database (ORM instance; a group runs on one connection), one queue per set of locks. */
  private readonly queues = new WeakMap<object, Map<string, Queue<Params>>>();

  constructor(
    private readonly lockSql: (keys: string[]) => string,
    /** The prepared statements `statement` EXECUTEs. */
    private readonly prepared: PreparedStatement[],
    /** The group's statement (no bind parameters): member i is `members[i]`. */
    private readonly statement: (members: Params[]) => string,
    private readonly maxInFlight: number,
    private readonly maxMembers: number,
    /** The longest a member waits for its locks, queue included (the database's lock_timeout). */
    private readonly lockWaitMs: (em: EntityManager) => number,
  ) {}

  /** The member's row once the group committed, or null if it must run alone. */
  submit(member: GroupMember<Params>): Promise<Row | null> {
    member.deadline?.check();
    const keySet = [...new Set(member.lockKeys)].sort();
    const name = keySet.join(',');
    let byKeys = this.queues.get(member.em.config);
    if (!byKeys) this.queues.set(member.em.config, (byKeys = new Map()));
    let queue = byKeys.get(name);
    if (!queue) byKeys.set(name, (queue = { forming: [], inFlight: 0 }));
    const q = queue;
    const keys = byKeys;
    const waitMs = this.lockWaitMs(member.em);
    return new Promise<Row | null>((resolve, reject) => {
      const drop = (error: Error) => {
        const at = q.forming.indexOf(waiting);
        if (at < 0) return; // already sent
        q.forming.splice(at, 1);
        waiting.leave();
        reject(error);
        this.forget(keys, name, q);
      };
      const timer = setTimeout(() => drop(new QueueWaitTimeout(waitMs)), waitMs);
      timer.unref();
      const onAbort = () => drop(new DeadlineExceededError(member.deadline!.timeoutMs));
      member.deadline?.signal.addEventListener('abort', onAbort, { once: true });
      const waiting: Waiting<Params> = {
        ...member,
        lockKeys: keySet,
        waitsUntil: Date.now() + waitMs,
        resolve: resolve as (row: unknown) => void,
        reject,
        leave: () => {
          clearTimeout(timer);
          member.deadline?.signal.removeEventListener('abort', onAbort);
        },
      };
      q.forming.push(waiting);
      this.dispatch(keys, name, q);
    });
  }

  private dispatch(keys: Map<string, Queue<Params>>, name: string, queue: Queue<Params>): void {
    while (queue.inFlight < this.maxInFlight && queue.forming.length > 0) {
      const group = queue.forming.splice(0, this.maxMembers);
      queue.inFlight++;
      void this.commit(group).finally(() => {
        queue.inFlight--;
        this.dispatch(keys, name, queue);
        this.forget(keys, name, queue);
      });
    }
  }

  /** An idle queue goes, so that the map does not grow with every key set ever seen. */
  private forget(keys: Map<string, Queue<Params>>, name: string, queue: Queue<Params>): void {
    if (queue.inFlight === 0 && queue.forming.length === 0 && keys.get(name) === queue) keys.delete(name);
  }

  private async commit(group: Waiting<Params>[]): Promise<void> {
    for (const member of group) member.leave();
    let sql: string;
    try {
      // The oldest member's remaining wait bounds every lock wait of the group.
      const waitMs = Math.max(1, Math.min(...group.map((m) => m.waitsUntil)) - Date.now());
      sql = `set local lock_timeout = ${Math.floor(waitMs)};\n${this.lockSql(group[0].lockKeys)};\n${this.statement(group.map((m) => m.params))}`;
    } catch {
      for (const member of group) member.resolve(null); // nothing was sent: each meets its own error alone
      return;
    }
    let results: Awaited<ReturnType<typeof queryWithPrepared>>;
    try {
      results = await queryWithPrepared(group[0].em, this.prepared, sql);
    } catch (error) {
      for (const member of group) {
        if (isLockContention(error) || isPoolTimeout(error)) member.reject(error);
        else if (nothingWritten(error)) member.resolve(null);
        else member.reject(new OutcomeUnknownError(error));
      }
      return;
    }
    const rows = new Map((results[results.length - 1].rows as Row[]).map((row) => [row.member, row]));
    group.forEach((member, i) => member.resolve(rows.get(i) ?? null));
  }
}

/**
 * PostgreSQL refused the group with an ERROR (its implicit transaction rolled back), or the group
 * was never sent. A FATAL error ends the session and may come after the commit.
 */
function nothingWritten(error: unknown): boolean {
  return (error instanceof DatabaseError && error.severity === 'ERROR') || sentNothing(error);
}
