import type { Knex } from '@mikro-orm/postgresql';
import {
  ReservationReleaseDocument,
  ChannelCreateDocument,
  ProductUpdateDocument,
  ReservationCreateDocument,
  WarehouseCreateDocument,
  WarehouseUpdateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startInstance, startTestApp, type AppInstance, type TestApp } from '../helpers/test-app';
import request from 'supertest';
import { print } from 'graphql';

/**
 * The storefront's reservations plan from what the server saw last (the sourcing cache) and let
 * the locked statement check it. Each test warms the cache, changes the catalog or the stock
 * behind it, and checks that the next reservation follows the database, not the cache.
 */
let app: TestApp;
let other: AppInstance;
let h: ReturnType<typeof stockHelpers>;
let snapshots = 0;
beforeAll(async () => {
  app = await startTestApp({ seed: true, lockTimeoutMs: 1000 });
  other = await startInstance(app);
  h = stockHelpers(app);
  // The snapshot statement is the one read a planned reservation skips; count it.
  const knex = app.orm.em.getConnection().getKnex() as Knex;
  knex.on('query', (q: { sql: string }) => {
    if (q.sql.includes('with ch as (select id, buffer from channel')) snapshots++;
  });
});
afterAll(async () => {
  await other.close();
  await app.close();
});

const reserve = async (input: object) =>
  (await app.ok(ReservationCreateDocument, { input: input as never })).reservationCreate;
const reserved = async (sku: string, code: string) => (await h.level(sku, code)).reserved;

/** Reserves once (cold) and once more (warm), checking that the second read nothing before its lock. */
async function warm(input: { reference: string; [k: string]: unknown }) {
  expect((await reserve({ ...input, reference: `${input.reference}-cold` })).userErrors).toEqual([]);
  const before = snapshots;
  const warmResult = await reserve({ ...input, reference: `${input.reference}-warm` });
  expect(warmResult.userErrors).toEqual([]);
  expect(snapshots).toBe(before);
}

