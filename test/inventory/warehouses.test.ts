import {
  LocationCreateDocument,
  UomsDocument,
  VirtualLocationsDocument,
  WarehouseCreateDocument,
  WarehouseDocument,
  WarehousesDocument,
  WarehouseUpdateDocument,
} from '../generated/graphql';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app.close());

const countRows = async (table: string) =>
  Number((await app.sql<{ n: string }>(`select count(*) n from ${table}`))[0].n);

describe('warehouses', () => {
  it('lists the two demo warehouses with their standard location tree', async () => {
    const { warehouses } = await app.ok(WarehousesDocument);
    expect(warehouses.map((w) => w.code)).toEqual(['LYO', 'PAR']);
    const par = warehouses.find((w) => w.code === 'PAR')!;
    expect(par.rootLocation).toMatchObject({ fullName: 'PAR' });
    expect(par.rootLocation.children.map((c) => [c.fullName, c.type])).toEqual([
      ['PAR/Damaged', 'DAMAGED'],
      ['PAR/Input', 'INTERNAL'],
      ['PAR/Output', 'INTERNAL'],
      ['PAR/Quality', 'QUALITY'],
      ['PAR/Stock', 'INTERNAL'],
    ]);
    expect(par.locations.find((l) => l.fullName === 'PAR/Stock')).toMatchObject({ sellable: true });
    expect(par.locations.find((l) => l.fullName === 'PAR/Input')).toMatchObject({ sellable: false });
  });

  it('the company has its virtual locations', async () => {
    const { virtualLocations } = await app.ok(VirtualLocationsDocument);
    expect(virtualLocations.map((l) => l.type).sort()).toEqual([
      'CUSTOMER',
      'INVENTORY_LOSS',
      'OPENING',
      'SCRAP',
      'SUPPLIER',
      'TRANSIT',
    ]);
  });

  it('creates a warehouse with its locations, found again by code in any case', async () => {
    const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
      input: {
        code: 'mrs',
        name: 'Marseille',
        timeZone: 'Europe/Paris',
        address: { city: 'Marseille', country: 'FR' },
      },
    });
    expect(warehouseCreate.userErrors).toEqual([]);
    expect(warehouseCreate.warehouse).toMatchObject({
      code: 'MRS',
      address: { city: 'Marseille', country: 'FR', street: null },
    });
    expect(warehouseCreate.warehouse!.locations.map((l) => l.fullName)).toEqual([
      'MRS',
      'MRS/Damaged',
      'MRS/Input',
      'MRS/Output',
      'MRS/Quality',
      'MRS/Stock',
    ]);
    const found = await app.ok(WarehouseDocument, { code: 'mrs' });
    expect(found.warehouse!.id).toBe(warehouseCreate.warehouse!.id);
  });

  it.each([
    ['a code already taken', { code: 'par' }, ['input', 'code'], 'TAKEN'],
    ['an empty code', { code: '' }, ['input', 'code'], 'INVALID'],
    ['an overlong code', { code: 'C'.repeat(17) }, ['input', 'code'], 'INVALID'],
    ['a blank name', { name: ' ' }, ['input', 'name'], 'INVALID'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, ['input', 'timeZone'], 'INVALID'],
    ['a bad country code', { address: { country: 'France' } }, ['input', 'address', 'country'], 'INVALID'],
  ])('refuses %s and writes nothing', async (_label, override, field, code) => {
    const [warehouses, locations] = [await countRows('warehouse'), await countRows('location')];
    const { warehouseCreate } = await app.ok(WarehouseCreateDocument, {
      input: { code: 'NEW1', name: 'New', timeZone: 'UTC', ...override },
    });
    expect(warehouseCreate.warehouse).toBeNull();
    expect(warehouseCreate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await countRows('warehouse')).toBe(warehouses);
    expect(await countRows('location')).toBe(locations);
  });

  it('updates name, address and time zone but never the code', async () => {
    const { warehouse } = await app.ok(WarehouseDocument, { code: 'LYO' });
    const { warehouseUpdate } = await app.ok(WarehouseUpdateDocument, {
      input: { id: warehouse!.id, name: 'Lyon hub', timeZone: 'UTC', address: { city: 'Villeurbanne' } },
    });
    expect(warehouseUpdate.warehouse).toMatchObject({
      code: 'LYO',
      name: 'Lyon hub',
      timeZone: 'UTC',
      address: { city: 'Villeurbanne', street: null },
    });
    const missing = await app.ok(WarehouseUpdateDocument, {
      input: { id: '00000000-0000-4000-8000-000000000000', name: 'x' },
    });
    expect(missing.warehouseUpdate.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });
});

describe('locationCreate', () => {
  let stockId: string;
  beforeAll(async () => {
    const { warehouse } = await app.ok(WarehouseDocument, { code: 'PAR' });
    stockId = warehouse!.locations.find((l) => l.fullName === 'PAR/Stock')!.id;
  });

  it('adds a sellable shelf under stock, visible in the tree', async () => {
    const { locationCreate } = await app.ok(LocationCreateDocument, {
      input: { parentId: stockId, name: 'Shelf A', type: 'INTERNAL', barcode: 'LOC-PAR-A' },
    });
    expect(locationCreate.userErrors).toEqual([]);
    expect(locationCreate.location).toMatchObject({
      fullName: 'PAR/Stock/Shelf A',
      sellable: true,
      barcode: 'LOC-PAR-A',
      parent: { id: stockId },
      warehouse: { code: 'PAR' },
    });
    const { warehouse } = await app.ok(WarehouseDocument, { code: 'PAR' });
    expect(warehouse!.locations.map((l) => l.fullName)).toContain('PAR/Stock/Shelf A');
  });

  it('refuses bad locations and writes nothing', async () => {
    const { virtualLocations } = await app.ok(VirtualLocationsDocument);
    const before = await countRows('location');
    const cases = [
      [{ parentId: stockId, name: 'Shelf A', type: 'INTERNAL' }, 'TAKEN', ['input', 'name']],
      [{ parentId: stockId, name: 'Truck', type: 'TRANSIT' }, 'INVALID', ['input', 'type']],
      [{ parentId: stockId, name: 'Bad/name', type: 'INTERNAL' }, 'INVALID', ['input', 'name']],
      [{ parentId: stockId, name: 'Q2', type: 'QUALITY', sellable: true }, 'INVALID', ['input', 'sellable']],
      [{ parentId: virtualLocations[0].id, name: 'X', type: 'INTERNAL' }, 'INVALID', ['input', 'parentId']],
      [
        { parentId: '00000000-0000-4000-8000-000000000000', name: 'X', type: 'INTERNAL' },
        'NOT_FOUND',
        ['input', 'parentId'],
      ],
      [{ parentId: stockId, name: 'Shelf B', type: 'INTERNAL', barcode: 'LOC-PAR-A' }, 'TAKEN', ['input', 'barcode']],
    ] as const;
    for (const [input, code, field] of cases) {
      const { locationCreate } = await app.ok(LocationCreateDocument, { input: input as never });
      expect(locationCreate.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    }
    expect(await countRows('location')).toBe(before);
  });
});

describe('uoms', () => {
  it('lists the standard units with exact decimal factors', async () => {
    const { uoms } = await app.ok(UomsDocument);
    expect(uoms.find((u) => u.name === 'g')).toMatchObject({ factor: '0.001', category: { name: 'Weight' } });
    expect(uoms.find((u) => u.name === 'Box of 6')).toMatchObject({ factor: '6', category: { name: 'Unit' } });
  });
});
