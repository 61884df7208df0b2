import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createLoaders, type Loaders } from '../modules/loaders';
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

/**
 * The context of one request. The EntityManager fork and the DataLoaders are made on first use
 * (many requests need neither), through accessors on the prototype so that Apollo's shallow
 * copy of the context does not trigger them.
 */
export class RequestContext implements Context {
  private fork?: EntityManager;
  private loaderSet?: Loaders;

  constructor(
    private readonly orm: MikroORM,
    readonly companyId: string,
    readonly actor: string,
    readonly requestId: string,
  ) {}

  get em(): EntityManager {
    return (this.fork ??= this.orm.em.fork());
  }

  set em(em: EntityManager) {
    this.fork = em;
  }

  get loaders(): Loaders {
    return (this.loaderSet ??= createLoaders(this.em));
  }

  set loaders(loaders: Loaders) {
    this.loaderSet = loaders;
  }
}
