import 'reflect-metadata';
import { loadConfig } from '../src/config/env';
import { initOrm } from '../src/db/orm';
import { buildStocklineSchema } from '../src/graphql/schema';
import { createStocklineServer } from '../src/server/app';
import { ensureCompany } from '../src/server/boot';
import { createLogger } from '../src/observability/logger';

/**
 * The API under test, in its own process (forked by ledger.ts) so that the load generator does
 * not share its event loop: the same assembly as `startApp` (config, pool, schema, HTTP server)
 * on an already migrated database, with a silent logger and no reservation sweeper.
 * It counts every SQL statement it sends and reports its own CPU time on request (IPC).
 */
export type ServerMessage =
  { type: 'ready'; port: number } | { type: 'stats'; statements: number; cpuMicros: number } | { type: 'stopped' };
export type ServerCommand = { cmd: 'stats' } | { cmd: 'stop' };

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl || !process.send) throw new Error('ledger-server is forked by ledger.ts with BENCH_DATABASE_URL');
  const send = (message: ServerMessage) => process.send!(message);
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: databaseUrl }), logLevel: 'silent' };
  const orm = await initOrm(databaseUrl, config.dbPoolMax, config.lockTimeoutMs);
  const companyId = await ensureCompany(orm, true);
  const server = await createStocklineServer({
    orm,
    schema: await buildStocklineSchema(),
    config,
    logger: createLogger('silent'),
    companyId,
  });
  let statements = 0;
  orm.em
    .getConnection()
    .getKnex()
    .on('query', () => {
      statements++;
    });
  process.on('message', (message: ServerCommand) => {
    if (message.cmd === 'stats') {
      const cpu = process.cpuUsage();
      send({ type: 'stats', statements, cpuMicros: cpu.user + cpu.system });
    } else if (message.cmd === 'stop') {
      void (async () => {
        await server.close();
        await orm.close(true);
        send({ type: 'stopped' });
        process.disconnect();
      })();
    }
  });
  const port = await server.listen(0, '127.0.0.1');
  send({ type: 'ready', port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
