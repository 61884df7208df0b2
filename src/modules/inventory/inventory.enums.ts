import { registerEnumType } from 'type-graphql';

export enum MoveState {
  DRAFT = 'DRAFT',
  CONFIRMED = 'CONFIRMED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MoveState, {
  name: 'MoveState',
  description: 'Life cycle of a stock move; only DONE moves change quants, and a done move never changes again.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; counts nowhere.' },
    CONFIRMED: { description: 'Planned: counts in incoming/outgoing, not yet in on hand.' },
    DONE: { description: 'Posted: the quantity has moved. Immutable.' },
    CANCELLED: { description: 'Will never happen.' },
  },
});

export enum TransferType {
  RECEIPT = 'RECEIPT',
  DELIVERY = 'DELIVERY',
  INTERNAL = 'INTERNAL',
  RETURN = 'RETURN',
}
registerEnumType(TransferType, {
  name: 'TransferType',
  description: 'The operation a transfer performs.',
  valuesConfig: {
    RECEIPT: { description: 'Goods in from a supplier.' },
    DELIVERY: { description: 'Goods out to a customer.' },
    INTERNAL: {
      description:
        'Between locations of one warehouse, or between two warehouses in two steps (ship, then receive) through transit.',
    },
    RETURN: { description: 'Goods back from a customer, each line with a disposition.' },
  },
});

export enum TransferState {
  DRAFT = 'DRAFT',
  READY = 'READY',
  IN_TRANSIT = 'IN_TRANSIT',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TransferState, {
  name: 'TransferState',
  description: 'Life cycle of a transfer.',
  valuesConfig: {
    DRAFT: { description: 'Not confirmed yet.' },
    READY: { description: 'Confirmed: its moves count as incoming/outgoing, waiting to be validated (or shipped).' },
    IN_TRANSIT: { description: 'Shipped from the source warehouse, not yet received at the destination.' },
    DONE: { description: 'Validated (or received): every move of it is done.' },
    CANCELLED: { description: 'Cancelled before anything moved.' },
  },
});

export enum Disposition {
  STOCK = 'STOCK',
  DAMAGED = 'DAMAGED',
  SCRAP = 'SCRAP',
  RETURN_TO_SUPPLIER = 'RETURN_TO_SUPPLIER',
}
registerEnumType(Disposition, {
  name: 'Disposition',
  description: 'Where goods go after an inspection or a customer return.',
  valuesConfig: {
    STOCK: { description: 'Sellable stock of the warehouse.' },
    DAMAGED: { description: 'The damaged location of the warehouse: on hand, not sellable.' },
    SCRAP: { description: 'Destroyed: out of the books of stock.' },
    RETURN_TO_SUPPLIER: {
      description:
        'Sent back to the supplier, tied to no order: only for goods that came in on plain receipts. Goods received on a purchase order go back with purchaseOrderReturn (RETURN_ON_ORDER otherwise).',
      deprecationReason:
        'Use purchaseOrderReturn for goods received on a purchase order; this disposition is refused for them (RETURN_ON_ORDER).',
    },
  },
});

export enum CountState {
  IN_PROGRESS = 'IN_PROGRESS',
  TO_APPROVE = 'TO_APPROVE',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(CountState, {
  name: 'CountState',
  description: 'Life cycle of an inventory count.',
  valuesConfig: {
    IN_PROGRESS: { description: 'Counting: record counted quantities.' },
    TO_APPROVE: { description: 'Variance above the approval threshold: waits for inventoryCountApprove.' },
    DONE: { description: 'Variances posted as moves to or from inventory loss.' },
    CANCELLED: { description: 'Abandoned; nothing posted.' },
  },
});
