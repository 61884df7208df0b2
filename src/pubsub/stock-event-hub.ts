import { Pool } from 'pg';
import { recordOutboxPublished, setOutboxLag } from '../observability/metrics';
import type { Logger } from '../observability/logger';
import { type PairInterest, PairIndex } from './subscription-index';
import { type WakeTransport } from './wake-transport';

/** The kinds of rows in the stock_event outbox. */
export type StockEventKind = 'STOCK_LEVEL' | 'STOCK_MOVE' | 'RESERVATION' | 'PURCHASING';

/** One committed outbox row, as the hub fans it out and replays it. */
export interface StoredEvent {
  /** Its position in its company's stream (stock_event.company_sequence): what clients resume from. */
  sequence: number;
  committedAt: Date;
  companyId: string;
  kind: StockEventKind;
  productId: string | null;
  warehouseId: string | null;
  entityId: string | null;
  cause: { kind: string | null; id: string | null; reference: string | null };
  payload: Record<string, unknown>;
}

interface EventRow {
  company_sequence: string;
  committed_at: Date;
  company_id: string;
  kind: StockEventKind;
  product_id: string | null;
  warehouse_id: string | null;
  entity_id: string | null;
  cause_kind: string | null;
  cause_id: string | null;
  cause_reference: string | null;
  payload: Record<string, unknown>;
}

function toEvent(row: EventRow): StoredEvent {
  return {
    sequence: Number(row.company_sequence),
    committedAt: new Date(row.committed_at),
    companyId: row.company_id,
    kind: row.kind,
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    entityId: row.entity_id,
    cause: { kind: row.cause_kind, id: row.cause_id, reference: row.cause_reference },
    payload: row.payload,
  };
}

export interface StockEventHubOptions {
  /** Fallback poll: a lost wake-up only delays delivery by this much. */
  pollMs: number;
  /** Stored events older than this are deleted (at least 24 hours in production). */
  retentionHours: number;
  logger: Logger;
  /** Rows read per query while catching up. */
  batchSize?: number;
}

type Listener = (event: StoredEvent) => void;

/** What a listener takes: these kinds; of STOCK_LEVEL events, only the pairs of its interest (all without). */
export interface ListenInterest {
  kinds: readonly StockEventKind[];
  pairs?: PairInterest;
}

/** A company's listeners: STOCK_LEVEL ones indexed by product x warehouse, the other kinds in plain sets. */
class CompanyListeners {
  readonly stockLevels = new PairIndex<Listener>();
  readonly byKind = new Map<StockEventKind, Set<Listener>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(listener: Listener, interest: ListenInterest): () => void {
    const removers: (() => void)[] = [];
    for (const kind of new Set(interest.kinds)) {
      if (kind === 'STOCK_LEVEL') {
        removers.push(this.stockLevels.add(listener, interest.pairs ?? { products: null, warehouses: null }));
        continue;
      }
      let set = this.byKind.get(kind);
      if (!set) this.byKind.set(kind, (set = new Set()));
      set.add(listener);
      removers.push(() => {
        set.delete(listener);
        if (set.size === 0 && this.byKind.get(kind) === set) this.byKind.delete(kind);
      });
    }
    this.count++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.count--;
      for (const remove of removers) remove();
    };
  }

  /** The listeners an event may concern (they still apply their own filter). */
  matching(event: StoredEvent): Iterable<Listener> {
    if (event.kind !== 'STOCK_LEVEL') return this.byKind.get(event.kind) ?? [];
    const payload = event.payload as { sku?: string; warehouseCode?: string };
    return this.stockLevels.match({
      productId: event.productId,
      sku: payload.sku ?? null,
      warehouseId: event.warehouseId,
      warehouseCode: payload.warehouseCode ?? null,
    });
  }
}

/** Events handed out between two yields to the event loop while draining (see drain()), at least ... */
const PUBLISH_SLICE = 50;
/** ... or fewer, once they went to this many subscriptions (their frames wait corked until the yield) ... */
const PUBLISH_SLICE_DELIVERIES = 2000;
/** ... or once handing them out took this long (ms) ... */
const PUBLISH_SLICE_MS = 5;
/**
 * ... each limit scaled up, while a backlog lasts, by how long the last yield took over
 * PUBLISH_SLICE_MS, at most this many ms: the fan-out then gets about as much of the event loop as
 * everything else (requests, pings) when that takes 15 ms a turn or less. With fixed 5 ms slices, a
 * loop busy with requests gave the fan-out a tenth of its time and 10,000 subscribers fell seconds
 * behind; with up to 50 ms, requests waited behind the fan-out (reservation answers p50 3 s on a
 * quiet 2-core machine against 0.12 s with 15 ms: bench/RESULTS.md).
 */
