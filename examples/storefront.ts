import { randomUUID } from 'node:crypto';
import { clientFromEnv, type StocklineClient } from './client';
import {
  StorefrontAvailabilityDocument,
  StorefrontReleaseDocument,
  StorefrontReserveDocument,
} from './generated/graphql';

/**
 * A storefront's calls: show what the web channel can sell, hold two units at checkout
 * (idempotently: a retried request does not reserve twice), see availability drop, release.
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

  const before = await available();
  log(
    `${sku} on ${channel}: ${before.available} available (${before.warehouses.map((w) => `${w.warehouseCode} ${w.available}`).join(', ')})`,
  );

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
  // The same request again (a retry after a timeout, say) answers the same reservation.
  const retry = await client.request(StorefrontReserveDocument, { input });
  log(
    `retried with the same idempotency key: same reservation ${retry.reservationCreate.reservation?.id === reservation.id}`,
  );

  const during = await available();
  log(`${sku} on ${channel}: ${during.available} available while reserved`);

  const { reservationRelease } = await client.request(StorefrontReleaseDocument, { reservationId: reservation.id });
  log(`released: ${reservationRelease.reservation?.state}`);
  const after = await available();
  log(`${sku} on ${channel}: ${after.available} available again`);
  return { before: before.available, during: during.available, after: after.available, reservationId: reservation.id };
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
