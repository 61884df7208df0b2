import { Pool } from 'pg';
import { recordOutboxPublished, setOutboxLag } from '../observability/metrics';
import type { Logger } from '../observability/logger';
import { type WakeTransport } from './wake-transport';

/** The kinds of rows in the stock_event outbox. */
export type StockEventKind = 'STOCK_LEVEL' | 'STOCK_MOVE' | 'RESERVATION';

/** One committed outbox row, as the hub fans it out and replays it. */
export interface StoredEvent {
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
  sequence: string;
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
    sequence: Number(row.sequence),
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

/**
 * One per server instance. The database is the source of truth: on a wake-up (LISTEN/NOTIFY or
 * Redis, see wake-transport.ts) or a poll, the hub reads the rows with `sequence > last` in
 * order and hands each to the local subscriptions of its company, synchronously (each one only
 * queues it: a slow subscriber never delays another). The flush trigger takes sequences in
 * commit order, so advancing `last` never skips a row committed later.
 */
export class StockEventHub {
  private last = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
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
    const [row] = await this.query<{ last: string | null }>('select max(sequence) as last from stock_event');
    this.last = Number(row?.last ?? 0);
    await this.transport.start(() => this.wake());
    const poll = setInterval(() => this.wake(), this.options.pollMs);
    const cleanup = setInterval(() => void this.cleanup().catch(() => undefined), 10 * 60_000);
    poll.unref();
    cleanup.unref();
    this.timers.push(poll, cleanup);
    await this.cleanup().catch((error) => this.options.logger.warn({ err: error }, 'stock event cleanup failed'));
  }

  /** The highest sequence handed to local subscriptions; every lower one was handed too. */
  get lastPublished(): number {
    return this.last;
  }

  /** Registers a subscription for its company's events; returns the function that removes it. */
  listen(companyId: string, listener: Listener): () => void {
    let set = this.listeners.get(companyId);
    if (!set) this.listeners.set(companyId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(companyId) === set) this.listeners.delete(companyId);
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

  private async drain(): Promise<void> {
    const batch = this.options.batchSize ?? 1000;
    let full: boolean;
    do {
      this.again = false;
      const rows = await this.query<EventRow>(
        'select * from stock_event where sequence > $1 order by sequence limit $2',
        [this.last, batch],
      );
      full = rows.length === batch;
      if (rows.length) setOutboxLag((Date.now() - new Date(rows[0].committed_at).getTime()) / 1000);
      for (const row of rows) {
        if (this.closed) return;
        const event = toEvent(row);
        this.last = event.sequence;
        recordOutboxPublished((Date.now() - event.committedAt.getTime()) / 1000);
        for (const listener of this.listeners.get(event.companyId) ?? []) {
          try {
            listener(event);
          } catch (error) {
            this.options.logger.error({ err: error }, 'a subscription failed to take a stock event');
          }
        }
      }
    } while ((full || this.again) && !this.closed);
    setOutboxLag(0);
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
      const rows = await this.query<EventRow>(
        `select * from stock_event
          where company_id = $1 and kind = any($2::text[]) and sequence > $3 and sequence <= $4
          order by sequence limit $5`,
        [companyId, kinds, from, upTo, pageSize],
      );
      for (const row of rows) yield toEvent(row);
      if (rows.length < pageSize) return;
      from = Number(rows[rows.length - 1].sequence);
    }
  }

  /**
   * The sequence after which every event is still stored: one less than the oldest kept event
   * (or, with none kept, than the next one to come). A resume point below it has lost events
   * to the retention (or, rarely, only to a sequence value a failed commit used).
   */
  async resumableFrom(): Promise<number> {
    const [row] = await this.query<{ resumable: string }>(
      `select coalesce((select min(sequence) from stock_event),
                       (select case when is_called then last_value + 1 else last_value end from stock_event_sequence_seq)) - 1 as resumable`,
      [],
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
