import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import type { WebhooksConfig } from '../../config/env';
import { DomainError } from '../../domain/errors';
import type { Logger } from '../../observability/logger';
import type { StockEventHub } from '../../pubsub/stock-event-hub';
import { channelFor } from '../reservations/channel.service';
import { WebhookTopic } from './webhook.enums';
import { channelBuffers } from '../reservations/channel-buffers';
import { bufferedProducts, deliveriesFor, kindsOf, type QueuedEvent, type WebhookFilter } from './webhook.events';
import { SIGNATURE_HEADER, signatureHeader } from './webhook.signature';
import { guardedLookup, isLoopbackHost, webhookUrlProblem } from './webhook.url';

interface ClaimedWebhook {
  id: string;
  company_id: string;
  url: string;
  topics: WebhookTopic[];
  skus: string[] | null;
  warehouse_codes: string[] | null;
  channel: string | null;
  secret: string;
  cursor: string;
  consecutive_failures: number;
}

interface HeadDelivery {
  id: string;
  sequence: string;
  topic: WebhookTopic;
  data: Record<string, unknown>;
}

/** Events queued per round and webhook; the rest waits for the next round. */
const ENQUEUE_LIMIT = 1000;
/** How long delivered and cancelled deliveries stay visible in webhookDeliveries. */
const DELIVERY_RETENTION_DAYS = 7;
/** Deliveries sent per claim before the webhook is let go (others get their turn). */
const DELIVERIES_PER_CLAIM = 200;

/**
 * Delivers webhooks from the stock event outbox; every server instance runs one.
 *
 * A round claims due webhooks with `FOR UPDATE SKIP LOCKED`, setting a lease (owner and expiry)
 * that no other instance takes while it holds: one instance works on a webhook at a time, so
 * nothing is sent twice in normal operation, and a crashed instance's webhooks are taken over
 * when its lease lapses (a delivery it sent but did not record is then sent again: at least
 * once). Holding the lease it (1) queues the events after the webhook's cursor, read through the
 * hub's reader, as deliveries, moving the cursor in the same transaction, then (2) sends the
 * oldest pending delivery, and the next only once it is acknowledged: in sequence order. A
 * failure backs the webhook off (doubling, with jitter) and, after `maxFailures` in a row,
 * disables it. No transaction is open while a request is in flight, and the worker has its own
 * small pool: a slow endpoint holds no connection that requests need.
 */
