import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { Logger } from '../observability/logger';

/** The channel the flush trigger notifies (pg_notify) and the Redis channel instances publish on. */
export const STOCK_EVENT_CHANNEL = 'stockline_stock_event';

/**
 * How an instance learns that events were committed, possibly by another instance. Only a
 * wake-up: the hub then reads the outbox, so a lost message delays delivery until the next poll
 * and never loses an event.
 */
export interface WakeTransport {
  start(onWake: () => void): Promise<void>;
  /** After a local commit: tell every instance (Redis); a no-op where the database notifies. */
  announce(): void;
  close(): Promise<void>;
}

/**
 * PostgreSQL LISTEN on a dedicated connection (no extra infrastructure): the flush trigger's
 * pg_notify reaches every instance at commit. Reconnects after a failure, and wakes the hub
 * once connected again to catch up on what it missed meanwhile.
 */
export class PgListenTransport implements WakeTransport {
  private client: Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly reconnectMs = 1000,
  ) {}

  async start(onWake: () => void): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn({ err: error }, 'stock event LISTEN connection lost; reconnecting');
      this.retry = setTimeout(() => {
        this.retry = null;
        this.start(onWake).catch((e: Error) => this.logger.warn({ err: e }, 'stock event LISTEN reconnect failed'));
      }, this.reconnectMs);
      this.retry.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === STOCK_EVENT_CHANNEL) onWake();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${STOCK_EVENT_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      if (!this.retry) throw error;
      return;
    }
    onWake();
  }

  announce(): void {}

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}

/**
 * Redis pub/sub (REDIS_URL): each instance publishes after its own commits and subscribes to
 * everyone's; ioredis reconnects and resubscribes by itself. Commits made outside any instance
 * (scripts, plain SQL) are picked up by the poll.
 */
export class RedisTransport implements WakeTransport {
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;
  private pending = false;

  constructor(
    private readonly redisUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(onWake: () => void): Promise<void> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 1 };
    this.subscriber = new Redis(this.redisUrl, options);
    this.publisher = new Redis(this.redisUrl, options);
    for (const connection of [this.subscriber, this.publisher]) {
      connection.on('error', (error: Error) => this.logger.warn({ err: error }, 'Redis connection error'));
    }
    this.subscriber.on('message', (channel: string) => {
      if (channel === STOCK_EVENT_CHANNEL) onWake();
    });
    // After a reconnect, messages sent meanwhile are lost: read the outbox at once.
    this.subscriber.on('ready', () => onWake());
    await Promise.all([this.subscriber.connect(), this.publisher.connect()]);
    await this.subscriber.subscribe(STOCK_EVENT_CHANNEL);
  }

  announce(): void {
    // Many commits in one tick need one message.
    if (this.pending || !this.publisher) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.publisher
        ?.publish(STOCK_EVENT_CHANNEL, '1')
        .catch((error: Error) => this.logger.warn({ err: error }, 'Redis publish failed'));
    });
  }

  async close(): Promise<void> {
    const connections = [this.subscriber, this.publisher];
    this.subscriber = this.publisher = null;
    await Promise.all(connections.map((c) => c?.quit().catch(() => c.disconnect())));
  }
}
