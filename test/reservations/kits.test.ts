import {
  AvailabilityDocument,
  AvailableToPromiseDocument,
  ChannelCreateDocument,
  KitReservationCreateDocument,
  type KitReservationCreateMutation,
  ProductKitSetDocument,
  PromiseDateDocument,
  ReorderRuleSetDocument,
  ReservationFulfilDocument,
  ReservationReleaseDocument,
  SafetyStockSetDocument,
  StockLevelsDocument,
  TransferCreateDocument,
} from '../generated/graphql';
import { stockHelpers } from '../helpers/stock';
import { type GraphQLResponse, startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const DAY = 86_400_000;
const at = (n: number) => new Date(Date.now() + n * DAY).toISOString();
const day = (n: number) => at(n).slice(0, 10);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
  await app.ok(ChannelCreateDocument, {
    input: { code: 'kits', name: 'Kit shop', warehouseCodes: ['PAR', 'LYO'], buffer: '1' },
  });
});
afterAll(() => app.close());

async function kit(sku: string, components: { sku: string; quantity: string }[]) {
  const { productKitSet } = await app.ok(ProductKitSetDocument, { input: { sku, components } });
  expect(productKitSet.userErrors).toEqual([]);
  return productKitSet.product!;
}

async function available(skus: string[], channel?: string) {
  const { availability } = await app.ok(AvailabilityDocument, { skus, channel });
  return Object.fromEntries(availability.map((a) => [a.sku, a]));
}

function reserve(
  reference: string,
  lines: { sku: string; quantity: string; warehouseCode?: string }[],
  channel?: string,
) {
  return app.gql(KitReservationCreateDocument, { input: { reference, lines, channel } });
}

