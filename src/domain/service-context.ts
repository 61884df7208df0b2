import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deadline } from '../db/faults';

/** What a domain service needs: the (transactional) EntityManager and the company it acts for. */
export interface ServiceContext {
  em: EntityManager;
  companyId: string;
  /** Who acts: recorded on moves, counts and approvals. */
  actor: string;
  /** Over HTTP: the request's time budget (REQUEST_TIMEOUT_MS); nothing is sent past it. */
  deadline?: Deadline;
}
