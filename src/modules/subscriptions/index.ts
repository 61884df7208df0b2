import { StockEvent, StockEventCounter, StockEventPending, StockLevelPublished } from './stock-event.entity';
import { StockSubscriptionResolver, stockSubscriptionEvents } from './subscription.resolver';

export const entities = [StockEvent, StockEventPending, StockLevelPublished, StockEventCounter];
export const resolvers = [StockSubscriptionResolver] as const;
export const subscriptionEvents = stockSubscriptionEvents;
