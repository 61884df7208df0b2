import { Entity, Index, type Opt, PrimaryKey, PrimaryKeyProp, Property, Unique } from '@mikro-orm/core';

/**
 * The outbox: one row per committed change subscribers can see, written by the database itself
 * at commit (the deferred trigger `stock_event_flush`, migrations/Migration20261124221500), so a
 * rolled-back transaction leaves none. Readers follow `companySequence`, the company's own
 * numbering: the flush takes it from the company's StockEventCounter row, locked until commit,
 * so within a company it is commit order without gaps, and companies never wait for each other
 * (Migration20261207040000CompanySequence). `sequence` only identifies a row: across companies
 * it is not commit order. Kept at least 24 hours.
 */
@Entity()
@Index({ properties: ['committedAt'] })
@Unique({ properties: ['companyId', 'companySequence'] })
export class StockEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  sequence!: string;

  /** Position in the company's event stream: what subscriptions call `sequence`. */
  @Property({ type: 'bigint' })
  companySequence!: string;

  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  committedAt!: Date & Opt;

  @Property({ type: 'uuid' })
  companyId!: string;

  /** STOCK_LEVEL, STOCK_MOVE, RESERVATION or PURCHASING (order confirmed, received, bill held). */
  @Property({ length: 20 })
  kind!: string;

  @Property({ type: 'uuid', nullable: true })
  productId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  warehouseId?: string | null;

  /** The move or reservation an entity event is about. */
  @Property({ type: 'uuid', nullable: true })
  entityId?: string | null;

  @Property({ length: 20, nullable: true })
  causeKind?: string | null;

  @Property({ type: 'uuid', nullable: true })
  causeId?: string | null;

  @Property({ length: 200, nullable: true })
  causeReference?: string | null;

  /** Figures as text (decimals never pass through JSON numbers), or the entity's snapshot. */
  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;
}

/**
 * What the current transaction changed, staged by statement triggers on the stock tables and
 * emptied by `stock_event_flush` at commit. Rows never outlive their transaction, so other transactions
 * never see any.
 */
@Entity()
export class StockEventPending {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  ordinal!: string;

  @Property({ type: 'uuid', nullable: true })
  companyId?: string | null;

  /**
   * PAIR (a product x warehouse whose figures may have changed), MOVE, RESERVATION, KIT (a kit's
   * definition changed), PURCHASING (an event with its payload), or FLUSH (the marker).
   */
  @Property({ length: 20 })
  kind!: string;

  @Property({ type: 'uuid', nullable: true })
  productId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  warehouseId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  entityId?: string | null;

  @Property({ length: 20, nullable: true })
  causeKind?: string | null;

  @Property({ type: 'uuid', nullable: true })
  causeId?: string | null;

  /** Lower wins when several causes touch one pair in a transaction. */
  @Property({ type: 'smallint', default: 9 })
  priority: number & Opt = 9;

  /** A PURCHASING event's payload, built by the purchasing service that staged it. */
  @Property({ type: 'jsonb', nullable: true })
  payload?: Record<string, unknown> | null;

  /** True on the one marker row per transaction whose deferred trigger flushes at commit. */
  @Property({ default: false })
  first: boolean & Opt = false;

  /**
   * The writing transaction: the flush reads and deletes only its own rows, through this index,
   * so the dead rows every earlier transaction left (until vacuum) cost it nothing.
   */
  @Index()
  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  xid!: string & Opt;
}

/** The figures last published per product x warehouse: the base of each event's delta. */
@Entity()
export class StockLevelPublished {
  [PrimaryKeyProp]?: ['productId', 'warehouseId'];

  @PrimaryKey({ type: 'uuid' })
  productId!: string;

  @PrimaryKey({ type: 'uuid' })
  warehouseId!: string;

  @Property({ type: 'jsonb' })
  figures!: Record<string, string>;
}

/**
 * The last companySequence a company's events took. The flush locks its row (in company order
 * when a transaction touches several) until commit: commits of one company publish one after
 * the other, those of different companies at once.
 */
@Entity()
export class StockEventCounter {
  @PrimaryKey({ type: 'uuid' })
  companyId!: string;

  @Property({ type: 'bigint' })
  last!: string;
}
