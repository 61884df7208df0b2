import { fail, UserErrorCode } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { Problems } from '../../graphql/problems';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { Location } from './location.entity';
import { LocationType, USER_CREATABLE_TYPES } from './location-type.enum';
import { Address, Warehouse } from './warehouse.entity';
import type { AddressInput, LocationCreateInput, WarehouseCreateInput, WarehouseUpdateInput } from './warehouse.inputs';

/** The standard tree every warehouse gets, as DOMAIN.md names it (Odoo's WH/Stock and friends). */
const STANDARD_LOCATIONS: { name: string; type: LocationType; sellable: boolean }[] = [
  { name: 'Stock', type: LocationType.INTERNAL, sellable: true },
  { name: 'Input', type: LocationType.INTERNAL, sellable: false },
  { name: 'Quality', type: LocationType.QUALITY, sellable: false },
  { name: 'Output', type: LocationType.INTERNAL, sellable: false },
  { name: 'Damaged', type: LocationType.DAMAGED, sellable: false },
];

/** The company's virtual locations: counterparts of every move that enters or leaves the warehouses. */
const VIRTUAL_LOCATIONS: { name: string; type: LocationType }[] = [
  { name: 'Suppliers', type: LocationType.SUPPLIER },
  { name: 'Customers', type: LocationType.CUSTOMER },
  { name: 'Inventory loss', type: LocationType.INVENTORY_LOSS },
  { name: 'Scrap', type: LocationType.SCRAP },
  { name: 'Transit', type: LocationType.TRANSIT },
  { name: 'Opening balance', type: LocationType.OPENING },
];

const company = (sc: ServiceContext) => sc.em.getReference(Company, sc.companyId);

function toAddress(input: AddressInput | undefined): Address {
  return Object.assign(new Address(), {
    street: input?.street?.trim() || null,
    city: input?.city?.trim() || null,
    postalCode: input?.postalCode?.trim() || null,
    country: input?.country || null,
  });
}

/** Creates the company's virtual locations; called once when the company is created. */
export function createVirtualLocations(sc: ServiceContext): Location[] {
  return VIRTUAL_LOCATIONS.map(({ name, type }) =>
    sc.em.create(Location, {
      company: company(sc),
      warehouse: null,
      parent: null,
      name,
      fullName: `Virtual/${name}`,
      type,
    }),
  );
}

export async function createWarehouse(sc: ServiceContext, input: WarehouseCreateInput): Promise<Warehouse> {
  const code = input.code.toUpperCase();
  if (await sc.em.count(Warehouse, { company: sc.companyId, code })) {
    fail(UserErrorCode.TAKEN, ['input', 'code'], `code "${code}" is already used by another warehouse`);
  }
  const warehouse = sc.em.create(Warehouse, {
    company: company(sc),
    code,
    name: input.name.trim(),
    address: toAddress(input.address),
    timeZone: input.timeZone,
  });
  const root = sc.em.create(Location, {
    company: company(sc),
    warehouse,
    parent: null,
    name: code,
    fullName: code,
    type: LocationType.VIEW,
  });
  for (const standard of STANDARD_LOCATIONS) {
    sc.em.create(Location, {
      company: company(sc),
      warehouse,
      parent: root,
      name: standard.name,
      fullName: `${code}/${standard.name}`,
      type: standard.type,
      sellable: standard.sellable,
    });
  }
  await sc.em.flush();
  return warehouse;
}

