import { registerEnumType } from 'type-graphql';

export enum ReservationState {
  ACTIVE = 'ACTIVE',
  SHORT = 'SHORT',
  FULFILLED = 'FULFILLED',
  RELEASED = 'RELEASED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ReservationState, {
  name: 'ReservationState',
  description: 'Life cycle of a reservation. An ACTIVE reservation past its expiry stops counting at once.',
  valuesConfig: {
    ACTIVE: { description: 'Holding stock (unless past expiresAt, which the sweeper will mark EXPIRED).' },
    SHORT: {
      description:
        'Still holding what is left after a loss (scrap, count, damage) accepted with force took some of its stock: its lines show the missing quantity in `shortQuantity`. It can be fulfilled (what it holds), extended or released like an ACTIVE one.',
    },
    FULFILLED: { description: 'Consumed by a delivery.' },
    RELEASED: { description: 'Given back by the caller.' },
    EXPIRED: { description: 'Reached its expiry without being fulfilled.' },
  },
});

export enum ReservationPolicy {
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  PARTIAL = 'PARTIAL',
}
registerEnumType(ReservationPolicy, {
  name: 'ReservationPolicy',
  description: 'What to do when some lines cannot be reserved in full.',
  valuesConfig: {
    ALL_OR_NOTHING: { description: 'Reserve nothing unless every line can be reserved in full.' },
    PARTIAL: { description: 'Reserve what can be reserved and report the rest in userErrors.' },
  },
});
