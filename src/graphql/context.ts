import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from '../modules/loaders';
import type { ServiceContext } from './service-context';

/** Everything a resolver or service may touch for one request (or one subscription). */
export interface Context extends ServiceContext {
  /** Forked per request: its identity map never leaks between requests. */
  em: EntityManager;
  /** The company every read and write is scoped to. */
  companyId: string;
  requestId: string;
  loaders: Loaders;
}