export async function updateWarehouse(sc: ServiceContext, input: WarehouseUpdateInput): Promise<Warehouse> {
  const warehouse = await sc.em.findOne(Warehouse, { id: input.id, company: sc.companyId });
  if (!warehouse) fail(UserErrorCode.NOT_FOUND, ['input', 'id'], `id: no warehouse ${input.id}`);
  if (input.name !== undefined) warehouse.name = input.name.trim();
  if (input.address !== undefined) warehouse.address = toAddress(input.address);
  if (input.timeZone !== undefined) warehouse.timeZone = input.timeZone;
  if (input.active === false && warehouse.active) {
    // Its stock stops being pickable: nothing may still be held there (see docs/stock-figures.md).
    const [held] = await sc.em.execute<{ reservations: string; moves: string }[]>(
      `select (select count(*) from reservation_line where warehouse_id = ? and state = 'ACTIVE'
                  and quantity > fulfilled_quantity and (expires_at is null or expires_at > now())) as reservations,
              (select count(*) from stock_move where state = 'CONFIRMED' and (source_warehouse_id = ? or destination_warehouse_id = ?)) as moves`,
      [warehouse.id, warehouse.id, warehouse.id],
    );
    if (Number(held.reservations) > 0 || Number(held.moves) > 0) {
      fail(
        UserErrorCode.IN_USE,
        ['input', 'active'],
        `active: ${warehouse.code} still has ${held.reservations} reservation lines and ${held.moves} open moves; release, fulfil or cancel them first`,
      );
    }
  }
  if (input.active != null) warehouse.active = input.active;
  await sc.em.flush();
  return warehouse;
}

export async function createLocation(sc: ServiceContext, input: LocationCreateInput): Promise<Location> {
  const problems = new Problems();
  const parent = await sc.em.findOne(Location, { id: input.parentId, company: sc.companyId });
  if (!parent) problems.add(UserErrorCode.NOT_FOUND, ['input', 'parentId'], `parentId: no location ${input.parentId}`);
  else if (!parent.warehouse) {
    problems.add(
      UserErrorCode.INVALID,
      ['input', 'parentId'],
      `parentId: ${parent.fullName} is a virtual location; new locations go under a warehouse`,
    );
  }
  if (!USER_CREATABLE_TYPES.includes(input.type)) {
    problems.add(
      UserErrorCode.INVALID,
      ['input', 'type'],
      `type must be one of ${USER_CREATABLE_TYPES.join(', ')}; ${input.type} locations are managed by the system`,
    );
  }
  if (input.sellable && input.type !== LocationType.INTERNAL) {
    problems.add(UserErrorCode.INVALID, ['input', 'sellable'], 'sellable may be true only for INTERNAL locations');
  }
  const name = input.name.trim();
  const fullName = parent ? `${parent.fullName}/${name}` : name;
  if (parent && (await sc.em.count(Location, { company: sc.companyId, fullName }))) {
    problems.add(UserErrorCode.TAKEN, ['input', 'name'], `name "${name}" is already used under ${parent.fullName}`);
  }
  if (input.barcode && (await sc.em.count(Location, { company: sc.companyId, barcode: input.barcode }))) {
    problems.add(
      UserErrorCode.TAKEN,
      ['input', 'barcode'],
      `barcode "${input.barcode}" is already used by another location`,
    );
  }
  problems.throwIfAny();
  const location = sc.em.create(Location, {
    company: company(sc),
    warehouse: parent!.warehouse,
    parent,
    name,
    fullName,
    type: input.type,
    // A bin is sellable where its parent is (under Stock, not under Input or Output).
    sellable:
      input.sellable ??
      (input.type === LocationType.INTERNAL && (parent!.sellable || parent!.type === LocationType.VIEW)),
    barcode: input.barcode ?? null,
  });
  await sc.em.flush();
  return location;
}

export async function findWarehouse(
  sc: ServiceContext,
  by: { id?: string | null; code?: string | null },
): Promise<Warehouse | null> {
  if (by.id) return isUuid(by.id) ? sc.em.findOne(Warehouse, { id: by.id, company: sc.companyId }) : null;
  if (by.code) return sc.em.findOne(Warehouse, { code: by.code.toUpperCase(), company: sc.companyId });
  return null;
}

export async function listWarehouses(sc: ServiceContext): Promise<Warehouse[]> {
  return sc.em.find(Warehouse, { company: sc.companyId }, { orderBy: { code: 'asc' } });
}

export async function findLocation(sc: ServiceContext, id: string): Promise<Location | null> {
  return isUuid(id) ? sc.em.findOne(Location, { id, company: sc.companyId }) : null;
}

/** The company's virtual locations (suppliers, customers, inventory loss, scrap, transit). */
export async function listVirtualLocations(sc: ServiceContext): Promise<Location[]> {
  return sc.em.find(Location, { company: sc.companyId, warehouse: null }, { orderBy: { fullName: 'asc' } });
}
