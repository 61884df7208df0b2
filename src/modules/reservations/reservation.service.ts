import { Decimal, decToString } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../graphql/errors';
import { isUuid } from '../../graphql/problems';
import type { ServiceContext } from '../../graphql/service-context';
import { Product } from '../catalog/product.entity';
import { Company } from '../company/company.entity';
import { TransferType } from '../inventory/inventory.enums';
import { stockFigures } from '../inventory/stock-level.service';
import { createTransfer } from '../inventory/transfer.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { Channel } from './channel.entity';
import { ReservationPolicy, ReservationState } from './reservation.enums';
import { Reservation, ReservationLine } from './reservation.entity';
import type { ReservationCreateInput, ReservationExtendInput, ReservationFulfilInput } from './reservation.inputs';
import { lockStockPairs, sellable } from '../inventory/stock-locks';

export interface ChannelSourcing {
  channelId: string;
  buffer: Decimal;
  /** Active warehouses in priority order. */
  warehouses: { id: string; code: string }[];
}

/**
 * The channel's active warehouses in priority order, with its buffer: one plain statement,
 * because this sits on the storefront's hottest path.
 */
export async function channelFor(sc: ServiceContext, code: string, field: string[]): Promise<ChannelSourcing> {
  const rows = await sc.em.execute<
    { channel_id: string; buffer: string; warehouse_id: string | null; code: string | null }[]
  >(
    `select c.id as channel_id, c.buffer, w.id as warehouse_id, w.code
       from channel c
       left join channel_warehouse cw on cw.channel_id = c.id
       left join warehouse w on w.id = cw.warehouse_id and w.active
      where c.company_id = ? and c.code = ?
      order by cw.priority`,
    [sc.companyId, code],
  );
  if (rows.length === 0) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no channel ${code}`);
  return {
    channelId: rows[0].channel_id,
    buffer: new Decimal(rows[0].buffer),
    warehouses: rows.filter((r) => r.warehouse_id).map((r) => ({ id: r.warehouse_id!, code: r.code! })),
  };
}

function expiryOf(input: { expiresAt?: Date; ttlSeconds?: number }, field: string[]): Date | null {
  if (input.expiresAt && input.ttlSeconds)
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: give expiresAt or ttlSeconds, not both`);
  if (input.ttlSeconds) return new Date(Date.now() + input.ttlSeconds * 1000);
  if (input.expiresAt) {
    if (input.expiresAt.getTime() <= Date.now())
      fail(UserErrorCode.INVALID, [...field, 'expiresAt'], `${field.join('.')}.expiresAt is in the past`);
    return input.expiresAt;
  }
  return null;
}

export interface ReservationResult {
  reservation: Reservation | null;
  userErrors?: { code: UserErrorCode; field: string[] | null; message: string; quantityAvailable: string | null }[];
}

/**
 * Holds stock without ever overselling: every product x warehouse the request may take from is
 * locked first, in one global order (so concurrent multi-line requests cannot deadlock), then
 * availability is read and allocated line by line against a running total (so the same SKU on
 * two lines is checked as a whole), following the channel's warehouse priorities.
 */
