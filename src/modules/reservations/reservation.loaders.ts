import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders';
import { Channel, ChannelWarehouse } from './channel.entity';
import { ReservationLine } from './reservation.entity';

export function createReservationLoaders(em: EntityManager) {
  return {
    channelById: byIdLoader(em, Channel),
    channelWarehousesByChannelId: groupLoader(em, ChannelWarehouse, 'channel', (cw) => cw.channel.id, {
      priority: 'asc',
    }),
    reservationLinesByReservationId: groupLoader(em, ReservationLine, 'reservation', (l) => l.reservation.id, {
      createdAt: 'asc',
    }),
  };
}
