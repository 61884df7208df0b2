import {
  AvailabilityDocument,
  AvailableToPromiseDocument,
  ChannelCreateDocument,
  PromiseDateDocument,
  TransferCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const at = (n: number) => new Date(Date.now() + n * DAY).toISOString();

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  await app.ok(ChannelCreateDocument, { input: { code: 'atp', name: 'ATP channel', warehouseCodes: ['PAR', 'LYO'] } });
});
afterAll(() => app.close());

describe('available to promise', () => {
  it('matches a hand-computed scenario with two future receipts and commitments between them', async () => {
    await h.product('ATP-1');
    await h.receive('PAR', [{ sku: 'ATP-1', quantity: '10' }]);
    const plan = async (type: 'RECEIPT' | 'DELIVERY', quantity: string, days: number) =>
      app.ok(TransferCreateDocument, {
        input: { type, warehouseCode: 'PAR', expectedDate: at(days), lines: [{ sku: 'ATP-1', quantity }] },
      });
    await plan('DELIVERY', '4', 2); // commitment on day 2
    await plan('RECEIPT', '20', 5); // receipt on day 5
    await plan('DELIVERY', '25', 7); // commitment on day 7
    await plan('RECEIPT', '10', 10); // receipt on day 10
    // The confirmed deliveries hold their stock now (committed 29 of 10 pickable: 19 wait for
    // stock, flagged short), so nothing is available today and what arrives serves them first:
    // balance -19, then +20 on day 5 and +10 on day 10. atp: d0..4 = 0, d5..9 = 1, d10.. = 11
    // (before one stock truth this answered 1 from today, which reservationCreate refused).
    const { availableToPromise } = await app.ok(AvailableToPromiseDocument, {
      sku: 'ATP-1',
      warehouseCode: 'PAR',
      horizonDays: 12,
    });
    expect(availableToPromise).toHaveLength(13);
    const byDay = Object.fromEntries(availableToPromise.map((b) => [b.date, b]));
    expect(byDay[day(0)]).toMatchObject({ receipts: '0', commitments: '0', atp: '0' });
    expect(byDay[day(2)]).toMatchObject({ commitments: '4', atp: '0' });
    expect(byDay[day(4)]).toMatchObject({ atp: '0' });
    expect(byDay[day(5)]).toMatchObject({ receipts: '20', atp: '1' });
    expect(byDay[day(7)]).toMatchObject({ commitments: '25', atp: '1' });
    expect(byDay[day(9)]).toMatchObject({ atp: '1' });
    expect(byDay[day(10)]).toMatchObject({ receipts: '10', atp: '11' });
    expect(byDay[day(12)]).toMatchObject({ atp: '11' });

    // Promise dates for the channel (PAR first, then LYO, which has none).
    const promise = async (quantity: string) =>
      (await app.ok(PromiseDateDocument, { sku: 'ATP-1', quantity, channel: 'atp' })).promiseDate;
    expect(await promise('1')).toEqual({ date: day(5), warehouses: [{ warehouseCode: 'PAR', quantity: '1' }] });
    expect(await promise('5')).toEqual({ date: day(10), warehouses: [{ warehouseCode: 'PAR', quantity: '5' }] });
    expect(await promise('12')).toBeNull();
    await h.receive('LYO', [{ sku: 'ATP-1', quantity: '3' }]);
    expect(await promise('4')).toEqual({
      date: day(5),
      warehouses: [
        { warehouseCode: 'PAR', quantity: '1' },
        { warehouseCode: 'LYO', quantity: '3' },
      ],
    });
  });
});

describe('availability cost', () => {
  it('costs the same number of SQL statements for 1, 50 and 250 SKUs', async () => {
    const skus = Array.from({ length: 250 }, (_, i) => `AVL-${i}`);
    const counts: number[] = [];
    for (const n of [1, 50, 250]) {
      counts.push(
        await app.countStatements(() => app.ok(AvailabilityDocument, { skus: skus.slice(0, n), channel: 'atp' })),
      );
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(4);
    const tooMany = await app.gql(AvailabilityDocument, { skus: [...skus, 'ONE-MORE'] });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
