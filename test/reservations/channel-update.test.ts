import {
  AvailabilityDocument,
  ChannelCreateDocument,
  ChannelsDocument,
  ChannelUpdateDocument,
  ReservationCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;

beforeAll(async () => {
  app = await startTestApp();
  h = stockHelpers(app);
});
afterAll(() => app.close());

describe('channelUpdate', () => {
  it('replaces the warehouses and their priorities, the buffer and the name; the next reservation follows', async () => {
    await h.product('CHU-1');
    await h.receive('PAR', [{ sku: 'CHU-1', quantity: '10' }]);
    await h.receive('LYO', [{ sku: 'CHU-1', quantity: '10' }]);
    const created = await app.ok(ChannelCreateDocument, {
      input: { code: 'chu', name: 'Old', warehouseCodes: ['PAR', 'LYO'] },
    });
    expect(created.channelCreate.userErrors).toEqual([]);
    const reserve = async (reference: string) => {
      const { reservationCreate } = await app.ok(ReservationCreateDocument, {
        input: { reference, channel: 'chu', lines: [{ sku: 'CHU-1', quantity: '1' }] },
      });
      expect(reservationCreate.userErrors).toEqual([]);
      return reservationCreate.reservation!.lines[0].warehouse.code;
    };
    expect(await reserve('chu-1')).toBe('PAR');

    const { channelUpdate } = await app.ok(ChannelUpdateDocument, {
      input: { code: 'chu', name: 'New', warehouseCodes: ['lyo', 'PAR'], buffer: '2' },
    });
    expect(channelUpdate.userErrors).toEqual([]);
    expect(channelUpdate.channel).toEqual({
      code: 'chu',
      name: 'New',
      buffer: '2',
      warehouses: [
        { priority: 1, warehouse: { code: 'LYO' } },
        { priority: 2, warehouse: { code: 'PAR' } },
      ],
    });
    const { channels } = await app.ok(ChannelsDocument);
    expect(channels.find((c) => c.code === 'chu')!.warehouses.map((w) => w.warehouse.code)).toEqual(['LYO', 'PAR']);
    expect(await reserve('chu-2')).toBe('LYO');
    const { availability } = await app.ok(AvailabilityDocument, { skus: ['CHU-1'], channel: 'chu' });
    // 10 - 1 reserved at each, less the buffer of 2 at each.
    expect(availability[0].warehouses.map((w) => [w.warehouseCode, w.available])).toEqual([
      ['LYO', '7'],
      ['PAR', '7'],
    ]);

    const onlyBuffer = await app.ok(ChannelUpdateDocument, { input: { code: 'chu', buffer: '0' } });
    expect(onlyBuffer.channelUpdate.channel).toMatchObject({ name: 'New', buffer: '0' });
    expect(onlyBuffer.channelUpdate.channel!.warehouses).toHaveLength(2);
  });

  it('refuses an unknown channel or warehouse and a warehouse listed twice, changing nothing', async () => {
    const unknown = await app.ok(ChannelUpdateDocument, { input: { code: 'nope', buffer: '1' } });
    expect(unknown.channelUpdate.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'code'] });
    const twice = await app.ok(ChannelUpdateDocument, { input: { code: 'chu', warehouseCodes: ['PAR', 'par'] } });
    expect(twice.channelUpdate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'warehouseCodes'] });
    const missing = await app.ok(ChannelUpdateDocument, {
      input: { code: 'chu', warehouseCodes: ['NOPE'], buffer: '5' },
    });
    expect(missing.channelUpdate.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    const { channels } = await app.ok(ChannelsDocument);
    expect(channels.find((c) => c.code === 'chu')).toMatchObject({ buffer: '0', name: 'New' });
  });
});
