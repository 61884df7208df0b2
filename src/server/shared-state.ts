import { Redis } from 'ioredis';
import { setSharedStateBackend } from '../observability/metrics';
import type { Logger } from '../observability/logger';

/** What instances of one deployment share: Redis when REDIS_URL answers at start, else PostgreSQL alone. */
export interface SharedState {
  /** Redis for commands (the rate limiter's counters, revocation messages); null: PostgreSQL LISTEN/NOTIFY. */
  redis: Redis | null;
  /** The Redis URL in use (null when not set or unreachable at start). */
  redisUrl: string | null;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL once at start. An instance that cannot reach it serves anyway: event
 * wake-ups and key revocations travel over PostgreSQL LISTEN/NOTIFY and rate limits count per
 * instance. It says so in its log (a warning) and in `stockline_shared_state_backend`. Once
 * connected, ioredis reconnects by itself; the limiter counts in memory meanwhile.
 */
export async function connectSharedState(
  redisUrl: string | undefined,
  logger: Logger,
  connectTimeoutMs = 3000,
): Promise<SharedState> {
  if (!redisUrl) {
    setSharedStateBackend('postgres');
    return { redis: null, redisUrl: null, close: async () => undefined };
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 1,
    // Commands while disconnected fail at once (the limiter then counts in memory).
    enableOfflineQueue: false,
  });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'Redis connection error'));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    setSharedStateBackend('postgres');
    logger.warn(
      { err: error, sharedState: 'postgres' },
      'REDIS_URL unreachable at start: serving with PostgreSQL LISTEN/NOTIFY (event wake-ups, key revocations) and per-instance rate limits',
    );
    return { redis: null, redisUrl: null, close: async () => undefined };
  }
  setSharedStateBackend('redis');
  logger.info({ sharedState: 'redis' }, 'shared state over Redis (rate limits, key revocations, event wake-ups)');
  return {
    redis,
    redisUrl,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
