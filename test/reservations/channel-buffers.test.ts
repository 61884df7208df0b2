import {
  AvailabilityChangedDocument,
  AvailabilityDocument,
  AvailableToPromiseOnChannelDocument,
  ChannelBufferRemoveDocument,
  ChannelBufferSetDocument,
  ChannelBuffersDocument,
  ChannelCreateDocument,
  type ChannelBufferSetInput,
  ProductCategoryCreateDocument,
  ProductCreateDocument,
  ProductKitSetDocument,
  PromiseDateDocument,
  ReservationCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { collect, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;

beforeAll(async () => {
  app = await startTestApp();
  h = stockHelpers(app);
  // One warehouse, so that every figure below is PAR's; a flat buffer of 2.
  const { channelCreate } = await app.ok(ChannelCreateDocument, {
    input: { code: 'buf', name: 'Buffered shop', warehouseCodes: ['PAR'], buffer: '2' },
  });
  expect(channelCreate.userErrors).toEqual([]);
});
afterAll(() => app.close());

const setBuffer = async (input: Omit<ChannelBufferSetInput, 'channel'> & { channel?: string }) => {
  const { channelBufferSet } = await app.ok(ChannelBufferSetDocument, { input: { channel: 'buf', ...input } });
  return channelBufferSet;
};

async function category(name: string, parentId?: string) {
  const { productCategoryCreate } = await app.ok(ProductCategoryCreateDocument, { input: { name, parentId } });
  expect(productCategoryCreate.userErrors).toEqual([]);
  return productCategoryCreate.productCategory!.id;
}

async function product(sku: string, categoryId?: string) {
  const { productCreate } = await app.ok(ProductCreateDocument, {
    input: { sku, name: sku, uomId: await h.uomId(), categoryId },
  });
  expect(productCreate.userErrors).toEqual([]);
}

/** What the channel says it can sell of a SKU at PAR: availability, ATP today, and whether promiseDate covers q today. */
async function figures(sku: string) {
  const { availability } = await app.ok(AvailabilityDocument, { skus: [sku], channel: 'buf' });
  const { availableToPromise } = await app.ok(AvailableToPromiseOnChannelDocument, {
    sku,
    warehouseCode: 'PAR',
    horizonDays: 0,
    channel: 'buf',
  });
  return { available: availability[0].available, atp: availableToPromise[0].atp };
}

const reserve = async (sku: string, quantity: string) =>
  (
    await app.ok(ReservationCreateDocument, {
      input: { reference: `buf-${sku}-${quantity}-${Math.random()}`, channel: 'buf', lines: [{ sku, quantity }] },
    })
  ).reservationCreate;

describe('channel buffers per product and category', () => {
  it('a product buffer replaces the flat one in availability, ATP, promiseDate and reservations', async () => {
    await product('BUF-P');
    await h.receive('PAR', [{ sku: 'BUF-P', quantity: '10' }]);
    expect(await figures('BUF-P')).toEqual({ available: '8', atp: '8' });

    const set = await setBuffer({ sku: 'BUF-P', quantity: '5' });
    expect(set.userErrors).toEqual([]);
    expect(set.channelBuffer).toEqual({ quantity: '5', product: { sku: 'BUF-P' }, category: null });
    expect(await figures('BUF-P')).toEqual({ available: '5', atp: '5' });
    const { promiseDate } = await app.ok(PromiseDateDocument, { sku: 'BUF-P', quantity: '6', channel: 'buf' });
    expect(promiseDate).toBeNull();

    // Beyond onHand - buffer (10 - 5): refused with what the channel can sell; within it: held.
    const refused = await reserve('BUF-P', '6');
    expect(refused.userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK', quantityAvailable: '5' }]);
    const held = await reserve('BUF-P', '5');
    expect(held.userErrors).toEqual([]);
    expect(await figures('BUF-P')).toEqual({ available: '0', atp: '0' });
    expect((await reserve('BUF-P', '1')).userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);

    // A buffer below the flat one applies too: the most specific wins, not the largest.
    await setBuffer({ sku: 'BUF-P', quantity: '1' });
    expect(await figures('BUF-P')).toEqual({ available: '4', atp: '4' });
    expect((await reserve('BUF-P', '4')).userErrors).toEqual([]);
    expect((await reserve('BUF-P', '1')).userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);
  });

  it('a buffer raised after a reservation is never oversold by a plan made from the last figures seen', async () => {
    await product('BUF-Q');
    await h.receive('PAR', [{ sku: 'BUF-Q', quantity: '10' }]);
    // This instance now remembers BUF-Q's figure and its buffer on the channel (the flat 2).
    expect((await reserve('BUF-Q', '1')).userErrors).toEqual([]);
    await setBuffer({ sku: 'BUF-Q', quantity: '6' });
    // 10 - 1 reserved - 6 = 3: a plan on the remembered buffer (7 available) is refused under the locks.
    expect((await reserve('BUF-Q', '4')).userErrors).toMatchObject([
      { code: 'INSUFFICIENT_STOCK', quantityAvailable: '3' },
    ]);
    expect((await reserve('BUF-Q', '3')).userErrors).toEqual([]);
    expect(await figures('BUF-Q')).toEqual({ available: '0', atp: '0' });
  });

  it('a category buffer applies to its products and its subcategories, the product buffer over it, the flat one without either', async () => {
    const drinks = await category('BUF Drinks');
    const sodas = await category('BUF Sodas', drinks);
    await product('BUF-COLA', sodas);
    await product('BUF-WATER', drinks);
    await product('BUF-LEMON', sodas);
    await product('BUF-OTHER');
    const skus = ['BUF-COLA', 'BUF-WATER', 'BUF-LEMON', 'BUF-OTHER'];
    await h.receive(
      'PAR',
      skus.map((sku) => ({ sku, quantity: '20' })),
    );
    expect((await setBuffer({ categoryId: drinks, quantity: '6' })).userErrors).toEqual([]);
    expect((await setBuffer({ categoryId: sodas, quantity: '4' })).userErrors).toEqual([]);
    expect((await setBuffer({ sku: 'BUF-LEMON', quantity: '9' })).userErrors).toEqual([]);
    const available = async () => {
      const { availability } = await app.ok(AvailabilityDocument, { skus, channel: 'buf' });
      return availability.map((a) => [a.sku, a.available]);
    };
    // Cola: its category Sodas (4); water: Drinks (6); lemon: its own (9); other: the flat buffer (2).
    expect(await available()).toEqual([
      ['BUF-COLA', '16'],
      ['BUF-WATER', '14'],
      ['BUF-LEMON', '11'],
      ['BUF-OTHER', '18'],
    ]);
    expect(await figures('BUF-COLA')).toEqual({ available: '16', atp: '16' });
    expect((await reserve('BUF-COLA', '17')).userErrors).toMatchObject([
      { code: 'INSUFFICIENT_STOCK', quantityAvailable: '16' },
    ]);
    expect((await reserve('BUF-WATER', '15')).userErrors).toMatchObject([
      { code: 'INSUFFICIENT_STOCK', quantityAvailable: '14' },
    ]);
    expect((await reserve('BUF-WATER', '14')).userErrors).toEqual([]);

    // Removing Sodas' buffer: cola falls back to its parent Drinks (6); removing the product's: lemon too.
    const removed = await app.ok(ChannelBufferRemoveDocument, { input: { channel: 'buf', categoryId: sodas } });
    expect(removed.channelBufferRemove.userErrors).toEqual([]);
    await app.ok(ChannelBufferRemoveDocument, { input: { channel: 'buf', sku: 'BUF-LEMON' } });
    expect(await available()).toEqual([
      ['BUF-COLA', '14'],
      ['BUF-WATER', '0'],
      ['BUF-LEMON', '14'],
      ['BUF-OTHER', '18'],
    ]);
    expect((await reserve('BUF-COLA', '15')).userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);

    const { channels } = await app.ok(ChannelBuffersDocument);
    const buf = channels.find((c) => c.code === 'buf')!;
    expect(buf.buffer).toBe('2');
    expect(buf.buffers).toEqual(
      expect.arrayContaining([{ quantity: '6', product: null, category: { name: 'BUF Drinks' } }]),
    );
  });

  it("a kit keeps nothing back of its own: each component keeps its own buffer, and a kit's buffer is refused", async () => {
    await product('BUF-KIT');
    await product('BUF-MUG');
    await product('BUF-BEANS');
    await h.receive('PAR', [
      { sku: 'BUF-MUG', quantity: '10' },
      { sku: 'BUF-BEANS', quantity: '20' },
    ]);
    const { productKitSet } = await app.ok(ProductKitSetDocument, {
      input: {
        sku: 'BUF-KIT',
        components: [
          { sku: 'BUF-MUG', quantity: '1' },
          { sku: 'BUF-BEANS', quantity: '2' },
        ],
      },
    });
    expect(productKitSet.userErrors).toEqual([]);
    // Mugs 10 - 2 (flat) = 8 kits; beans (20 - 2) / 2 = 9: 8 kits.
    expect(await figures('BUF-KIT')).toEqual({ available: '8', atp: '8' });
    // Beans keep 8 back: (20 - 8) / 2 = 6 kits.
    await setBuffer({ sku: 'BUF-BEANS', quantity: '8' });
    expect(await figures('BUF-KIT')).toEqual({ available: '6', atp: '6' });
    expect((await reserve('BUF-KIT', '7')).userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);
    expect((await reserve('BUF-KIT', '6')).userErrors).toEqual([]);
    // Beans sold alone see the same buffer: 20 - 12 reserved by the kits - 8 = 0.
    expect((await figures('BUF-BEANS')).available).toBe('0');

    const refused = await setBuffer({ sku: 'BUF-KIT', quantity: '1' });
    expect(refused.userErrors).toMatchObject([{ code: 'INVALID', field: ['input', 'sku'] }]);
  });

  it('the availabilityChanged subscription keeps back each product its own buffer', async () => {
    await product('BUF-SUB-OWN');
    await product('BUF-SUB-FLAT');
    await h.receive('PAR', [
      { sku: 'BUF-SUB-OWN', quantity: '10' },
      { sku: 'BUF-SUB-FLAT', quantity: '10' },
    ]);
    await setBuffer({ sku: 'BUF-SUB-OWN', quantity: '4' });
    const client = wsClientAt(app.wsUrl, app.adminKey);
    try {
      const sub = collect(client, AvailabilityChangedDocument, {
        skus: ['BUF-SUB-OWN', 'BUF-SUB-FLAT'],
        channel: 'buf',
      });
      await settle();
      expect((await reserve('BUF-SUB-OWN', '1')).userErrors).toEqual([]); // 10 - 1 - 4 = 5
      expect((await reserve('BUF-SUB-FLAT', '1')).userErrors).toEqual([]); // 10 - 1 - 2 = 7
      await sub.waitFor(2);
      expect(sub.events.map((e) => [e.availabilityChanged.sku, e.availabilityChanged.available])).toEqual([
        ['BUF-SUB-OWN', '5'],
        ['BUF-SUB-FLAT', '7'],
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('refuses unknown channels, products and categories, both or neither target, and negative quantities', async () => {
    await product('BUF-ERR');
    const codes = async (input: Omit<ChannelBufferSetInput, 'channel'> & { channel?: string }) =>
      (await setBuffer(input)).userErrors.map((e) => [e.field?.join('.'), e.code]);
    expect(await codes({ channel: 'nope', sku: 'BUF-ERR', quantity: '1' })).toEqual([['input.channel', 'NOT_FOUND']]);
    expect(await codes({ sku: 'NOPE', quantity: '1' })).toEqual([['input.sku', 'NOT_FOUND']]);
    expect(await codes({ categoryId: '00000000-0000-4000-8000-000000000000', quantity: '1' })).toEqual([
      ['input.categoryId', 'NOT_FOUND'],
    ]);
    expect(await codes({ quantity: '1' })).toEqual([['input.sku', 'INVALID']]);
    const drinks = await category('BUF Errors');
    expect(await codes({ sku: 'BUF-ERR', categoryId: drinks, quantity: '1' })).toEqual([['input.sku', 'INVALID']]);
    expect(await codes({ sku: 'BUF-ERR', quantity: '-1' })).toEqual([['input.quantity', 'INVALID']]);
    const removed = await app.ok(ChannelBufferRemoveDocument, { input: { channel: 'buf', sku: 'BUF-ERR' } });
    expect(removed.channelBufferRemove.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: ['input', 'sku'] }]);
    const { channels } = await app.ok(ChannelBuffersDocument);
    expect(channels.find((c) => c.code === 'buf')!.buffers.some((b) => b.product?.sku === 'BUF-ERR')).toBe(false);
  });
});
