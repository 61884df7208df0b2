import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deadline } from './deadline';
import type { Principal } from './principal';

/** What a domain service needs: the (transactional) EntityManager and the company it acts for. */
export interface ServiceContext {
  em: EntityManager;
  companyId: string;
  /** Who acts: recorded on moves, counts and approvals. */
  actor: string;
  /** Over HTTP: the request's time budget (REQUEST_TIMEOUT_MS); nothing is sent past it. */
  deadline?: Deadline;
  /** The caller, for rules that depend on it (whose reservations it reaches); absent for the server's own work. */
  auth?: Principal;
  /** The root mutation being run (set by src/auth/enforce.ts). */
  operation?: string;
}
