import { ExchangeRateResolver } from './currency.resolver';
import { ExchangeRate } from './exchange-rate.entity';

export const entities = [ExchangeRate];
export const resolvers = [ExchangeRateResolver] as const;
export { exchangeRateOn, toCompanyCurrency } from './currency.service';