describe('kits: figures derive from the components', () => {
  it('a gift box of 1 mug + 2 coffee: availability, stockLevels, ATP and promiseDate per warehouse, floor(min(available / quantity))', async () => {
    await h.product('MUG-1');
    await h.product('COFFEE-1');
    await h.product('GIFT-1');
    const gift = await kit('GIFT-1', [
      { sku: 'MUG-1', quantity: '1' },
      { sku: 'COFFEE-1', quantity: '2' },
    ]);
    expect(gift).toMatchObject({
      isKit: true,
      kitComponents: [
        { quantity: '2', component: { sku: 'COFFEE-1' } },
        { quantity: '1', component: { sku: 'MUG-1' } },
      ],
    });
    await h.receive('PAR', [
      { sku: 'MUG-1', quantity: '10' },
      { sku: 'COFFEE-1', quantity: '7' },
    ]);
    await h.receive('LYO', [
      { sku: 'MUG-1', quantity: '1' },
      { sku: 'COFFEE-1', quantity: '50' },
    ]);
    // PAR: min(10/1, 7/2) = 3; LYO: min(1, 25) = 1.
    const all = await available(['GIFT-1']);
    expect(all['GIFT-1'].available).toBe('4');
    expect(all['GIFT-1'].warehouses).toEqual([
      { warehouseCode: 'LYO', available: '1' },
      { warehouseCode: 'PAR', available: '3' },
    ]);
    // The channel's buffer (1) is kept back from each component: PAR min(9, 6/2) = 3, LYO min(0, 24) = 0.
    const web = await available(['GIFT-1', 'MUG-1'], 'kits');
    expect(web['GIFT-1'].warehouses).toEqual([
      { warehouseCode: 'PAR', available: '3' },
      { warehouseCode: 'LYO', available: '0' },
    ]);
    expect(web['MUG-1'].available).toBe('9');

    const { stockLevels } = await app.ok(StockLevelsDocument, { skus: ['GIFT-1'], warehouseCodes: ['PAR'] });
    expect(stockLevels).toHaveLength(1);
    expect(stockLevels[0]).toMatchObject({ onHand: '3', available: '3', reserved: '0', forecast: '3' });

    // A receipt of 10 coffee at PAR in 3 days: the kit's ATP there rises to min(10, 17/2) = 8 that day.
    await app.ok(TransferCreateDocument, {
      input: {
        type: 'RECEIPT',
        warehouseCode: 'PAR',
        expectedDate: at(3),
        lines: [{ sku: 'COFFEE-1', quantity: '10' }],
      },
    });
    const { availableToPromise } = await app.ok(AvailableToPromiseDocument, {
      sku: 'GIFT-1',
      warehouseCode: 'PAR',
      horizonDays: 4,
    });
    expect(availableToPromise.map((b) => [b.date, b.atp, b.receipts])).toEqual([
      [day(0), '3', '0'],
      [day(1), '3', '0'],
      [day(2), '3', '0'],
      [day(3), '8', '5'],
      [day(4), '8', '0'],
    ]);
    // 6 kits on the kits channel (buffer 1): PAR has 3 now and 8 from day 3 -> day 3.
    const { promiseDate } = await app.ok(PromiseDateDocument, { sku: 'GIFT-1', quantity: '6', channel: 'kits' });
    expect(promiseDate).toEqual({ date: day(3), warehouses: [{ warehouseCode: 'PAR', quantity: '6' }] });
  });

  it('refuses bad kit definitions and any stock posted on a kit', async () => {
    await h.product('KA-1');
    await h.product('KB-1');
    await h.product('KIT-A');
    await h.product('KIT-B');
    await kit('KIT-A', [{ sku: 'KA-1', quantity: '1' }]);
    const set = async (sku: string, components: { sku: string; quantity: string }[]) =>
      (await app.ok(ProductKitSetDocument, { input: { sku, components } })).productKitSet.userErrors;
    expect(await set('KIT-B', [{ sku: 'KIT-B', quantity: '1' }])).toMatchObject([{ code: 'INVALID' }]);
    expect(await set('KIT-B', [{ sku: 'KIT-A', quantity: '1' }])).toMatchObject([
      { code: 'INVALID', message: expect.stringContaining('kits do not nest') },
    ]);
    expect(await set('KA-1', [{ sku: 'KB-1', quantity: '1' }])).toMatchObject([
      { code: 'INVALID', message: expect.stringContaining('is a component of KIT-A') },
    ]);
    expect(await set('KIT-B', [{ sku: 'NOPE', quantity: '1' }])).toMatchObject([{ code: 'NOT_FOUND' }]);
    expect(
      await set('KIT-B', [
        { sku: 'KA-1', quantity: '1' },
        { sku: 'KA-1', quantity: '2' },
      ]),
    ).toMatchObject([{ code: 'INVALID', message: expect.stringContaining('listed twice') }]);
    expect(await set('KIT-B', [{ sku: 'KA-1', quantity: '0' }])).toMatchObject([{ code: 'INVALID' }]);
    // A product with stock of its own cannot become a kit.
    await h.receive('PAR', [{ sku: 'KB-1', quantity: '1' }]);
    expect(await set('KB-1', [{ sku: 'KA-1', quantity: '1' }])).toMatchObject([{ code: 'IN_USE' }]);
    // No move of a kit, whatever the path: a receipt answers a userError and writes nothing.
    const moves = await h.moveCount();
    const { transferCreate } = await app.ok(TransferCreateDocument, {
      input: { type: 'RECEIPT', warehouseCode: 'PAR', validate: true, lines: [{ sku: 'KIT-A', quantity: '1' }] },
    });
    expect(transferCreate.transfer).toBeNull();
    expect(transferCreate.userErrors).toMatchObject([
      { code: 'INVALID', message: expect.stringContaining('KIT-A is a kit') },
    ]);
    expect(await h.moveCount()).toBe(moves);
    // An empty list makes it an ordinary product again.
    expect((await kit('KIT-A', [])).isKit).toBe(false);
  });

  it('refuses safety stock and reorder rules on a kit (it has no stock of its own): PRODUCT_IS_KIT, nothing stored', async () => {
    await h.product('KSS-1');
    await h.product('KSS-2');
    await h.product('KSS-KIT');
    await kit('KSS-KIT', [
      { sku: 'KSS-1', quantity: '1' },
      { sku: 'KSS-2', quantity: '2' },
    ]);
    const safety = await app.ok(SafetyStockSetDocument, {
      input: { sku: 'KSS-KIT', warehouseCode: 'PAR', quantity: '2' },
    });
    expect(safety.safetyStockSet.userErrors).toMatchObject([
      {
        field: ['input', 'sku'],
        code: 'PRODUCT_IS_KIT',
        message:
          'input.sku: KSS-KIT is a kit and has no stock of its own; set the safety stock on its components (KSS-1, KSS-2)',
      },
    ]);
    const rule = await app.ok(ReorderRuleSetDocument, {
      input: { sku: 'KSS-KIT', warehouseCode: 'PAR', minQuantity: '1', maxQuantity: '5' },
    });
    expect(rule.reorderRuleSet.userErrors).toMatchObject([
      { field: ['input', 'sku'], code: 'PRODUCT_IS_KIT', message: expect.stringContaining('reorder rule') },
    ]);
    const stored = await app.sql<{ n: string }>(
      `select (select count(*) from safety_stock s join product p on p.id = s.product_id where p.sku = 'KSS-KIT')
            + (select count(*) from reorder_rule r join product p on p.id = r.product_id where p.sku = 'KSS-KIT') as n`,
    );
    expect(Number(stored[0].n)).toBe(0);
    // Its components take both.
    const component = await app.ok(SafetyStockSetDocument, {
      input: { sku: 'KSS-1', warehouseCode: 'PAR', quantity: '2' },
    });
    expect(component.safetyStockSet.userErrors).toEqual([]);
    const componentRule = await app.ok(ReorderRuleSetDocument, {
      input: { sku: 'KSS-2', warehouseCode: 'PAR', minQuantity: '1', maxQuantity: '5' },
    });
    expect(componentRule.reorderRuleSet.userErrors).toEqual([]);
  });
});

