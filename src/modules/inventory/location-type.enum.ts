import { registerEnumType } from 'type-graphql';

export enum LocationType {
  VIEW = 'VIEW',
  INTERNAL = 'INTERNAL',
  QUALITY = 'QUALITY',
  DAMAGED = 'DAMAGED',
  TRANSIT = 'TRANSIT',
  SUPPLIER = 'SUPPLIER',
  CUSTOMER = 'CUSTOMER',
  INVENTORY_LOSS = 'INVENTORY_LOSS',
  SCRAP = 'SCRAP',
  OPENING = 'OPENING',
}

registerEnumType(LocationType, {
  name: 'LocationType',
  description: 'What a location is for, which decides whether its stock counts as on hand.',
  valuesConfig: {
    VIEW: { description: 'A grouping node of the tree (the warehouse root); holds no stock itself.' },
    INTERNAL: { description: 'Physical storage; counts as on hand (sellable or not, see `sellable`).' },
    QUALITY: { description: 'Quality hold: on hand, not sellable until released.' },
    DAMAGED: { description: 'Damaged goods: on hand, never sellable.' },
    TRANSIT: { description: 'Goods travelling between warehouses.' },
    SUPPLIER: { description: 'Virtual: where received goods come from.' },
    CUSTOMER: { description: 'Virtual: where delivered goods go.' },
    INVENTORY_LOSS: { description: 'Virtual: counterpart of adjustments and count variances.' },
    SCRAP: { description: 'Virtual: destroyed goods.' },
    OPENING: {
      description:
        'Virtual: where opening stock comes from (demo data, imports, go-live counts); valued against opening balance equity, never invoiced.',
    },
  },
});

/** Location types whose stock counts as on hand in their warehouse. */
export const ON_HAND_TYPES: readonly LocationType[] = [
  LocationType.INTERNAL,
  LocationType.QUALITY,
  LocationType.DAMAGED,
];

/** Types a user may create under a warehouse; the rest are created by the system. */
export const USER_CREATABLE_TYPES: readonly LocationType[] = [
  LocationType.VIEW,
  LocationType.INTERNAL,
  LocationType.QUALITY,
  LocationType.DAMAGED,
];
