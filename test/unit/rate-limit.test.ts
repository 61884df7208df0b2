import { RateLimiter } from '../../src/auth/rate-limit';

describe('RateLimiter (rate-limiter-flexible, in memory)', () => {
  it('lets a burst through at once, then refuses with the seconds to wait', async () => {
    const limiter = new RateLimiter(1, 3);
    const answers = [await limiter.take('k'), await limiter.take('k'), await limiter.take('k')];
    expect(answers).toEqual([0, 0, 0]);
    expect(await limiter.take('k')).toBe(1);
  });

  it('counts each caller apart', async () => {
    const limiter = new RateLimiter(1, 1);
    expect(await limiter.take('a')).toBe(0);
    expect(await limiter.take('a')).toBeGreaterThan(0);
    expect(await limiter.take('b')).toBe(0);
  });

  it('is off when the rate or the burst is 0', async () => {
    for (const limiter of [new RateLimiter(0, 10), new RateLimiter(10, 0)]) {
      expect(limiter.enabled).toBe(false);
      for (let i = 0; i < 50; i++) expect(await limiter.take('k')).toBe(0);
    }
  });
});
