import { byIdLoader, type LoaderScope, groupLoader } from '../../graphql/loaders';
import { ChannelBuffer } from './channel-buffer.entity';
import { Channel, ChannelWarehouse } from './channel.entity';
import { ReservationLine } from './reservation.entity';

export function createReservationLoaders(scope: LoaderScope) {
  return {
    channelById: byIdLoader(scope, Channel),
    channelWarehousesByChannelId: groupLoader(scope, ChannelWarehouse, 'channel', (cw) => cw.channel.id, {
      priority: 'asc',
    }),
    channelBuffersByChannelId: groupLoader(scope, ChannelBuffer, 'channel', (b) => b.channel.id, { createdAt: 'asc' }),
    reservationLinesByReservationId: groupLoader(scope, ReservationLine, 'reservation', (l) => l.reservation.id, {
      createdAt: 'asc',
    }),
  };
}
