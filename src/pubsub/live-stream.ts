import { recordSlowConsumer, subscriptionClosed, subscriptionOpened } from '../observability/metrics';
import type { StockEventHub, StockEventKind, StoredEvent } from './stock-event-hub';
import type { ExecutionResult } from 'graphql';
import type { PairInterest } from './subscription-index';

/**
 * Close code of a WebSocket whose subscription could not keep up (its queue overflowed). The
 * client reconnects and resumes with `afterSequence` = the last sequence it received.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 4413;
export const SLOW_CONSUMER_CLOSE_REASON = 'Subscriber too slow: resume with afterSequence';

/** What a WebSocket connection lends its subscriptions. */
export interface LiveConnection {
  hub: StockEventHub;
  /** Most events one subscription may have waiting to be sent. */
  queueLimit: number;
  close(code: number, reason: string): void;
  /**
   * Over graphql-ws: writes this subscription's `next` frame for a result straight from the
   * fan-out (socket-writes.ts, nextFrameWriter) instead of through graphql-ws's per-event chain
   * of promises; false when graphql-ws must send it. Absent in-process (tests, HTTP).
   */
  writeNext?: (result: ExecutionResult) => boolean;
}

/**
 * Takes a value of an idle subscription (nothing queued, nothing on its way to the client) as
 * it arrives, and sends it itself: true when it did (or the socket is gone), false to leave it to
 * the consumer (next()).
 */
export type DirectSink<T> = (value: T) => boolean;

export interface LiveStreamOptions<T> {
  companyId: string;
  kinds: StockEventKind[];
  /**
   * For STOCK_LEVEL events: the products x warehouses it may want, by which the hub indexes it
   * (only events of these pairs are offered to `accept`); none: every pair.
   */
  pairs?: PairInterest;
  /** Cheap filter applied as events arrive, so unrelated events never take queue room. */
  accept(event: StoredEvent): boolean;
  /** Turns an accepted event into what the client gets, in sequence order; null skips it. */
  map(event: StoredEvent): T | null;
  /** Replay every stored matching event after this sequence first. */
  afterSequence?: number | null;
  /** Resolves with the sequence a snapshot read by the caller reflects: nothing up to it is delivered. */
  ready?: Promise<number>;
}

/**
 * The events of one subscription: stored ones after `afterSequence` (replay), then live ones,
 * in sequence order without duplicates. Live events are taken from the hub as soon as the
 * subscription exists and wait in a bounded queue (also during the replay); when it overflows,
 * the connection is closed with SLOW_CONSUMER_CLOSE_CODE. An explicit iterator rather than an
 * async generator: `return()` must end it at once, even while it waits for the next event.
 */
export class LiveStream<T> implements AsyncIterableIterator<T> {
  private queue: StoredEvent[] = [];
  private wakeConsumer: (() => void) | null = null;
  private direct: DirectSink<T> | null = null;
  /** A live value mapped while the consumer was idle and not taken by `direct`: the next one next() returns. */
  private handoff: { value: T } | { error: unknown } | null = null;
  private replay: AsyncGenerator<StoredEvent> | null = null;
  private lastDelivered: number;
  private finished = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly connection: LiveConnection,
    private readonly options: LiveStreamOptions<T>,
  ) {
    const { hub } = connection;
    // Registered before reading lastPublished: everything above it reaches the queue.
    this.stopListening = hub.listen(options.companyId, (event) => this.push(event), {
      kinds: options.kinds,
      pairs: options.pairs,
    });
    const upTo = hub.lastPublished(options.companyId);
    const after = options.afterSequence;
    if (after != null && after < upTo) {
      this.replay = hub.replay(options.companyId, options.kinds, after, upTo);
      this.lastDelivered = after;
    } else {
      this.lastDelivered = Math.max(upTo, after ?? 0);
    }
    subscriptionOpened();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * From now on, a live event that arrives while the consumer waits in next() with nothing
   * queued (every earlier event is on its way: sent, or being sent) is mapped at once and offered
   * to `sink`, which may send it itself; otherwise (or when it declines) it takes the usual way.
   * Order is kept: only an idle stream's event goes to the sink, and a declined one is the very
   * next value next() returns, before anything queued after it.
   */
  deliverDirectly(sink: DirectSink<T>): void {
    this.direct = sink;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.options.ready) {
      const ready = this.options.ready;
      this.options.ready = undefined;
      try {
        this.lastDelivered = Math.max(this.lastDelivered, await ready);
      } catch (error) {
        this.finish();
        throw error;
      }
    }
    while (!this.finished) {
      if (this.handoff) {
        const handoff = this.handoff;
        this.handoff = null;
        if ('error' in handoff) throw handoff.error;
        return { value: handoff.value, done: false };
      }
      let event: StoredEvent | undefined;
      if (this.replay) {
        const read = await this.replay.next();
        if (read.done) {
          this.replay = null;
          continue;
        }
        if (!this.options.accept(read.value)) continue;
        event = read.value;
      } else {
        event = this.queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
          this.wakeConsumer = null;
          continue;
        }
      }
      if (this.finished) break;
      if (event.sequence <= this.lastDelivered) continue;
      this.lastDelivered = event.sequence;
      const value = this.options.map(event);
      if (value !== null) return { value, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T>> {
    this.finish();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    this.finish();
    throw error;
  }

  private push(event: StoredEvent): void {
    if (this.finished || !this.options.kinds.includes(event.kind) || !this.options.accept(event)) return;
    // Idle (waiting in next(), in the live phase: replay and snapshot are behind it), nothing queued.
    if (this.direct && this.wakeConsumer && !this.handoff && this.queue.length === 0) {
      if (event.sequence <= this.lastDelivered) return;
      this.lastDelivered = event.sequence;
      let value: T | null;
      try {
        value = this.options.map(event);
        if (value === null || this.direct(value)) return;
        this.handoff = { value };
      } catch (error) {
        // As if next() had mapped it: the consumer gets the error (graphql-ws sends it).
        this.handoff = { error };
      }
      this.wakeConsumer();
      return;
    }
    if (this.queue.length >= this.connection.queueLimit) {
      this.finish();
      recordSlowConsumer();
      this.connection.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_CLOSE_REASON);
      return;
    }
    this.queue.push(event);
    this.wakeConsumer?.();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopListening();
    this.queue = [];
    this.handoff = null;
    this.direct = null;
    void this.replay?.return(undefined);
    this.replay = null;
    this.wakeConsumer?.();
    subscriptionClosed();
  }
}
