import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * Requests per caller (rate-limiter-flexible): `perSecond` a second, and when those are spent, up
 * to `burst - perSecond` more drawn from a burst allowance that renews every `burst / perSecond`
 * seconds (the time a full burst takes to earn back at the steady rate). So `burst` requests pass
 * at once, as before; sustained, a caller gets at most `perSecond` plus the burst spread over its
 * window (below 2 × perSecond).
 *
 * In memory per instance by default (N instances allow N times the rate). With a Redis connection
 * (REDIS_URL) the counters live in Redis and every instance shares them; when Redis stops
 * answering, each instance counts in memory meanwhile (its insurance limiter) rather than refusing
 * or waving every request through.
 */
export class RateLimiter {
  private readonly limiter: Pick<RateLimiterAbstract, 'consume'> | null;

  constructor(perSecond: number, burst: number, redis?: Redis | null) {
    if (!(perSecond > 0 && burst > 0)) {
      this.limiter = null;
      return;
    }
    const extra = Math.max(0, burst - perSecond);
    const window = Math.max(1, Math.ceil(burst / perSecond));
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `stockline:${keyPrefix}`,
        points,
        duration,
        // A Redis that is not ready answers from memory at once instead of waiting on its queue.
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
    };
    const steady = make('rate', Math.min(perSecond, burst), 1);
    this.limiter = extra > 0 ? new BurstyRateLimiter(steady, make('rate-burst', extra, window)) : steady;
  }

  get enabled(): boolean {
    return this.limiter !== null;
  }

  /** Takes one request's point; resolves 0 when allowed, else the seconds to wait before retrying. */
  async take(key: string): Promise<number> {
    if (!this.limiter) return 0;
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}
