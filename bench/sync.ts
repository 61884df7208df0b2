import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/observability/logger';
import { createApiKey } from '../src/modules/access/api-key.service';
import { findDefaultCompany } from '../src/modules/company/company.service';
import { startApp } from '../src/server/boot';
import { withScratchDatabase } from '../scripts/scratch-database';

/**
 * `npm run build && node dist/bench/sync.js`: issue 22's figures, on a scratch database with the
 * demo data. (1) 250-item inventorySetQuantities calls one after another (each call moves every
 * item: all up, then all down), calls per second and SQL statements per call; (2) reservationCreate
 * at concurrency 16 with no webhook, then with 4 webhooks (every topic) whose endpoint answers
 * after SLOW_MS: reservations must not slow down. The API runs in this process (load and server
 * share the event loop), so read the two reservation figures against each other, not alone.
 */
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SECONDS = num('BENCH_SYNC_SECONDS', 10);
const ITEMS = 250;
const SLOW_MS = num('BENCH_SLOW_RECEIVER_MS', 2000);
const CONCURRENCY = 16;

async function main(): Promise<void> {
  await withScratchDatabase('stockline_bench_sync', async (url) => {
    const config = {
      ...loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: url,
        RATE_LIMIT_PER_SECOND: '0',
        WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
        WEBHOOK_POLL_MS: '100',
        MAX_QUERY_COST: '1000000',
      }),
      logLevel: 'silent',
    };
    const app = await startApp(config, createLogger('silent'));
    const endpoint = `http://127.0.0.1:${app.port}/graphql`;
    try {
      const em = app.orm.em.fork();
      const company = (await findDefaultCompany(em))!;
      const { key } = await em.transactional((tx) =>
        createApiKey({ em: tx, companyId: company.id, actor: 'bench' }, { name: 'bench', roles: ['ADMIN'] as never }),
      );
      const gql = async (query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables }),
        });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a bench reads loosely typed answers
        const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data!;
      };
      const { uoms } = await gql('{ uoms { id name } }');
      const unit = uoms.find((u: { name: string }) => u.name === 'Unit').id;
      const skus = Array.from({ length: ITEMS }, (_, i) => `SYNC-${String(i).padStart(3, '0')}`);
      for (const sku of skus) {
        await gql('mutation($i: ProductCreateInput!) { productCreate(input: $i) { userErrors { message } } }', {
          i: { sku, name: sku, uomId: unit },
        });
      }
      const knex = app.orm.em.getConnection().getKnex();
      let statements = 0;
      knex.on('query', () => statements++);
      const setAll = async (quantity: string) => {
        const { inventorySetQuantities } = await gql(
          'mutation($i: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $i) { userErrors { message } } }',
          { i: { reason: 'SYNC', items: skus.map((sku) => ({ sku, warehouseCode: 'PAR', quantity })) } },
        );
        if (inventorySetQuantities.userErrors.length)
          throw new Error(JSON.stringify(inventorySetQuantities.userErrors));
      };
      const lines: string[] = [];
      for (const [label, quantity] of [
        ['increases', '50'],
        ['decreases', '20'],
      ] as const) {
        statements = 0;
        await setAll(label === 'increases' ? '50' : '20');
        lines.push(`- SQL statements per 250-item inventorySetQuantities call, all ${label}: ${statements}`);
        void quantity;
      }
      let calls = 0;
      const until = Date.now() + SECONDS * 1000;
      while (Date.now() < until) await setAll(calls++ % 2 === 0 ? '60' : '30');
      lines.push(
        `- 250-item inventorySetQuantities calls, one at a time, every item changing (alternately all up and all down): ${(calls / SECONDS).toFixed(1)} calls/s (${calls} in ${SECONDS} s, ${((calls * ITEMS) / SECONDS).toFixed(0)} items/s)`,
      );

      await gql(
        'mutation { transferCreate(input: { type: RECEIPT, warehouseCode: "PAR", validate: true, lines: [{ sku: "SYNC-000", quantity: "1000000" }] }) { userErrors { message } } }',
      );
      const reserveFor = async (seconds: number) => {
        const latencies: number[] = [];
        const end = Date.now() + seconds * 1000;
        let n = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (Date.now() < end) {
              const started = performance.now();
              await gql(
                'mutation($i: ReservationCreateInput!) { reservationCreate(input: $i) { reservation { id } userErrors { code } } }',
                { i: { reference: `bench-${n++}`, lines: [{ sku: 'SYNC-000', quantity: '1', warehouseCode: 'PAR' }] } },
              );
              latencies.push(performance.now() - started);
            }
          }),
        );
        latencies.sort((a, b) => a - b);
        const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
        return `${(latencies.length / seconds).toFixed(0)} req/s | p50 ${p(0.5)} ms | p99 ${p(0.99)} ms`;
      };
      const without = await reserveFor(SECONDS);
      let received = 0;
      const receiver = http.createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          setTimeout(() => {
            received++;
            res.end('ok');
          }, SLOW_MS),
        );
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      for (let i = 0; i < 4; i++) {
        await gql('mutation($i: WebhookCreateInput!) { webhookCreate(input: $i) { userErrors { message } } }', {
          i: {
            url: hook,
            topics: ['STOCK_LEVEL_CHANGED', 'AVAILABILITY_CHANGED', 'RESERVATION_CHANGED', 'STOCK_MOVED'],
          },
        });
      }
      const withSlow = await reserveFor(SECONDS);
      receiver.closeAllConnections();
      receiver.close();
      lines.push(`- reservationCreate, one hot SKU, concurrency ${CONCURRENCY}, no webhook: ${without}`);
      lines.push(
        `- the same with 4 webhooks (every topic) to an endpoint answering after ${SLOW_MS} ms: ${withSlow} (${received} deliveries acknowledged meanwhile)`,
      );
      console.log(lines.join('\n'));
    } finally {
      await app.stop();
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
