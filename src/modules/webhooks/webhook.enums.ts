import { registerEnumType } from 'type-graphql';

/** The event families a webhook can subscribe to: the subscriptions' families, delivered over HTTP. */
export enum WebhookTopic {
  STOCK_LEVEL_CHANGED = 'STOCK_LEVEL_CHANGED',
  AVAILABILITY_CHANGED = 'AVAILABILITY_CHANGED',
  STOCK_MOVED = 'STOCK_MOVED',
  RESERVATION_CHANGED = 'RESERVATION_CHANGED',
  PURCHASE_ORDER_CONFIRMED = 'PURCHASE_ORDER_CONFIRMED',
  PURCHASE_ORDER_RECEIVED = 'PURCHASE_ORDER_RECEIVED',
  VENDOR_BILL_HELD = 'VENDOR_BILL_HELD',
}

/** The purchasing topics: each is the `event` of a PURCHASING outbox row of the same name. */
export const PURCHASING_TOPICS: readonly WebhookTopic[] = [
  WebhookTopic.PURCHASE_ORDER_CONFIRMED,
  WebhookTopic.PURCHASE_ORDER_RECEIVED,
  WebhookTopic.VENDOR_BILL_HELD,
];
registerEnumType(WebhookTopic, {
  name: 'WebhookTopic',
  description: 'An event family a webhook receives (the same events as the subscriptions of the same names).',
  valuesConfig: {
    STOCK_LEVEL_CHANGED: { description: 'A product x warehouse stock level changed (as `stockLevelChanged`).' },
    AVAILABILITY_CHANGED: {
      description:
        'The sellable quantity of a product at a warehouse changed (less the channel buffer when the webhook names a channel).',
    },
    STOCK_MOVED: { description: 'A stock move was created or changed state (as `stockMoved`).' },
    RESERVATION_CHANGED: { description: 'A reservation was created or changed (as `reservationChanged`).' },
    PURCHASE_ORDER_CONFIRMED: {
      description: 'A purchase order was confirmed (or approved): its lines are incoming (as `purchasingChanged`).',
    },
    PURCHASE_ORDER_RECEIVED: {
      description:
        'Goods were received on a purchase order: one event per receipt, with the lines and quantities it received (as `purchasingChanged`).',
    },
    VENDOR_BILL_HELD: {
      description:
        'A vendor bill failed the three-way match and is on hold, with its exceptions (as `purchasingChanged`).',
    },
  },
});

export enum WebhookState {
  ENABLED = 'ENABLED',
  DISABLED = 'DISABLED',
}
registerEnumType(WebhookState, {
  name: 'WebhookState',
  description: 'Whether a webhook receives events.',
  valuesConfig: {
    ENABLED: { description: 'Events are queued and delivered.' },
    DISABLED: {
      description:
        'Nothing is queued or sent: turned off by `webhookUpdate`, or by the server after too many failed attempts in a row (see `disabledReason`).',
    },
  },
});

export enum WebhookDeliveryState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WebhookDeliveryState, {
  name: 'WebhookDeliveryState',
  description: 'Where one event delivery to one webhook stands.',
  valuesConfig: {
    PENDING: { description: 'Not yet acknowledged: waiting for its turn or for its next attempt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    CANCELLED: { description: 'Dropped before it was delivered: a replay queued the events again.' },
  },
});
