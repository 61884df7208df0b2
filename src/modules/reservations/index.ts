import { registerUniqueConstraint } from '../../graphql/mutation';
import { ChannelBuffer } from './channel-buffer.entity';
import { Channel, ChannelWarehouse } from './channel.entity';
import { Reservation, ReservationLine, ReservedStock } from './reservation.entity';
import {
  ChannelBufferResolver,
  ChannelResolver,
  ChannelWarehouseResolver,
  ReservationKitResolver,
  ReservationLineResolver,
  ReservationResolver,
} from './reservation.resolver';

export const entities = [Channel, ChannelWarehouse, ChannelBuffer, Reservation, ReservationLine, ReservedStock];
export const resolvers = [
  ReservationResolver,
  ReservationLineResolver,
  ReservationKitResolver,
  ChannelResolver,
  ChannelBufferResolver,
  ChannelWarehouseResolver,
] as const;

registerUniqueConstraint(
  'channel_company_id_code_unique',
  ['input', 'code'],
  'code is already used by another channel',
);
