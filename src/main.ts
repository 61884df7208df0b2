import 'reflect-metadata';
import { loadConfig } from './config/env';
import { setActiveTracing, type Tracing } from './observability/tracing-hooks';
import { createLogger, createServerLogger, type Logger, logFormat } from './observability/logger';

/** Set once the configuration is read: a failed start is logged with it. */
let startLogger: Logger | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createServerLogger(config.logLevel, logFormat(process.env, process.stdout.isTTY));
  startLogger = logger;
  let tracing: Tracing | undefined;
  if (config.tracing.exporters.length > 0) {
    // Loaded only when configured, and before the server's modules: the http and pg
    // instrumentations patch those modules as they are first required.
    const { startTracing } = await import('./observability/tracing.js');
    tracing = startTracing(config.tracing, logger);
    setActiveTracing(tracing);
    logger.info({ exporters: config.tracing.exporters }, 'OpenTelemetry tracing on');
  }
  const { startApp } = await import('./server/boot.js');
  const app = await startApp(config, logger);
  logger.info(`Stockline GraphQL API ready at http://localhost:${app.port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck shutdown must still end: requests get SHUTDOWN_TIMEOUT_MS, the pool and the
    // embedded PostgreSQL a few seconds more.
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    timer.unref();
    try {
      await app.stop();
      await tracing?.shutdown(); // exports the spans still buffered
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // One JSON line like every other (a bare console line would break log collectors' parsing).
  const pending = (error as { pending?: string[] }).pending;
  (startLogger ?? createLogger('info')).fatal(
    { err: error, ...(pending ? { pendingMigrations: pending } : {}) },
    `Stockline failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
