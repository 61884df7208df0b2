import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';

/** What a domain service needs: the (transactional) EntityManager and the company it acts for. */
export interface ServiceContext {
  em: EntityManager;
  companyId: string;
  /** Who acts: recorded on moves, counts and approvals. */
  actor: string;
  /** The caller, for rules that depend on it (whose reservations it reaches); absent for the server's own work. */
  auth?: Principal;
  /** The root mutation being run (set by src/auth/enforce.ts). */
  operation?: string;
}
