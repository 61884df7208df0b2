import { StockEvent, StockEventPending, StockLevelPublished } from './stock-event.entity';
import { StockSubscriptionResolver } from './subscription.resolver';

export const entities = [StockEvent, StockEventPending, StockLevelPublished];
export const resolvers = [StockSubscriptionResolver] as const;
