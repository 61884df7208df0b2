import { registerEnumType } from 'type-graphql';

export enum ProductTracking {
  NONE = 'NONE',
  LOT = 'LOT',
  SERIAL = 'SERIAL',
}
registerEnumType(ProductTracking, {
  name: 'ProductTracking',
  description: 'How individual units of a product are traced through the ledger.',
  valuesConfig: {
    NONE: { description: 'Quantities only.' },
    LOT: { description: 'Every move names a lot (batch) number.' },
    SERIAL: { description: 'Every unit has its own serial number; a serial holds quantity 1.' },
  },
});

export enum CostingMethod {
  FIFO = 'FIFO',
  AVERAGE = 'AVERAGE',
}
registerEnumType(CostingMethod, {
  name: 'CostingMethod',
  description: 'How the cost of outbound stock is computed.',
  valuesConfig: {
    FIFO: { description: 'First in, first out valuation layers.' },
    AVERAGE: { description: 'Running weighted average cost.' },
  },
});