const PUBLISH_SLICE_MAX_MS = 15;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One per server instance. The database is the source of truth: on a wake-up (LISTEN/NOTIFY or
 * Redis, see wake-transport.ts) or a poll, the hub reads each company's counter
 * (stock_event_counter) and, for the companies with local subscriptions whose counter moved, the
 * rows with `company_sequence > last` in order, and hands each to those subscriptions,
 * synchronously (each one only queues it: a slow subscriber never delays another). The flush
 * numbers a company's events under its counter's row lock, held until commit: every event up to
 * the counter read is committed, and advancing a company's `last` never skips one committed
 * later. A company without local subscriptions only has its `last` moved up to its counter.
 */
export class StockEventHub {
  /** Per company: the highest company_sequence handed to local subscriptions (or passed by). */
  private readonly lasts = new Map<string, number>();
  private readonly listeners = new Map<string, CompanyListeners>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Its own small pool: the hub's reads never wait behind requests (nor count as theirs). */
  private readonly pool: Pool;

  constructor(
    databaseUrl: string,
    private readonly transport: WakeTransport,
    private readonly options: StockEventHubOptions,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    this.pool.on('error', (error) => options.logger.warn({ err: error }, 'stock event pool connection error'));
  }

  async start(): Promise<void> {
    // Live from here: what is committed now is not handed out (subscriptions replay it).
    for (const [companyId, last] of await this.readCounters()) this.lasts.set(companyId, last);
    await this.transport.start(() => this.wake());
    const poll = setInterval(() => this.wake(), this.options.pollMs);
    const cleanup = setInterval(() => void this.cleanup().catch(() => undefined), 10 * 60_000);
    poll.unref();
    cleanup.unref();
    this.timers.push(poll, cleanup);
    await this.cleanup().catch((error) => this.options.logger.warn({ err: error }, 'stock event cleanup failed'));
  }

  /** The highest sequence of the company handed to local subscriptions; every lower one was handed too. */
  lastPublished(companyId: string): number {
    return this.lasts.get(companyId) ?? 0;
  }

  /** lastPublished of every company that has events, as a snapshot (webhooks claim by it). */
  publishedByCompany(): Map<string, number> {
    return new Map(this.lasts);
  }

  /**
   * Registers a subscription for its company's events of the given kinds (all without) and, of
   * STOCK_LEVEL events, the pairs of its interest: an event is offered only to the listeners
   * filed under its product x warehouse (subscription-index.ts), not to every subscription of
   * the company. Returns the function that removes it.
   */
  listen(companyId: string, listener: Listener, interest?: ListenInterest): () => void {
    let company = this.listeners.get(companyId);
    if (!company) this.listeners.set(companyId, (company = new CompanyListeners()));
    const remove = company.add(
      listener,
      interest ?? { kinds: ['STOCK_LEVEL', 'STOCK_MOVE', 'RESERVATION', 'PURCHASING'] },
    );
    return () => {
      remove();
      if (company.size === 0 && this.listeners.get(companyId) === company) this.listeners.delete(companyId);
    };
  }

  /** Called after a local commit that may have written events: wakes every instance (Redis) or nothing (NOTIFY does it). */
  committed(): void {
    if (!this.closed) this.transport.announce();
  }

  /** Reads and publishes what is new; concurrent calls coalesce into one more round. */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.drain()
      .catch((error) => this.options.logger.error({ err: error }, 'reading stock events failed'))
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  /** Every company's counter: what is committed up to. One row per company (a small table). */
  private async readCounters(): Promise<Map<string, number>> {
    const rows = await this.query<{ company_id: string; last: string }>(
      'select company_id, last from stock_event_counter',
    );
    return new Map(rows.map((r) => [r.company_id, Number(r.last)]));
  }

