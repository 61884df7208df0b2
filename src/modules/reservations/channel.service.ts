import { Decimal } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Channel, ChannelWarehouse } from './channel.entity';
import type { ChannelCreateInput, ChannelUpdateInput } from './reservation.inputs';
import { CHANNEL_SOURCING, type ChannelSourcingRow } from './sql/channel-sourcing';

/** The warehouses of a channel, by code, in the order given (its priorities). */
async function channelWarehouses(sc: ServiceContext, given: string[]): Promise<Warehouse[]> {
  const codes = given.map((c) => c.toUpperCase());
  if (new Set(codes).size !== codes.length)
    fail(UserErrorCode.INVALID, ['input', 'warehouseCodes'], 'warehouseCodes lists a warehouse twice');
  const warehouses = await sc.em.find(Warehouse, { company: sc.companyId, code: { $in: codes } });
  const missing = codes.filter((c) => !warehouses.some((w) => w.code === c));
  if (missing.length)
    fail(UserErrorCode.NOT_FOUND, ['input', 'warehouseCodes'], `warehouseCodes: no warehouse ${missing.join(', ')}`);
  return codes.map((code) => warehouses.find((w) => w.code === code)!);
}

export async function createChannel(sc: ServiceContext, input: ChannelCreateInput): Promise<Channel> {
  if (await sc.em.count(Channel, { company: sc.companyId, code: input.code })) {
    fail(UserErrorCode.TAKEN, ['input', 'code'], `code "${input.code}" is already used by another channel`);
  }
  const warehouses = await channelWarehouses(sc, input.warehouseCodes);
  const company = sc.em.getReference(Company, sc.companyId);
  const channel = sc.em.create(Channel, {
    company,
    code: input.code,
    name: input.name,
    buffer: new Decimal(input.buffer ?? 0).toFixed(),
  });
  warehouses.forEach((warehouse, index) => {
    channel.warehouses.add(sc.em.create(ChannelWarehouse, { company, channel, warehouse, priority: index + 1 }));
  });
  await sc.em.flush();
  return channel;
}

/**
 * Renames a channel, changes its buffer, or replaces its warehouses and their priorities.
 * Reservations planned from the sourcing cache re-check the channel's warehouse order under their
 * locks, and RESERVE reads the buffers there, so a change applies to the next reservation on
 * every instance.
 */
export async function updateChannel(sc: ServiceContext, input: ChannelUpdateInput): Promise<Channel> {
  const channel = await sc.em.findOne(Channel, { company: sc.companyId, code: input.code });
  if (!channel) fail(UserErrorCode.NOT_FOUND, ['input', 'code'], `input.code: no channel ${input.code}`);
  if (input.name != null) channel.name = input.name;
  if (input.buffer != null) channel.buffer = new Decimal(input.buffer).toFixed();
  if (input.warehouseCodes) {
    const warehouses = await channelWarehouses(sc, input.warehouseCodes);
    // Replaced, not edited: the (channel, warehouse) pairs stay unique whatever the new order.
    await sc.em.nativeDelete(ChannelWarehouse, { channel: channel.id });
    warehouses.forEach((warehouse, index) => {
      sc.em.create(ChannelWarehouse, { company: channel.company, channel, warehouse, priority: index + 1 });
    });
  }
  await sc.em.flush();
  return channel;
}

export async function listChannels(sc: ServiceContext): Promise<Channel[]> {
  return sc.em.find(Channel, { company: sc.companyId }, { orderBy: { code: 'asc' } });
}

export interface ChannelSourcing {
  channelId: string;
  /** Active warehouses in priority order. */
  warehouses: { id: string; code: string }[];
}

/**
 * The channel's active warehouses in priority order: one plain statement, because this sits on
 * the storefront's hottest path. Its buffers are read per product (channel-buffers.ts).
 */
export async function channelFor(sc: ServiceContext, code: string, field: string[]): Promise<ChannelSourcing> {
  const rows = await sc.em.execute<ChannelSourcingRow[]>(CHANNEL_SOURCING, [sc.companyId, code]);
  if (rows.length === 0) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no channel ${code}`);
  return {
    channelId: rows[0].channel_id,
    warehouses: rows.filter((r) => r.warehouse_id).map((r) => ({ id: r.warehouse_id!, code: r.code! })),
  };
}