export async function createReservation(sc: ServiceContext, input: ReservationCreateInput): Promise<ReservationResult> {
  const policy = input.policy ?? ReservationPolicy.ALL_OR_NOTHING;
  const expiresAt = expiryOf(input, ['input']);
  const channel = input.channel ? await channelFor(sc, input.channel, ['input', 'channel']) : null;

  // One query for every product named, one for every warehouse named.
  const skus = input.lines.filter((l) => !l.productId && l.sku).map((l) => l.sku!);
  const ids = input.lines.filter((l) => l.productId).map((l) => l.productId!);
  const products = await sc.em.find(Product, {
    company: sc.companyId,
    $or: [{ sku: { $in: skus } }, { id: { $in: ids.filter(isUuid) } }],
  });
  const codes = input.lines.filter((l) => l.warehouseCode).map((l) => l.warehouseCode!.toUpperCase());
  const warehouseIds = input.lines.filter((l) => l.warehouseId).map((l) => l.warehouseId!);
  const named =
    codes.length || warehouseIds.length
      ? await sc.em.find(Warehouse, {
          company: sc.companyId,
          $or: [{ code: { $in: codes } }, { id: { $in: warehouseIds.filter(isUuid) } }],
        })
      : [];
  const all = channel
    ? channel.warehouses
    : await sc.em.find(Warehouse, { company: sc.companyId, active: true }, { orderBy: { code: 'asc' } });

  const problems: DomainError[] = [];
  const plans = input.lines.map((line, index) => {
    const path = ['input', 'lines', String(index)];
    const product = products.find((p) => (line.productId ? p.id === line.productId : p.sku === line.sku));
    if (!line.sku && !line.productId)
      problems.push(new DomainError(UserErrorCode.INVALID, path, `${path.join('.')}: give sku or productId`));
    else if (!product || !product.active) {
      const field = [...path, line.productId ? 'productId' : 'sku'];
      problems.push(
        new DomainError(
          UserErrorCode.NOT_FOUND,
          field,
          `${field.join('.')}: no active product ${line.productId ?? line.sku}`,
        ),
      );
    }
    let candidates = all;
    if (line.warehouseCode || line.warehouseId) {
      const warehouse = named.find((w) =>
        line.warehouseId ? w.id === line.warehouseId : w.code === line.warehouseCode!.toUpperCase(),
      );
      const field = [...path, line.warehouseId ? 'warehouseId' : 'warehouseCode'];
      if (!warehouse || !warehouse.active) {
        problems.push(
          new DomainError(
            UserErrorCode.NOT_FOUND,
            field,
            `${field.join('.')}: no active warehouse ${line.warehouseId ?? line.warehouseCode}`,
          ),
        );
        candidates = [];
      } else if (channel && !channel.warehouses.some((w) => w.id === warehouse.id)) {
        problems.push(
          new DomainError(
            UserErrorCode.INVALID,
            field,
            `${field.join('.')}: channel ${input.channel} does not sell from ${warehouse.code}`,
          ),
        );
        candidates = [];
      } else candidates = [warehouse];
    }
    return { line, path, product: product!, candidates, quantity: new Decimal(line.quantity) };
  });
  if (problems.length) throw new DomainErrors(problems);

  const pairs = plans.flatMap((p) => p.candidates.map((w) => ({ productId: p.product.id, warehouseId: w.id })));
  await lockStockPairs(sc, pairs);
  const figures = await stockFigures(sc, {
    productIds: [...new Set(pairs.map((p) => p.productId))],
    warehouseIds: [...new Set(pairs.map((p) => p.warehouseId))],
  });
  const remaining = new Map(
    figures.map((f) => [`${f.product_id}|${f.warehouse_id}`, Decimal.max(0, sellable(f).minus(channel?.buffer ?? 0))]),
  );

  const lines: { product: Product; warehouse: { id: string }; quantity: Decimal }[] = [];
  const shortfalls: DomainError[] = [];
  for (const plan of plans) {
    const availableHere = plan.candidates.reduce(
      (sum, w) => sum.plus(remaining.get(`${plan.product.id}|${w.id}`) ?? 0),
      new Decimal(0),
    );
    if (plan.line.expectedAvailable != null && !availableHere.eq(plan.line.expectedAvailable)) {
      throw new DomainError(
        UserErrorCode.STALE,
        [...plan.path, 'expectedAvailable'],
        `${plan.path.join('.')}: ${plan.product.sku} has ${decToString(availableHere)} available, not ${plan.line.expectedAvailable}; nothing was reserved`,
        decToString(availableHere),
      );
    }
    let wanted = plan.quantity;
    for (const warehouse of plan.candidates) {
      const key = `${plan.product.id}|${warehouse.id}`;
      const take = Decimal.min(wanted, remaining.get(key) ?? 0);
      if (take.lte(0)) continue;
      remaining.set(key, (remaining.get(key) ?? new Decimal(0)).minus(take));
      lines.push({ product: plan.product, warehouse, quantity: take });
      wanted = wanted.minus(take);
      if (wanted.isZero()) break;
    }
    if (wanted.gt(0)) {
      shortfalls.push(
        new DomainError(
          UserErrorCode.INSUFFICIENT_STOCK,
          plan.path,
          `${plan.path.join('.')}: ${plan.product.sku}: ${plan.line.quantity} asked, ${decToString(availableHere)} available`,
          decToString(availableHere),
        ),
      );
    }
  }
  if (shortfalls.length && (policy === ReservationPolicy.ALL_OR_NOTHING || lines.length === 0)) {
    throw new DomainErrors(shortfalls);
  }

  const company = sc.em.getReference(Company, sc.companyId);
  const reservation = sc.em.create(Reservation, {
    company,
    reference: input.reference,
    channel: channel ? sc.em.getReference(Channel, channel.channelId) : null,
    state: ReservationState.ACTIVE,
    policy,
    expiresAt,
    createdBy: sc.actor,
  });
  for (const line of lines) {
    sc.em.create(ReservationLine, {
      company,
      reservation,
      product: line.product,
      warehouse: sc.em.getReference(Warehouse, line.warehouse.id),
      quantity: line.quantity.toFixed(),
      state: ReservationState.ACTIVE,
      expiresAt,
    });
  }
  await sc.em.flush();
  return {
    reservation,
    userErrors: shortfalls.map((e) => ({
      code: e.code,
      field: e.field,
      message: e.message,
      quantityAvailable: e.quantityAvailable,
    })),
  };
}

