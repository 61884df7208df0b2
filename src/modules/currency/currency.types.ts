import { ConnectionType } from '../../graphql/connection';
import { PayloadType } from '../../graphql/payload';
import { ExchangeRate } from './exchange-rate.entity';

export const ExchangeRateSetPayload = PayloadType('ExchangeRateSet', 'exchangeRate', ExchangeRate, 'The rate as set.');
export const ExchangeRateConnection = ConnectionType(ExchangeRate, 'ExchangeRate');