export class WebhookWorker {
  private readonly pool: Pool;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly aborts = new AbortController();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 4 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 4 }),
  };
  private timer?: NodeJS.Timeout;
  private cleanupTimer?: NodeJS.Timeout;
  private round: Promise<void> | null = null;
  private closed = false;

  constructor(
    databaseUrl: string,
    private readonly orm: MikroORM,
    private readonly hub: StockEventHub,
    private readonly config: WebhooksConfig,
    private readonly logger: Logger,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    this.pool.on('error', (error) => logger.warn({ err: error }, 'webhook pool connection error'));
  }

  start(): void {
    this.timer = setInterval(() => void this.wake(), this.config.pollMs);
    this.timer.unref();
    this.cleanupTimer = setInterval(() => void this.cleanup(), 10 * 60_000);
    this.cleanupTimer.unref();
  }

  /** Forgets finished deliveries after DELIVERY_RETENTION_DAYS (pending ones stay until sent). */
  async cleanup(): Promise<number> {
    const result = await this.pool
      .query(
        `delete from webhook_delivery where state <> 'PENDING' and updated_at < now() - make_interval(days => $1)`,
        [DELIVERY_RETENTION_DAYS],
      )
      .catch(() => null);
    return result?.rowCount ?? 0;
  }

  /** One round now (later calls while one runs are dropped: the next poll comes soon). */
  wake(): Promise<void> {
    if (this.closed || this.round) return this.round ?? Promise.resolve();
    this.round = this.claimAndRun()
      .catch((error) => {
        if (!this.closed) this.logger.error({ err: error }, 'webhook round failed');
      })
      .finally(() => {
        this.round = null;
      });
    return this.round;
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearInterval(this.cleanupTimer);
    this.aborts.abort();
    await this.round;
    await Promise.all(this.inFlight.values());
    this.agents.http.destroy();
    this.agents.https.destroy();
    await this.pool.end();
  }

  private get leaseSeconds(): number {
    return Math.ceil((this.config.timeoutMs + 30_000) / 1000);
  }

  private async claimAndRun(): Promise<void> {
    const free = this.config.concurrency - this.inFlight.size;
    if (free <= 0) return;
    // Each company has its own sequence: a webhook has work when its cursor is below its company's.
    const published = this.hub.publishedByCompany();
    const { rows } = await this.pool.query<ClaimedWebhook>(
      `update webhook w set lease_owner = $1, lease_until = now() + make_interval(secs => $2)
        where w.id in (
          select c.id from webhook c
           where c.state = 'ENABLED' and c.next_attempt_at <= now()
             and (c.lease_until is null or c.lease_until < now())
             and not (c.id = any($4::uuid[]))
             and (c.cursor < coalesce((select u.last from unnest($5::uuid[], $6::bigint[]) u(company_id, last)
                                        where u.company_id = c.company_id), 0)
                  or exists (select 1 from webhook_delivery d
                                            where d.webhook_id = c.id and d.state = 'PENDING'))
           order by c.next_attempt_at
           limit $3
           for update skip locked)
       returning w.id, w.company_id, w.url, w.topics, w.skus, w.warehouse_codes, w.channel, w.secret,
                 w.cursor, w.consecutive_failures`,
      [this.owner, this.leaseSeconds, free, [...this.inFlight.keys()], [...published.keys()], [...published.values()]],
    );
    for (const webhook of rows) {
      const work = this.work(webhook, published.get(webhook.company_id) ?? 0)
        .catch((error) => {
          if (!this.closed) this.logger.error({ err: error, webhookId: webhook.id }, 'webhook delivery failed');
        })
        .finally(() => this.inFlight.delete(webhook.id));
      this.inFlight.set(webhook.id, work);
    }
  }

  private async work(webhook: ClaimedWebhook, upTo: number): Promise<void> {
    try {
      if (Number(webhook.cursor) < upTo) await this.enqueue(webhook, upTo);
      await this.deliver(webhook);
    } finally {
      await this.pool
        .query(`update webhook set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2`, [
          webhook.id,
          this.owner,
        ])
        .catch(() => undefined);
    }
  }

  private async filterOf(webhook: ClaimedWebhook): Promise<WebhookFilter | null> {
    let channel: WebhookFilter['channel'] = null;
    if (webhook.channel) {
      try {
        const sc = { em: this.orm.em.fork(), companyId: webhook.company_id, actor: 'webhooks' };
        const sourcing = await channelFor(sc, webhook.channel, ['channel']);
        channel = {
          id: sourcing.channelId,
          code: webhook.channel,
          warehouseIds: new Set(sourcing.warehouses.map((w) => w.id)),
          buffers: await channelBuffers(sc, sourcing.channelId, []),
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await this.disable(webhook, `its channel ${webhook.channel} no longer exists`);
        return null;
      }
    }
    return {
      topics: webhook.topics,
      skus: webhook.skus ? new Set(webhook.skus) : null,
      warehouseCodes: webhook.warehouse_codes ? new Set(webhook.warehouse_codes.map((c) => c.toUpperCase())) : null,
      channel,
    };
  }

  /** Queues the events after the cursor (at most ENQUEUE_LIMIT) and moves the cursor, in one transaction. */
  private async enqueue(webhook: ClaimedWebhook, upTo: number): Promise<void> {
    const filter = await this.filterOf(webhook);
    if (!filter) return;
    const queued: QueuedEvent[] = [];
    let cursor = upTo;
    for await (const event of this.hub.replay(
      webhook.company_id,
      kindsOf(filter.topics),
      Number(webhook.cursor),
      upTo,
    )) {
      const buffers = filter.channel?.buffers;
      const missing =
        buffers && event.kind === 'STOCK_LEVEL' ? bufferedProducts(event).filter((id) => !buffers.has(id)) : [];
      if (missing.length > 0) {
        // Each product's buffer on the channel, read once per round (channel-buffers.ts).
        const sc = { em: this.orm.em.fork(), companyId: webhook.company_id, actor: 'webhooks' };
        for (const [id, b] of await channelBuffers(sc, filter.channel!.id, missing)) buffers!.set(id, b);
      }
      queued.push(...deliveriesFor(event, filter));
      if (queued.length >= ENQUEUE_LIMIT) {
        cursor = event.sequence;
        break;
      }
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const moved = await client.query(
        `update webhook set cursor = $3 where id = $1 and cursor = $2 and lease_owner = $4 and state = 'ENABLED'`,
        [webhook.id, webhook.cursor, cursor, this.owner],
      );
      // A replay (or a disable) moved it meanwhile: queue nothing; the next round starts from there.
      if (moved.rowCount !== 1) {
        await client.query('rollback');
        return;
      }
      if (queued.length) {
        await client.query(
          `insert into webhook_delivery (id, webhook_id, sequence, topic, data)
           select gen_random_uuid(), $1, x.sequence, x.topic, x.data
             from jsonb_to_recordset($2::jsonb) as x(sequence bigint, topic text, data jsonb)`,
          [webhook.id, JSON.stringify(queued)],
        );
      }
      await client.query('commit');
      webhook.cursor = String(cursor);
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Sends pending deliveries oldest first, each only after the one before was acknowledged. */
  private async deliver(webhook: ClaimedWebhook): Promise<void> {
    for (let sent = 0; sent < DELIVERIES_PER_CLAIM && !this.closed; sent++) {
      const {
        rows: [head],
      } = await this.pool.query<HeadDelivery>(
        `select id, sequence, topic, data from webhook_delivery
          where webhook_id = $1 and state = 'PENDING' order by sequence, topic limit 1`,
        [webhook.id],
      );
      if (!head) return;
      const body = JSON.stringify({
        id: head.id,
        webhookId: webhook.id,
        topic: head.topic,
        sequence: Number(head.sequence),
        data: head.data,
      });
      const started = Date.now();
      const outcome = await this.post(webhook, head, body);
      if (this.closed && outcome.aborted) return;
      const ms = Date.now() - started;
      if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
        await this.pool.query(
          `with d as (
             update webhook_delivery set state = 'DELIVERED', attempts = attempts + 1, last_attempt_at = now(),
                    last_status_code = $3, last_error = null, last_duration_ms = $4, delivered_at = now(),
                    updated_at = now()
              where id = $2 and state = 'PENDING')
           update webhook set consecutive_failures = 0, last_success_at = now(),
                  lease_until = now() + make_interval(secs => $6)
            where id = $1 and lease_owner = $5`,
          [webhook.id, head.id, outcome.status, ms, this.owner, this.leaseSeconds],
        );
        webhook.consecutive_failures = 0;
        continue;
      }
      const failures = webhook.consecutive_failures + 1;
      const delayMs = this.backoff(failures);
      const error = outcome.error ?? `HTTP ${outcome.status}`;
      const disable = failures >= this.config.maxFailures;
      await this.pool.query(
        `with d as (
           update webhook_delivery set attempts = attempts + 1, last_attempt_at = now(), last_status_code = $3,
                  last_error = $4, last_duration_ms = $5, updated_at = now()
            where id = $2 and state = 'PENDING')
         update webhook set consecutive_failures = consecutive_failures + 1,
                next_attempt_at = now() + make_interval(secs => $6::double precision / 1000),
                state = case when $7 then 'DISABLED' else state end,
                disabled_reason = case when $7 then $8 else disabled_reason end,
                updated_at = now()
          where id = $1 and lease_owner = $9`,
        [
          webhook.id,
          head.id,
          outcome.status ?? null,
          error.slice(0, 1000),
          ms,
          delayMs,
          disable,
          `disabled after ${failures} failed attempts in a row; the last: ${error}`.slice(0, 1000),
          this.owner,
        ],
      );
      if (disable) this.logger.warn({ webhookId: webhook.id, error }, 'webhook disabled after repeated failures');
      return;
    }
  }

  /** base x 2^(failures-1), capped, then "equal jitter": half of it fixed, half random. */
  private backoff(failures: number): number {
    const { retryBaseMs, retryMaxMs } = this.config;
    const full = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(full / 2 + Math.random() * (full / 2));
  }

  private async disable(webhook: ClaimedWebhook, reason: string): Promise<void> {
    await this.pool.query(
      `update webhook set state = 'DISABLED', disabled_reason = $2, updated_at = now() where id = $1 and lease_owner = $3`,
      [webhook.id, reason, this.owner],
    );
  }

  private post(
    webhook: ClaimedWebhook,
    head: HeadDelivery,
    body: string,
  ): Promise<{ status?: number; error?: string; aborted?: boolean }> {
    const { policy, timeoutMs } = this.config;
    const problem = webhookUrlProblem(webhook.url, policy);
    if (problem) return Promise.resolve({ error: `url ${problem}` });
    const url = new URL(webhook.url);
    const timestamp = Math.floor(Date.now() / 1000);
    const secure = url.protocol === 'https:';
    return new Promise((resolve) => {
      const signal = AbortSignal.any([this.aborts.signal, AbortSignal.timeout(timeoutMs)]);
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          lookup: guardedLookup(policy, policy.allowHttpLoopback && isLoopbackHost(url.hostname)),
          signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Stockline-Webhooks/1',
            'stockline-webhook-id': webhook.id,
            'stockline-delivery-id': head.id,
            'stockline-topic': head.topic,
            'stockline-sequence': String(head.sequence),
            'stockline-timestamp': String(timestamp),
            [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(webhook.secret, timestamp, body),
          },
        },
        (response) => {
          // The answer's body is not used; read (and drop) it so the connection can be reused.
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode }));
          response.on('error', () => resolve({ status: response.statusCode }));
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        const aborted = this.aborts.signal.aborted;
        const timedOut = signal.aborted && !aborted;
        resolve({
          aborted,
          error: timedOut ? `no answer within ${timeoutMs} ms` : `${error.code ?? 'ERROR'}: ${error.message}`,
        });
      });
      request.end(body);
    });
  }
}
