import { randomUUID } from 'node:crypto';
import { clientFromEnv, type StocklineClient } from './client';
import {
  StorefrontAvailabilityChangedDocument,
  type StorefrontAvailabilityChangedSubscription,
  StorefrontAvailabilityDocument,
  StorefrontReleaseDocument,
  StorefrontReserveDocument,
} from './generated/graphql';

type Pushed = StorefrontAvailabilityChangedSubscription['availabilityChanged'];

/** The availabilityChanged events of a subscription, taken one at a time as they arrive. */
function pushQueue(timeoutMs: number) {
  const arrived: Pushed[] = [];
  let failure: unknown;
  let waiting: { resolve(event: Pushed): void; reject(error: unknown): void } | undefined;
  return {
    push(event: Pushed) {
      if (waiting) waiting.resolve(event);
      else arrived.push(event);
    },
    fail(error: unknown) {
      if (waiting) waiting.reject(error);
      else failure = error;
    },
    next(): Promise<Pushed> {
      if (arrived.length) return Promise.resolve(arrived.shift()!);
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => settle(reject, new Error(`no availabilityChanged event within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const settle = <T>(done: (value: T) => void, value: T) => {
          clearTimeout(timer);
          waiting = undefined;
          done(value);
        };
        waiting = { resolve: (event) => settle(resolve, event), reject: (error) => settle(reject, error) };
      });
    },
  };
}

/**
 * A storefront's calls: show what the web channel can sell, listen for changes of it over
 * WebSocket, hold two units at checkout (idempotently: a retried request does not reserve
 * twice), hear and see availability drop, release, hear it come back.
 *
 *   npm start                     # API with the demo data
 *   npm run example:storefront    # STOCKLINE_URL, STOCKLINE_API_KEY, SKU and CHANNEL optional
 */
export async function runStorefront(
  client: StocklineClient,
  options: { sku?: string; channel?: string; log?: (line: string) => void } = {},
) {
  const sku = options.sku ?? 'BEV-COLA-033';
  const channel = options.channel ?? 'web';
  const log = options.log ?? console.log;
  const available = async () => {
    const { availability } = await client.request(StorefrontAvailabilityDocument, { skus: [sku], channel });
    return availability[0];
  };

  const figures = (entry: Pushed) =>
    `${entry.sku} on ${channel}: ${entry.available} available (${entry.warehouses.map((w) => `${w.warehouseCode} ${w.available}`).join(', ')})`;

  const before = await available();
  log(figures(before));

  // Pushed instead of polled: every change of what this channel can sell of the SKU.
  const pushes = pushQueue(10_000);
  const unsubscribe = client.subscribe(
    StorefrontAvailabilityChangedDocument,
    { skus: [sku], channel },
    ({ availabilityChanged }) => pushes.push(availabilityChanged),
    (error) => pushes.fail(error),
  );
  await client.connected();
  // graphql-ws acknowledges the connection, not each subscription: let it start before changing stock.
  await new Promise((resolve) => setTimeout(resolve, 300));

  const idempotencyKey = `checkout-${randomUUID()}`;
  const input = {
    reference: `cart-${idempotencyKey}`,
    channel,
    ttlSeconds: 900,
    lines: [{ sku, quantity: '2' }],
    idempotencyKey,
  };
  const { reservationCreate } = await client.request(StorefrontReserveDocument, { input });
  if (reservationCreate.userErrors.length) {
    throw new Error(
      `reservation refused: ${reservationCreate.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`,
    );
  }
  const reservation = reservationCreate.reservation!;
  log(
    `reserved ${reservation.lines.map((l) => `${l.quantity} from ${l.warehouse.code}`).join(' + ')} (${reservation.state}, until ${reservation.expiresAt})`,
  );
  const pushedReserved = await pushes.next();
  log(`pushed over WebSocket: ${figures(pushedReserved)}`);
  // The same request again (a retry after a timeout, say) answers the same reservation.
  const retry = await client.request(StorefrontReserveDocument, { input });
  log(
    `retried with the same idempotency key: same reservation ${retry.reservationCreate.reservation?.id === reservation.id}`,
  );

  const during = await available();
  log(`${sku} on ${channel}: ${during.available} available while reserved`);

  const { reservationRelease } = await client.request(StorefrontReleaseDocument, { reservationId: reservation.id });
  log(`released: ${reservationRelease.reservation?.state}`);
  const pushedReleased = await pushes.next();
  log(`pushed over WebSocket: ${figures(pushedReleased)}`);
  unsubscribe();
  const after = await available();
  log(`${sku} on ${channel}: ${after.available} available again`);
  return {
    before: before.available,
    during: during.available,
    after: after.available,
    pushed: { reserved: pushedReserved.available, released: pushedReleased.available },
    reservationId: reservation.id,
  };
}

if (require.main === module) {
  const client = clientFromEnv();
  runStorefront(client, { sku: process.env.SKU, channel: process.env.CHANNEL })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => client.close());
}
