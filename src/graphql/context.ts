import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import type { Deadline } from '../db/faults';
import type { DomainError } from './errors';
import type { LiveConnection } from '../pubsub/live-stream';
import type { StockEventHub } from '../pubsub/stock-event-hub';
import type { ServiceContext } from './service-context';

/**
 * The per-request DataLoaders of the modules. src/modules/loaders.ts merges their types into this
 * interface and registers the factory, so that this layer, which the modules build on, does not
 * import them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

type LoaderFactory = (em: EntityManager, companyId: string) => Loaders;
let loaderFactory: LoaderFactory | undefined;

export function registerLoaders(factory: LoaderFactory): void {
  loaderFactory = factory;
}

/** Everything a resolver or service may touch for one request (or one subscription). */
export interface Context extends ServiceContext {
  /** Forked per request: its identity map never leaks between requests. */
  em: EntityManager;
  /** The company every read and write is scoped to: always the caller's (`auth.companyId`). */
  companyId: string;
  requestId: string;
  loaders: Loaders;
  /** Who is calling: company, roles, actor (src/auth). */
  auth: Principal;
  /** The root field being run, set by the permission guard (src/auth/enforce.ts); the audit log records it. */
  operation?: string;
  /** This instance's stock event hub: runMutation tells it after each commit (src/pubsub). */
  stockEvents?: StockEventHub;
  /** Arguments of the running mutation that input-guard.ts refused; runMutation answers them. */
  inputProblems?: DomainError[];
  /** Over graphql-ws only: what subscriptions need from their connection. */
  live?: LiveConnection;
  /** Sends this request's reads to a read replica (src/db/replicas.ts); only before its first read. */
  readFrom?(replica: MikroORM): void;
}

/**
 * The context of one request. The EntityManager fork and the DataLoaders are made on first use
 * (many requests need neither), through accessors on the prototype so that Apollo's shallow
 * copy of the context does not trigger them.
 */
export class RequestContext implements Context {
  private fork?: EntityManager;
  private loaderSet?: Loaders;
  private replica?: MikroORM;

  readonly companyId: string;
  readonly actor: string;
  operation?: string;

  constructor(
    private readonly orm: MikroORM,
    readonly auth: Principal,
    readonly requestId: string,
    readonly stockEvents?: StockEventHub,
    readonly live?: LiveConnection,
    readonly deadline?: Deadline,
  ) {
    // Every read and write is scoped to the caller's company, and recorded under its name.
    this.companyId = auth.companyId;
    this.actor = auth.actor;
  }

  get em(): EntityManager {
    return (this.fork ??= (this.replica ?? this.orm).em.fork());
  }

  readFrom(replica: MikroORM): void {
    if (this.fork) throw new Error('readFrom after the request has read');
    this.replica = replica;
  }

  set em(em: EntityManager) {
    this.fork = em;
  }

  get loaders(): Loaders {
    if (!loaderFactory) throw new Error('No DataLoaders registered: src/modules/index.ts imports them');
    return (this.loaderSet ??= loaderFactory(this.em, this.companyId));
  }

  set loaders(loaders: Loaders) {
    this.loaderSet = loaders;
  }
}
