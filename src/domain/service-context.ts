import type { EntityManager } from '@mikro-orm/postgresql';

/** What a domain service needs: the (transactional) EntityManager and the company it acts for. */
export interface ServiceContext {
  em: EntityManager;
  companyId: string;
  /** Who acts: recorded on moves, counts and approvals. */
  actor: string;
}