describe('kits: reservations reserve the components', () => {
  it('Medusa #16502: two bundles sharing a component and the component alone never oversell it', async () => {
    await h.product('SHARED-1');
    await h.product('EXTRA-1');
    await h.product('BUNDLE-A');
    await h.product('BUNDLE-B');
    await kit('BUNDLE-A', [{ sku: 'SHARED-1', quantity: '1' }]);
    await kit('BUNDLE-B', [
      { sku: 'SHARED-1', quantity: '1' },
      { sku: 'EXTRA-1', quantity: '1' },
    ]);
    await h.receive('PAR', [
      { sku: 'SHARED-1', quantity: '1' },
      { sku: 'EXTRA-1', quantity: '5' },
    ]);
    const first = await reserve('16502-a', [{ sku: 'BUNDLE-A', quantity: '1' }]);
    expect(first.data!.reservationCreate.userErrors).toEqual([]);
    expect(first.data!.reservationCreate.reservation).toMatchObject({
      kits: [{ kit: { sku: 'BUNDLE-A' }, warehouse: { code: 'PAR' }, quantity: '1' }],
      lines: [{ product: { sku: 'SHARED-1' }, quantity: '1', kit: { sku: 'BUNDLE-A' }, kitQuantity: '1' }],
    });
    // The only unit is held: the other bundle and the component alone see 0 and are refused.
    const figures = await available(['BUNDLE-A', 'BUNDLE-B', 'SHARED-1']);
    expect([figures['BUNDLE-A'].available, figures['BUNDLE-B'].available, figures['SHARED-1'].available]).toEqual([
      '0',
      '0',
      '0',
    ]);
    const second = await reserve('16502-b', [{ sku: 'BUNDLE-B', quantity: '1' }]);
    expect(second.data!.reservationCreate).toMatchObject({
      reservation: null,
      userErrors: [{ code: 'INSUFFICIENT_STOCK', quantityAvailable: '0' }],
    });
    const alone = await reserve('16502-c', [{ sku: 'SHARED-1', quantity: '1' }]);
    expect(alone.data!.reservationCreate.userErrors).toMatchObject([{ code: 'INSUFFICIENT_STOCK' }]);
    expect(await h.level('SHARED-1', 'PAR')).toMatchObject({ reserved: '1', available: '0' });
    expect(await h.level('EXTRA-1', 'PAR')).toMatchObject({ reserved: '0', available: '5' });

    // Releasing the kit releases its component; its components cannot change while it holds them.
    const held = await app.ok(ProductKitSetDocument, {
      input: { sku: 'BUNDLE-A', components: [{ sku: 'EXTRA-1', quantity: '1' }] },
    });
    expect(held.productKitSet.userErrors).toMatchObject([{ code: 'IN_USE' }]);
    await app.ok(ReservationReleaseDocument, { reservationId: first.data!.reservationCreate.reservation!.id });
    expect((await available(['BUNDLE-B']))['BUNDLE-B'].available).toBe('1');
  });

  it('whole kits per warehouse, in channel order; fulfilment ships the components', async () => {
    await h.product('BOX-M');
    await h.product('BOX-C');
    await h.product('BOX-1');
    await kit('BOX-1', [
      { sku: 'BOX-M', quantity: '1' },
      { sku: 'BOX-C', quantity: '2' },
    ]);
    await h.receive('PAR', [
      { sku: 'BOX-M', quantity: '3' },
      { sku: 'BOX-C', quantity: '5' },
    ]);
    await h.receive('LYO', [
      { sku: 'BOX-M', quantity: '4' },
      { sku: 'BOX-C', quantity: '8' },
    ]);
    // Buffer 1 per component: PAR min(2, 4/2) = 2, LYO min(3, 7/2) = 3.
    const notWhole = await reserve('box-half', [{ sku: 'BOX-1', quantity: '1.5' }], 'kits');
    expect(notWhole.data!.reservationCreate.userErrors).toMatchObject([{ code: 'INVALID' }]);
    const tooMany = await reserve('box-6', [{ sku: 'BOX-1', quantity: '6' }], 'kits');
    expect(tooMany.data!.reservationCreate.userErrors).toMatchObject([
      { code: 'INSUFFICIENT_STOCK', quantityAvailable: '5' },
    ]);
    const ok = await reserve('box-4', [{ sku: 'BOX-1', quantity: '4' }], 'kits');
    expect(ok.data!.reservationCreate.userErrors).toEqual([]);
    const reservation = ok.data!.reservationCreate.reservation!;
    expect(reservation.kits).toEqual([
      { kit: { sku: 'BOX-1' }, warehouse: { code: 'PAR' }, quantity: '2' },
      { kit: { sku: 'BOX-1' }, warehouse: { code: 'LYO' }, quantity: '2' },
    ]);
    expect(await h.level('BOX-C', 'PAR')).toMatchObject({ reserved: '4' });
    expect(await h.level('BOX-C', 'LYO')).toMatchObject({ reserved: '4' });
    const { reservationFulfil } = await app.ok(ReservationFulfilDocument, {
      input: { reservationId: reservation.id },
    });
    expect(reservationFulfil.userErrors).toEqual([]);
    const shipped = reservationFulfil.deliveries
      .flatMap((d) => d.moves.map((m) => `${d.warehouse.code} ${m.product.sku} ${m.quantity}`))
      .sort();
    expect(shipped).toEqual(['LYO BOX-C 4', 'LYO BOX-M 2', 'PAR BOX-C 4', 'PAR BOX-M 2']);
    expect(await h.level('BOX-M', 'PAR')).toMatchObject({ onHand: '1', reserved: '0' });
  });

  it('200 concurrent reservations of two kits sharing a component and of the component alone: exactly what the stock allows', async () => {
    await h.product('HOT-C');
    await h.product('HOT-X');
    await h.product('HOT-KIT-1');
    await h.product('HOT-KIT-2');
    await kit('HOT-KIT-1', [{ sku: 'HOT-C', quantity: '2' }]);
    await kit('HOT-KIT-2', [
      { sku: 'HOT-C', quantity: '1' },
      { sku: 'HOT-X', quantity: '1' },
    ]);
    // 100 units of the shared component, plenty of the other one: the shared one decides.
    await h.receive('PAR', [
      { sku: 'HOT-C', quantity: '100' },
      { sku: 'HOT-X', quantity: '1000' },
    ]);
    const asks = Array.from({ length: 200 }, (_, i) => (['HOT-KIT-1', 'HOT-KIT-2', 'HOT-C'] as const)[i % 3]);
    const results: GraphQLResponse<KitReservationCreateMutation>[] = await Promise.all(
      asks.map((sku, i) => reserve(`hot-${i}`, [{ sku, quantity: '1', warehouseCode: 'PAR' }])),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const accepted = results
      .map((r, i) => ({ sku: asks[i], r: r.data!.reservationCreate }))
      .filter((x) => x.r.reservation);
    const refused = results.filter((r) => r.data!.reservationCreate.userErrors.length);
    expect(refused.map((r) => r.data!.reservationCreate.userErrors[0].code)).toEqual(
      refused.map(() => 'INSUFFICIENT_STOCK'),
    );
    const usedOfC = accepted.reduce((sum, x) => sum + (x.sku === 'HOT-KIT-1' ? 2 : 1), 0);
    // Never more than the stock; and every refusal came when too little was left for it.
    expect(usedOfC).toBeLessThanOrEqual(100);
    expect(100 - usedOfC).toBeLessThan(2);
    const [{ held }] = await app.sql<{ held: string }>(
      `select coalesce(sum(l.quantity), 0)::text as held from reservation_line l join product p on p.id = l.product_id
        where p.sku = 'HOT-C' and l.state = 'ACTIVE'`,
    );
    expect(Number(held)).toBe(usedOfC);
    expect(await h.level('HOT-C', 'PAR')).toMatchObject({
      reserved: String(usedOfC),
      available: String(100 - usedOfC),
    });
    const left = await available(['HOT-KIT-1', 'HOT-KIT-2', 'HOT-C']);
    expect(left['HOT-KIT-1'].available).toBe(String(Math.floor((100 - usedOfC) / 2)));
    expect(left['HOT-KIT-2'].available).toBe(String(100 - usedOfC));
  });

  it('kit changes racing kit reservations: no reservation ever holds components its kit no longer has', async () => {
    await h.product('RACE-A');
    await h.product('RACE-B');
    await h.product('RACE-KIT');
    await h.receive('PAR', [
      { sku: 'RACE-A', quantity: '1000' },
      { sku: 'RACE-B', quantity: '1000' },
    ]);
    await kit('RACE-KIT', [{ sku: 'RACE-A', quantity: '1' }]);
    const reservations = Array.from({ length: 30 }, (_, i) =>
      reserve(`race-${i}`, [{ sku: 'RACE-KIT', quantity: '1', warehouseCode: 'PAR' }]),
    );
    const changes = Array.from({ length: 6 }, (_, i) =>
      app.gql(ProductKitSetDocument, {
        input: { sku: 'RACE-KIT', components: [{ sku: i % 2 ? 'RACE-A' : 'RACE-B', quantity: String(1 + (i % 3)) }] },
      }),
    );
    const [reserved, changed] = await Promise.all([Promise.all(reservations), Promise.all(changes)]);
    expect([...reserved, ...changed].filter((r) => r.errors)).toEqual([]);
    for (const r of reserved) {
      for (const e of r.data!.reservationCreate.userErrors) expect(['STALE', 'INSUFFICIENT_STOCK']).toContain(e.code);
    }
    for (const r of changed) for (const e of r.data!.productKitSet.userErrors) expect(e.code).toBe('IN_USE');
    // Every held kit line matches the kit as it is now (changes were refused while it was held).
    const stray = await app.sql(
      `select l.id from reservation_line l join product k on k.id = l.kit_id
        where k.sku = 'RACE-KIT' and l.state = 'ACTIVE'
          and not exists (select from kit_component c where c.kit_id = l.kit_id and c.component_id = l.product_id
                             and c.quantity * l.kit_quantity = l.quantity)`,
    );
    expect(stray).toEqual([]);
  });
});
