import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Subscribers of bench/subscriptions.ts, in their own process (forked, driven over IPC) so that
 * receiving thousands of events shares neither the API's event loop nor the load generator's.
 * Each subscriber is one graphql-ws client (one WebSocket) with one subscription. Receipt
 * times are wall-clock milliseconds (Date.now()), the clock the API's `committedAt` comes from:
 * every process runs on the same machine.
 */
export const STOCK_LEVEL_CHANGED = `subscription BenchStockLevelChanged($skus: [String!]) {
  stockLevelChanged(skus: $skus) {
    sequence
    sku
    warehouseCode
    committedAt
    cause { kind id reference }
    causes { id }
    causeCount
    delta { onHand available reserved incoming }
    stockLevel { onHand available reserved incoming }
  }
}`;
export const AVAILABILITY_CHANGED = `subscription BenchAvailabilityChanged($skus: [String!]!, $channel: String) {
  availabilityChanged(skus: $skus, channel: $channel) {
    sku
    available
    warehouses { warehouseCode available }
  }
}`;

export interface SubscriberSpec {
  id: number;
  kind: 'stock' | 'availability';
  skus: string[];
  channel?: string;
}

/**
 * One stockLevelChanged event as received: the ids of its listed causes, how many causes it had
 * (more than listed past the bound), sequence, SKU, warehouse, receipt and commit instants (ms),
 * and its change of reserved.
 */
export type StockRecord = [
  causeIds: string[],
  causeCount: number,
  sequence: number,
  sku: string,
  warehouseCode: string,
  receivedAt: number,
  committedAt: number,
  reservedDelta: string,
];
/** One availabilityChanged event as received: SKU, total available, receipt instant (ms). */
export type AvailabilityRecord = [sku: string, available: string, receivedAt: number];

export type ClientsCommand =
  | { cmd: 'open'; url: string; authorization: string; subscribers: SubscriberSpec[]; concurrency: number }
  | { cmd: 'mark' }
  | { cmd: 'count' }
  | { cmd: 'report' }
  | { cmd: 'close' };

export type ClientsMessage =
  | { type: 'opened'; connected: number; failed: number; seconds: number; firstError?: string }
  | { type: 'marked' }
  | { type: 'count'; received: number; errors: number; firstError?: string }
  | {
      type: 'report';
      stock: Record<number, StockRecord[]>;
      availability: Record<number, AvailabilityRecord[]>;
      /** Subscription errors since the sockets opened. */
      errors: number;
      firstError?: string;
      /** Sockets closed by the server after they were open, by close code. */
      closes: Record<string, number>;
      loopDelay: { p50: number; p99: number; max: number };
      cpuMicros: number;
    }
  | { type: 'closed' };

interface StockEvent {
  sequence: string | number;
  sku: string;
  warehouseCode: string;
  committedAt: string;
  cause: { kind: string; id: string; reference?: string | null };
  causes: { id: string }[];
  causeCount: number;
  delta: { reserved: string };
}
interface AvailabilityEvent {
  sku: string;
  available: string;
}

const clients: Client[] = [];
let stock: Record<number, StockRecord[]> = {};
let availability: Record<number, AvailabilityRecord[]> = {};
let received = 0;
let errors = 0;
let firstError: string | undefined;
const closes: Record<string, number> = {};
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const send = (message: ClientsMessage) => process.send!(message);
const failure = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error).slice(0, 300);
  if (error && typeof error === 'object' && 'code' in error) {
    const event = error as { code: number; reason?: string };
    return `socket closed ${event.code} ${event.reason ?? ''}`.trim();
  }
  return String(error);
};

/** Opens one subscriber; resolves once the server acknowledged the connection (the subscribe follows at once). */
function openOne(url: string, authorization: string, spec: SubscriberSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    let open = false;
    const timer = setTimeout(() => reject(new Error(`subscriber ${spec.id}: no connection_ack within 20 s`)), 20_000);
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { Authorization: authorization },
      on: {
        connected: () => {
          open = true;
          clearTimeout(timer);
          resolve();
        },
        closed: (event) => {
          clearTimeout(timer);
          if (!open) reject(new Error(`subscriber ${spec.id}: ${failure(event)}`));
          else {
            const code = String((event as { code?: number }).code ?? 'unknown');
            // 1000 is our own dispose at the end.
            if (code !== '1000') closes[code] = (closes[code] ?? 0) + 1;
          }
        },
      },
    });
    clients.push(client);
    const sink = {
      error: (error: unknown) => {
        errors++;
        firstError ??= `subscriber ${spec.id}: ${failure(error)}`;
      },
      complete: () => undefined,
    };
    if (spec.kind === 'stock') {
      stock[spec.id] = [];
      client.subscribe<{ stockLevelChanged: StockEvent }>(
        { query: STOCK_LEVEL_CHANGED, variables: { skus: spec.skus } },
        {
          ...sink,
          next: (value) => {
            const receivedAt = Date.now();
            const event = value.data?.stockLevelChanged;
            if (!event) return sink.error(value.errors ?? new Error('an event without data'));
            received++;
            stock[spec.id]?.push([
              event.causes.map((c) => c.id),
              event.causeCount,
              Number(event.sequence),
              event.sku,
              event.warehouseCode,
              receivedAt,
              Date.parse(event.committedAt),
              event.delta.reserved,
            ]);
          },
        },
      );
    } else {
      availability[spec.id] = [];
      client.subscribe<{ availabilityChanged: AvailabilityEvent }>(
        { query: AVAILABILITY_CHANGED, variables: { skus: spec.skus, channel: spec.channel } },
        {
          ...sink,
          next: (value) => {
            const receivedAt = Date.now();
            const event = value.data?.availabilityChanged;
            if (!event) return sink.error(value.errors ?? new Error('an event without data'));
            received++;
            availability[spec.id]?.push([event.sku, event.available, receivedAt]);
          },
        },
      );
    }
  });
}

async function openAll(command: Extract<ClientsCommand, { cmd: 'open' }>): Promise<void> {
  const start = performance.now();
  let connected = 0;
  let failed = 0;
  let openError: string | undefined;
  let next = 0;
  // A bounded number of handshakes at once, as many clients starting together would do.
  const worker = async () => {
    while (next < command.subscribers.length) {
      const spec = command.subscribers[next++];
      try {
        await openOne(command.url, command.authorization, spec);
        connected++;
      } catch (error) {
        failed++;
        openError ??= failure(error);
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  send({ type: 'opened', connected, failed, seconds: (performance.now() - start) / 1000, firstError: openError });
}

process.on('disconnect', () => process.exit(0));
process.on('message', (command: ClientsCommand) => {
  switch (command.cmd) {
    case 'open':
      void openAll(command);
      break;
    case 'mark':
      for (const id of Object.keys(stock)) stock[Number(id)] = [];
      for (const id of Object.keys(availability)) availability[Number(id)] = [];
      received = 0;
      loop.reset();
      send({ type: 'marked' });
      break;
    case 'count':
      send({ type: 'count', received, errors, firstError });
      break;
    case 'report': {
      const cpu = process.cpuUsage();
      send({
        type: 'report',
        stock,
        availability,
        errors,
        firstError,
        closes,
        loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        cpuMicros: cpu.user + cpu.system,
      });
      break;
    }
    case 'close':
      void Promise.all(clients.map((client) => client.dispose())).then(() => {
        clients.length = 0;
        stock = {};
        availability = {};
        send({ type: 'closed' });
      });
      break;
  }
});
