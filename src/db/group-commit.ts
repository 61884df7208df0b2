import type { EntityManager } from '@mikro-orm/postgresql';
import { type PreparedStatement, queryWithPrepared } from './prepared';
import { isLockContention } from './sql';

/** One request's share of a group: the locks it needs and its statement (it takes no parameters). */
export interface GroupMember {
  em: EntityManager;
  lockKeys: string[];
  statement: string;
}

interface Waiting extends GroupMember {
  resolve(row: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for short, independent writes that serialize on the same locks (the storefront's
 * reservations of one hot SKU). Requests that arrive while earlier groups are committing wait and
 * are sent together as one implicit transaction: the union of their locks, taken once in the
 * global order, then each member's statement, in arrival order. A statement sees what the earlier
 * ones wrote, so each member is checked against the figures its predecessors left; one commit
 * (and one stock-event flush) serves the whole group instead of one per request, which is what
 * bounds a hot SKU's throughput. Each member's effects stay all-or-nothing, and a member whose
 * statement wrote nothing is answered as such by its own row. An idle queue sends a request at
 * once, so a quiet storefront pays no wait.
 *
 * If the group fails, nothing of it was written: members blocked by lock contention get that
 * error (retrying would wait again); any other failure answers null to every member so that each
 * runs again on its own and meets its own error.
 */
export class GroupCommit {
  /** One queue per database (ORM instance): a group runs on one connection. */
  private readonly queues = new WeakMap<object, { forming: Waiting[]; inFlight: number }>();

  constructor(
    private readonly lockSql: (keys: string[]) => string,
    /** The prepared statements the members' statements EXECUTE. */
    private readonly prepared: PreparedStatement[],
    private readonly maxInFlight: number,
    private readonly maxMembers: number,
  ) {}

  /** The first row of the member's statement once the group committed, or null if it must run alone. */
  submit<Row>(member: GroupMember): Promise<Row | null> {
    let queue = this.queues.get(member.em.config);
    if (!queue) this.queues.set(member.em.config, (queue = { forming: [], inFlight: 0 }));
    const q = queue;
    return new Promise<Row | null>((resolve, reject) => {
      q.forming.push({ ...member, resolve: resolve as (row: unknown) => void, reject });
      this.dispatch(q);
    });
  }

  private dispatch(queue: { forming: Waiting[]; inFlight: number }): void {
    while (queue.inFlight < this.maxInFlight && queue.forming.length > 0) {
      const group = queue.forming.splice(0, this.maxMembers);
      queue.inFlight++;
      void this.commit(group).finally(() => {
        queue.inFlight--;
        this.dispatch(queue);
      });
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    const keys = [...new Set(group.flatMap((m) => m.lockKeys))].sort();
    try {
      const results = await queryWithPrepared(
        group[0].em,
        this.prepared,
        [this.lockSql(keys), ...group.map((m) => m.statement)].join(';\n'),
      );
      group.forEach((member, i) => member.resolve(results[i + 1].rows[0] ?? null));
    } catch (error) {
      for (const member of group) {
        if (isLockContention(error)) member.reject(error);
        else member.resolve(null);
      }
    }
  }
}