/** Loads a reservation after locking its row, and answers EXPIRED for an active one past its expiry. */
export async function loadReservation(sc: ServiceContext, id: string, field: string[]): Promise<Reservation> {
  await sc.em.execute('select id from reservation where id = ? and company_id = ? for update', [id, sc.companyId]);
  const reservation = await sc.em.findOne(
    Reservation,
    { id, company: sc.companyId },
    { populate: ['lines', 'lines.product', 'lines.warehouse'] },
  );
  if (!reservation) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no reservation ${id}`);
  return reservation;
}

export function isExpired(reservation: Reservation): boolean {
  return (
    reservation.state === ReservationState.EXPIRED ||
    (reservation.state === ReservationState.ACTIVE &&
      !!reservation.expiresAt &&
      reservation.expiresAt.getTime() <= Date.now())
  );
}

function assertActive(reservation: Reservation, field: string[]): void {
  if (isExpired(reservation)) {
    fail(
      UserErrorCode.EXPIRED,
      field,
      `reservation ${reservation.reference} expired at ${reservation.expiresAt?.toISOString()}`,
    );
  }
  if (reservation.state !== ReservationState.ACTIVE) {
    fail(UserErrorCode.INVALID_STATE, field, `reservation ${reservation.reference} is ${reservation.state}`);
  }
}

function setState(reservation: Reservation, state: ReservationState): void {
  reservation.state = state;
  for (const line of reservation.lines) if (line.state === ReservationState.ACTIVE) line.state = state;
}

export async function releaseReservation(sc: ServiceContext, id: string): Promise<Reservation> {
  const reservation = await loadReservation(sc, id, ['reservationId']);
  assertActive(reservation, ['reservationId']);
  setState(reservation, ReservationState.RELEASED);
  await sc.em.flush();
  return reservation;
}

export async function extendReservation(sc: ServiceContext, input: ReservationExtendInput): Promise<Reservation> {
  const reservation = await loadReservation(sc, input.reservationId, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
  const expiresAt = expiryOf(input, ['input']);
  if (!expiresAt) fail(UserErrorCode.INVALID, ['input', 'ttlSeconds'], 'input: give expiresAt or ttlSeconds');
  reservation.expiresAt = expiresAt;
  for (const line of reservation.lines) line.expiresAt = expiresAt;
  await sc.em.flush();
  return reservation;
}

/**
 * Turns (part of) a reservation into deliveries, one per warehouse. The lines give up their
 * hold in the same transaction as the moves consume the stock, so nobody can take it between.
 */
export async function fulfilReservation(sc: ServiceContext, input: ReservationFulfilInput) {
  const reservation = await loadReservation(sc, input.reservationId, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
  const lines = reservation.lines.getItems();
  const wanted = new Map<string, { quantity: Decimal; lot?: string; serials?: string[] }>();
  if (input.lines) {
    for (const [index, given] of input.lines.entries()) {
      const line = lines.find((l) => l.id === given.lineId);
      const field = ['input', 'lines', String(index)];
      if (!line)
        fail(
          UserErrorCode.NOT_FOUND,
          [...field, 'lineId'],
          `${field.join('.')}.lineId: no line ${given.lineId} in this reservation`,
        );
      const open = new Decimal(line.quantity).minus(line.fulfilledQuantity);
      if (new Decimal(given.quantity).gt(open)) {
        fail(
          UserErrorCode.INVALID,
          [...field, 'quantity'],
          `${field.join('.')}.quantity: ${given.quantity} is more than the ${decToString(open)} held`,
        );
      }
      wanted.set(line.id, { quantity: new Decimal(given.quantity), lot: given.lot, serials: given.serials });
    }
  } else {
    for (const line of lines) {
      const open = new Decimal(line.quantity).minus(line.fulfilledQuantity);
      if (open.gt(0)) wanted.set(line.id, { quantity: open });
    }
  }
  const byWarehouse = new Map<string, ReservationLine[]>();
  for (const line of lines.filter((l) => wanted.has(l.id))) {
    line.fulfilledQuantity = new Decimal(line.fulfilledQuantity).plus(wanted.get(line.id)!.quantity).toFixed();
    if (new Decimal(line.fulfilledQuantity).eq(line.quantity)) line.state = ReservationState.FULFILLED;
    byWarehouse.set(line.warehouse.id, [...(byWarehouse.get(line.warehouse.id) ?? []), line]);
  }
  if (lines.every((l) => l.state === ReservationState.FULFILLED)) reservation.state = ReservationState.FULFILLED;
  await sc.em.flush(); // the hold is given up before the delivery consumes the stock
  const deliveries = [];
  for (const group of byWarehouse.values()) {
    deliveries.push(
      await createTransfer(sc, {
        type: TransferType.DELIVERY,
        warehouseId: group[0].warehouse.id,
        validate: true,
        referenceDocumentUri: input.referenceDocumentUri ?? `reservation:${reservation.reference}`,
        lines: group.map((line) => ({
          productId: line.product.id,
          quantity: wanted.get(line.id)!.quantity.toFixed(),
          lot: wanted.get(line.id)!.lot,
          serials: wanted.get(line.id)!.serials,
        })),
      }),
    );
  }
  return { reservation, deliveries };
}

/** Marks active reservations past their expiry as EXPIRED; returns their ids (to announce). */
export async function sweepExpired(sc: ServiceContext, limit = 500): Promise<string[]> {
  const rows = await sc.em.execute<{ id: string }[]>(
    `update reservation set state = 'EXPIRED', updated_at = now()
      where id in (select id from reservation where state = 'ACTIVE' and expires_at <= now()
                   order by expires_at limit ? for update skip locked)
      returning id`,
    [limit],
  );
  if (rows.length) {
    await sc.em.execute(
      `update reservation_line set state = 'EXPIRED', updated_at = now()
        where state = 'ACTIVE' and reservation_id in (${rows.map(() => '?').join(', ')})`,
      rows.map((r) => r.id),
    );
  }
  return rows.map((r) => r.id);
}

export async function findReservation(sc: ServiceContext, id: string): Promise<Reservation | null> {
  return isUuid(id) ? sc.em.findOne(Reservation, { id, company: sc.companyId }) : null;
}