  private async drain(): Promise<void> {
    const batch = this.options.batchSize ?? 1000;
    /** How much larger than the base slice the next one may be (see PUBLISH_SLICE_MAX_MS). */
    let scale = 1;
    do {
      this.again = false;
      const counters = await this.readCounters();
      for (const [companyId, upTo] of counters) {
        if (this.closed) return;
        if (upTo <= this.lastPublished(companyId)) continue;
        // Checked and moved in one step: a subscription registered later starts from here.
        if (!this.listeners.has(companyId)) {
          this.lasts.set(companyId, upTo);
          continue;
        }
        while (this.lastPublished(companyId) < upTo && !this.closed) {
          const rows = await this.read(companyId, this.lastPublished(companyId), { upTo, limit: batch });
          if (rows.length) setOutboxLag((Date.now() - rows[0].committedAt.getTime()) / 1000);
          // The fan-out shares the event loop with requests: after each slice of events, their
          // frames go out and waiting I/O (requests, answers from the database) gets a turn
          // before the next slice, which may last as long as that turn did (up to
          // PUBLISH_SLICE_MAX_MS). Order is kept: one drain at a time.
          let sliceStart = performance.now();
          let sliceEvents = 0;
          let sliceDeliveries = 0;
          for (let i = 0; i < rows.length; i++) {
            sliceDeliveries += this.publish(rows[i]);
            sliceEvents++;
            const full =
              sliceEvents >= PUBLISH_SLICE * scale ||
              sliceDeliveries >= PUBLISH_SLICE_DELIVERIES * scale ||
              performance.now() - sliceStart > PUBLISH_SLICE_MS * scale;
            if (full && i + 1 < rows.length) {
              const yielded = performance.now();
              await yieldToEventLoop();
              sliceStart = performance.now();
              scale =
                Math.min(PUBLISH_SLICE_MAX_MS, Math.max(PUBLISH_SLICE_MS, sliceStart - yielded)) / PUBLISH_SLICE_MS;
              sliceEvents = sliceDeliveries = 0;
            }
          }
          // Fewer than asked: the rest passed the retention (or never were): nothing left to hand.
          if (rows.length < batch) this.lasts.set(companyId, upTo);
        }
      }
    } while (this.again && !this.closed);
    setOutboxLag(0);
  }

  /** Hands an event to the local subscriptions it may concern; returns how many were offered it. */
  private publish(event: StoredEvent): number {
    if (this.closed) return 0;
    this.lasts.set(event.companyId, event.sequence);
    recordOutboxPublished((Date.now() - event.committedAt.getTime()) / 1000);
    const company = this.listeners.get(event.companyId);
    if (!company) return 0;
    let offered = 0;
    for (const listener of company.matching(event)) {
      offered++;
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error({ err: error }, 'a subscription failed to take a stock event');
      }
    }
    return offered;
  }

  /**
   * The reader of the event stream (subscriptions replay through it; webhooks deliver from it):
   * the stored events of company `companyId` with `after < sequence` (and `sequence <= upTo`),
   * of the given kinds (all without), in sequence order, at most `limit`.
   * Contract: `sequence` is the company's own (stock_event.company_sequence); only committed
   * events are returned, and a company's events are numbered in commit order without gaps, so a
   * reader that stores the last sequence it handled and asks again from there misses nothing
   * and sees nothing twice. Events are kept for the retention (24 hours at least): when
   * `after` is below resumableFrom(companyId), events in between are gone. Events written before
   * Migration20261207040000CompanySequence keep the global number they had (gaps between them).
   */
  async read(
    companyId: string,
    after: number,
    options: { upTo?: number; kinds?: StockEventKind[]; limit?: number } = {},
  ): Promise<StoredEvent[]> {
    const rows = await this.query<EventRow>(
      `select * from stock_event
        where company_id = $1 and company_sequence > $2 and ($3::bigint is null or company_sequence <= $3)
          and ($4::text[] is null or kind = any($4::text[]))
        order by company_sequence limit $5`,
      [companyId, after, options.upTo ?? null, options.kinds ?? null, options.limit ?? 500],
    );
    return rows.map(toEvent);
  }

  /** Stored events of a company with after < sequence <= upTo, in order, read page by page. */
  async *replay(
    companyId: string,
    kinds: StockEventKind[],
    after: number,
    upTo: number,
    pageSize = 500,
  ): AsyncGenerator<StoredEvent> {
    let from = after;
    while (from < upTo && !this.closed) {
      const events = await this.read(companyId, from, { upTo, kinds, limit: pageSize });
      for (const event of events) yield event;
      if (events.length < pageSize) return;
      from = events[events.length - 1].sequence;
    }
  }

  /**
   * The sequence of the company after which every event is still stored: one less than its
   * oldest kept event (or, with none kept, than its next one). A resume point below it has lost
   * events to the retention.
   */
  async resumableFrom(companyId: string): Promise<number> {
    const [row] = await this.query<{ resumable: string }>(
      `select coalesce((select min(company_sequence) from stock_event where company_id = $1),
                       (select last + 1 from stock_event_counter where company_id = $1), 1) - 1 as resumable`,
      [companyId],
    );
    return Number(row.resumable);
  }

  /** Deletes stored events past the retention; returns how many. */
  async cleanup(): Promise<number> {
    const result = await this.pool.query(
      'delete from stock_event where committed_at < now() - make_interval(hours => $1)',
      [this.options.retentionHours],
    );
    return result.rowCount ?? 0;
  }

  /** Stops reading and closes its connections; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      for (const timer of this.timers) clearInterval(timer);
      this.listeners.clear();
      await this.transport.close();
      await this.reading;
      await this.pool.end();
    })();
    return this.closing;
  }

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }
}
