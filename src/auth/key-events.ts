import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import type { Logger } from '../observability/logger';

/** Revoked keys, this process's and (through a KeyRevocationBus) every other instance's: key caches forget them at once. */
export const keyEvents = new EventEmitter();

/** The PostgreSQL NOTIFY channel and the Redis pub/sub channel revocations travel on. */
export const KEY_REVOKED_CHANNEL = 'stockline_key_revoked';

const buses = new Set<KeyRevocationBus>();

/** After a revocation committed: this process forgets the key now, every other instance as soon as the bus reaches it. */
export function announceKeyRevoked(keyId: string): void {
  keyEvents.emit('revoked', keyId);
  for (const bus of buses) bus.publish(keyId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Carries revocations between the instances of a deployment, so that a revoked key stops working
 * on all of them at once instead of when each one's key cache expires (API_KEY_CACHE_MS).
 * Subscribes over Redis pub/sub when the instance has Redis, else over PostgreSQL LISTEN on a
 * connection of its own; publishes on both (PostgreSQL NOTIFY always), so that an instance which
 * found no Redis at start still hears the others. A message lost while a connection is down
 * leaves the cache expiry as the bound.
 */
export class KeyRevocationBus {
  private listener: Client | null = null;
  private subscriber: Redis | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    /** Commands (publish); its duplicate subscribes. Null: PostgreSQL only. */
    private readonly redis: Redis | null,
    private readonly logger: Logger,
    private readonly reconnectMs = 1000,
  ) {}

  async start(): Promise<void> {
    buses.add(this);
    if (this.redis) {
      const subscriber = (this.subscriber = this.redis.duplicate({ enableOfflineQueue: true }));
      subscriber.on('error', (error: Error) => this.logger.debug({ err: error }, 'Redis connection error'));
      subscriber.on('message', (channel: string, keyId: string) => {
        if (channel === KEY_REVOKED_CHANNEL) this.received(keyId);
      });
      await subscriber.subscribe(KEY_REVOKED_CHANNEL);
      return;
    }
    await this.listen();
  }

  /** Sends one revocation to every instance (this one hears it too: forgetting twice is harmless). */
  publish(keyId: string): void {
    if (this.closed) return;
    this.redis
      ?.publish(KEY_REVOKED_CHANNEL, keyId)
      .catch((error: Error) => this.logger.warn({ err: error }, 'Redis publish of a key revocation failed'));
    void this.notify(keyId);
  }

  async close(): Promise<void> {
    this.closed = true;
    buses.delete(this);
    if (this.retry) clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private received(keyId: string): void {
    if (UUID.test(keyId)) keyEvents.emit('revoked', keyId);
  }

  /** NOTIFY from a short-lived connection: the pool's connections may be behind a pooler in transaction mode. */
  private async notify(keyId: string): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select pg_notify($1, $2)', [KEY_REVOKED_CHANNEL, keyId]);
    } catch (error) {
      this.logger.warn({ err: error }, 'PostgreSQL NOTIFY of a key revocation failed');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn({ err: error }, 'key revocation LISTEN connection lost; reconnecting');
      this.retry = setTimeout(() => {
        this.retry = null;
        this.listen().catch(() => undefined);
      }, this.reconnectMs);
      this.retry.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === KEY_REVOKED_CHANNEL && message.payload) this.received(message.payload);
    });
    client.on('error', lost);
    client.on('end', () => lost());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`listen ${KEY_REVOKED_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      if (!this.retry) throw error;
    }
  }
}
