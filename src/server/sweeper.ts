import type { MikroORM } from '@mikro-orm/postgresql';
import { forgetOldKeys } from '../idempotency/idempotency.service';
import { sweepExpired } from '../modules/reservations/reservation.service';
import type { Logger } from '../observability/logger';

/**
 * Marks expired reservations EXPIRED (they already stopped counting at read time) and forgets
 * idempotency keys past their retention. Safe with several instances: rows are claimed with
 * FOR UPDATE SKIP LOCKED. The expiry reaches subscribers through the stock_event outbox,
 * written by the database in the same transaction; `committed` wakes the hubs (Redis).
 */
export function startSweeper(
  orm: MikroORM,
  logger: Logger,
  intervalMs: number,
  committed: () => void = () => undefined,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let ticks = 0;
  const tick = async () => {
    const em = orm.em.fork();
    const expired = await em.transactional((tx) => sweepExpired({ em: tx, companyId: '', actor: 'sweeper' }));
    if (expired.length) {
      logger.info({ count: expired.length }, 'reservations expired');
      committed();
    }
    if (ticks++ % 720 === 0) await forgetOldKeys(em);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error) => logger.error({ err: error }, 'sweeper failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
