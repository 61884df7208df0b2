import { PayloadType } from '../../graphql/payload';
import { Location } from './location.entity';
import { Warehouse } from './warehouse.entity';

export const WarehouseCreatePayload = PayloadType('WarehouseCreate', 'warehouse', Warehouse, 'The created warehouse.');
export const WarehouseUpdatePayload = PayloadType(
  'WarehouseUpdate',
  'warehouse',
  Warehouse,
  'The warehouse as changed.',
);
export const LocationCreatePayload = PayloadType('LocationCreate', 'location', Location, 'The created location.');