describe('reservations planned from the sourcing cache', () => {
  it('refuses a product deactivated since it was cached, and reserves nothing', async () => {
    const product = await h.product('SRC-OFF');
    await h.receive('PAR', [{ sku: 'SRC-OFF', quantity: '10' }]);
    await warm({ reference: 'off', lines: [{ sku: 'SRC-OFF', warehouseCode: 'PAR', quantity: '1' }] });
    const { productUpdate } = await app.ok(ProductUpdateDocument, { input: { id: product.id, active: false } });
    expect(productUpdate.userErrors).toEqual([]);
    const result = await reserve({
      reference: 'off-3',
      lines: [{ sku: 'SRC-OFF', warehouseCode: 'PAR', quantity: '1' }],
    });
    expect(result.reservation).toBeNull();
    expect(result.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'lines', '0', 'sku'] }),
    ]);
    expect(await app.sql(`select 1 from reservation where reference = 'off-3'`)).toEqual([]);
  });

  it('follows a SKU renamed since it was cached', async () => {
    const product = await h.product('SRC-OLD');
    await h.receive('PAR', [{ sku: 'SRC-OLD', quantity: '10' }]);
    await warm({ reference: 'ren', lines: [{ sku: 'SRC-OLD', warehouseCode: 'PAR', quantity: '1' }] });
    const { productUpdate } = await app.ok(ProductUpdateDocument, { input: { id: product.id, sku: 'SRC-NEW' } });
    expect(productUpdate.userErrors).toEqual([]);
    const old = await reserve({ reference: 'ren-3', lines: [{ sku: 'SRC-OLD', warehouseCode: 'PAR', quantity: '1' }] });
    expect(old.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const renamed = await reserve({
      reference: 'ren-4',
      lines: [{ sku: 'SRC-NEW', warehouseCode: 'PAR', quantity: '1' }],
    });
    expect(renamed.userErrors).toEqual([]);
    expect(renamed.reservation!.lines.map((l) => l.product.sku)).toEqual(['SRC-NEW']);
    expect(await reserved('SRC-NEW', 'PAR')).toBe('3');
  });

  it('refuses a warehouse deactivated since it was cached', async () => {
    await app.ok(WarehouseCreateDocument, { input: { code: 'SRCW', name: 'Closing', timeZone: 'Europe/Paris' } });
    await h.product('SRC-WH');
    await h.receive('SRCW', [{ sku: 'SRC-WH', quantity: '10' }]);
    await warm({ reference: 'wh', lines: [{ sku: 'SRC-WH', warehouseCode: 'SRCW', quantity: '1' }] });
    // A warehouse holding reservations cannot be deactivated (IN_USE): give them back first.
    for (const { id } of await app.sql<{ id: string }>(`select id from reservation where reference like 'wh-%'`)) {
      await app.ok(ReservationReleaseDocument, { reservationId: id });
    }
    const { warehouse } = (
      await app.ok(WarehouseUpdateDocument, {
        input: {
          id: (await app.sql<{ id: string }>(`select id from warehouse where code = 'SRCW'`))[0].id,
          active: false,
        },
      })
    ).warehouseUpdate;
    expect(warehouse!.active).toBe(false);
    const result = await reserve({
      reference: 'wh-3',
      lines: [{ sku: 'SRC-WH', warehouseCode: 'SRCW', quantity: '1' }],
    });
    expect(result.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'lines', '0', 'warehouseCode'] }),
    ]);
  });

  it("follows a channel's new warehouse priority and buffer", async () => {
    await app.ok(ChannelCreateDocument, { input: { code: 'src', name: 'Cached', warehouseCodes: ['PAR', 'LYO'] } });
    await h.product('SRC-CH');
    await h.receive('PAR', [{ sku: 'SRC-CH', quantity: '10' }]);
    await h.receive('LYO', [{ sku: 'SRC-CH', quantity: '10' }]);
    await warm({ reference: 'ch', channel: 'src', lines: [{ sku: 'SRC-CH', quantity: '1' }] });
    // Changed behind the API's back (no mutation edits a channel yet): the locked statement must see it.
    await app.sql(`update channel_warehouse cw set priority = case w.code when 'LYO' then 0 else 1 end
                     from warehouse w, channel c
                    where w.id = cw.warehouse_id and c.id = cw.channel_id and c.code = 'src'`);
    const lyon = await reserve({ reference: 'ch-3', channel: 'src', lines: [{ sku: 'SRC-CH', quantity: '2' }] });
    expect(lyon.userErrors).toEqual([]);
    expect(lyon.reservation!.lines.map((l) => [l.warehouse.code, l.quantity])).toEqual([['LYO', '2']]);
    // 8 sellable in each warehouse; a buffer of 6 (kept back in each) leaves 2 + 2 to this channel.
    await app.sql(`update channel set buffer = 6 where code = 'src'`);
    const short = await reserve({ reference: 'ch-4', channel: 'src', lines: [{ sku: 'SRC-CH', quantity: '5' }] });
    expect(short.reservation).toBeNull();
    expect(short.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '4' })]);
  });

  it('never takes more than is left when another instance reserved since the figures were cached', async () => {
    await h.product('SRC-TWO');
    await h.receive('PAR', [{ sku: 'SRC-TWO', quantity: '10' }]);
    await warm({ reference: 'two', lines: [{ sku: 'SRC-TWO', warehouseCode: 'PAR', quantity: '1' }] });
    // This instance last saw 8 sellable; the other takes 6 of them.
    const body = (reference: string, quantity: string) => ({
      query: print(ReservationCreateDocument),
      variables: { input: { reference, lines: [{ sku: 'SRC-TWO', warehouseCode: 'PAR', quantity }] } },
    });
    const taken = await request(other.url)
      .post('/graphql')
      .set('authorization', `Bearer ${app.adminKey}`)
      .send(body('two-other', '6'));
    expect(taken.body.data.reservationCreate.userErrors).toEqual([]);
    const short = await reserve({
      reference: 'two-3',
      lines: [{ sku: 'SRC-TWO', warehouseCode: 'PAR', quantity: '3' }],
    });
    expect(short.reservation).toBeNull();
    expect(short.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '2' })]);
    const rest = await reserve({
      reference: 'two-4',
      lines: [{ sku: 'SRC-TWO', warehouseCode: 'PAR', quantity: '2' }],
    });
    expect(rest.userErrors).toEqual([]);
    expect(await h.level('SRC-TWO', 'PAR')).toMatchObject({ reserved: '10', available: '0' });
  });

  it('sees stock delivered since the figures were cached', async () => {
    await h.product('SRC-OUT');
    await h.receive('PAR', [{ sku: 'SRC-OUT', quantity: '10' }]);
    await warm({ reference: 'out', lines: [{ sku: 'SRC-OUT', warehouseCode: 'PAR', quantity: '1' }] });
    const delivery = await h.deliver('PAR', [{ sku: 'SRC-OUT', quantity: '7' }]);
    expect(delivery.userErrors).toEqual([]);
    const short = await reserve({
      reference: 'out-3',
      lines: [{ sku: 'SRC-OUT', warehouseCode: 'PAR', quantity: '2' }],
    });
    expect(short.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', quantityAvailable: '1' })]);
  });
});
