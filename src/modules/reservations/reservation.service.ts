import { randomUUID } from 'node:crypto';
import { productConflict, warehouseConflict } from '../inventory/inventory.lookup';
import { mayReachReservation } from '../../auth/reservation-scope';
import { Decimal, decToString } from '../../db/decimal';
import { DomainError, DomainErrors, UserErrorCode, fail } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { TransferType } from '../inventory/inventory.enums';
import { sellableByPairSql } from '../inventory/stock-level.service';
import { createTransfer } from '../inventory/transfer.service';
import { Channel } from './channel.entity';
import { ReservationPolicy, ReservationState } from './reservation.enums';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Reservation, ReservationLine } from './reservation.entity';
import type { ReservationCreateInput, ReservationExtendInput, ReservationFulfilInput } from './reservation.inputs';
import {
  intArrayLiteral,
  numericArrayLiteral,
  queryPrepared,
  queryRows,
  textArrayLiteral,
  timestampArrayLiteral,
  uuidArrayLiteral,
} from '../../db/sql';
import { executeSql, type PreparedStatement, queryWithPrepared } from '../../db/prepared';
import { type AuditEntryValues, auditEntriesSql } from '../access/audit.service';
import { lockStockPairs, stockLockKeys, stockLocksSql, stockPairKey } from '../inventory/stock-locks';
import { GroupCommit, type MemberRow } from '../../db/group-commit';
import { lockTimeoutOf } from '../../db/lock-timeout';
import { type ReservationSnapshot, sourcingCache, type WarehouseRef } from './sourcing-cache';
import { type AllocatedLine, allocateKit, assertKitsUnchanged, type KitPart, kitPartsOf } from './kit-reservations';

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

/** One line of the request, resolved: the product and the warehouses it may take from, in order. */
export interface LinePlan {
  line: ReservationCreateInput['lines'][number];
  path: string[];
  productId: string;
  sku: string;
  candidates: WarehouseRef[];
  quantity: Decimal;
  /** Set when the product is a kit: the line reserves these components (kit-reservations.ts). */
  components: KitPart[] | null;
}

/** What the request may take from each product x warehouse: sellable less the channel buffer. */
export type Remaining = Map<string, Decimal>;

/**
 * What the outcome of an allocation depended on, per pair: the exact figure (where a line was
 * short, or checked `expectedAvailable`) or a lower bound (where every line that reached the
 * pair was served in full). Under any figures meeting these conditions the allocation is the same.
 */
type Assumptions = Map<string, { exact: Decimal | null; atLeast: Decimal }>;

export interface Allocation {
  lines: AllocatedLine[];
  shortfalls: DomainError[];
  stale: DomainError | null;
  assumptions: Assumptions;
}

/**
 * Allocates line by line against a running total (so the same SKU on two lines is checked as a
 * whole), following each line's warehouses in order. Pure: the caller decides on which figures.
 */
export function allocate(plans: LinePlan[], figures: Remaining): Allocation {
  const remaining: Remaining = new Map(figures);
  const assumptions: Assumptions = new Map();
  const assume = (key: string, exact: boolean, taken: Decimal) => {
    const a = assumptions.get(key) ?? { exact: null, atLeast: new Decimal(0) };
    if (exact) a.exact = figures.get(key) ?? new Decimal(0);
    a.atLeast = a.atLeast.plus(taken);
    assumptions.set(key, a);
  };
  const lines: Allocation['lines'] = [];
  const shortfalls: DomainError[] = [];
  for (const plan of plans) {
    if (plan.components) {
      const outcome = allocateKit(plan, remaining, assume, lines);
      if (outcome.stale) return { lines, shortfalls, stale: outcome.stale, assumptions };
      if (outcome.shortfall) shortfalls.push(outcome.shortfall);
      continue;
    }
    const keys = plan.candidates.map((w) => stockPairKey(plan.productId, w.id));
    const availableHere = keys.reduce((sum, key) => sum.plus(remaining.get(key) ?? 0), new Decimal(0));
    if (plan.line.expectedAvailable != null) {
      for (const key of keys) assume(key, true, new Decimal(0));
      if (!availableHere.eq(plan.line.expectedAvailable)) {
        const stale = new DomainError(
          UserErrorCode.STALE,
          [...plan.path, 'expectedAvailable'],
          `${plan.path.join('.')}: ${plan.sku} has ${decToString(availableHere)} available, not ${plan.line.expectedAvailable}; nothing was reserved`,
          decToString(availableHere),
        );
        return { lines, shortfalls, stale, assumptions };
      }
    }
    let wanted = plan.quantity;
    for (const [i, key] of keys.entries()) {
      const here = remaining.get(key) ?? new Decimal(0);
      const take = Decimal.min(wanted, here);
      assume(key, take.lt(wanted), Decimal.max(take, 0));
      if (take.gt(0)) {
        remaining.set(key, here.minus(take));
        lines.push({ productId: plan.productId, warehouseId: plan.candidates[i].id, quantity: take });
        wanted = wanted.minus(take);
      }
      if (wanted.isZero()) break;
    }
    if (wanted.gt(0)) {
      shortfalls.push(
        new DomainError(
          UserErrorCode.INSUFFICIENT_STOCK,
          plan.path,
          `${plan.path.join('.')}: ${plan.sku}: ${plan.line.quantity} asked, ${decToString(availableHere)} available`,
          decToString(availableHere),
        ),
      );
    }
  }
  return { lines, shortfalls, stale: null, assumptions };
}

/**
 * One statement, no lock: the channel and its active warehouses in priority order (or every
 * active warehouse by code), the products and warehouses the lines name, and the sellable figure
 * of every product x warehouse the request may take from. The allocation made on these figures
 * is then checked again under the locks (RESERVE).
 */
const SNAPSHOT = `with ch as (select id, buffer from channel where company_id = ? and code = ?::text),
          chw as (select w.id, w.code, cw.priority
                    from ch join channel_warehouse cw on cw.channel_id = ch.id
                    join warehouse w on w.id = cw.warehouse_id and w.active),
          aw as (select id, code from warehouse where company_id = ? and active and ?::text is null),
          nw as (select id, code, active from warehouse
                  where company_id = ? and (code = any(?::text[]) or id = any(?::uuid[]))),
          p as (select id, sku, active from product
                 where company_id = ? and (sku = any(?::text[]) or id = any(?::uuid[]))),
          kc as (select k.kit_id, k.component_id, k.quantity, c.sku, c.active
                   from kit_component k join product c on c.id = k.component_id
                  where k.kit_id in (select id from p)),
          pairs as (select x.id as product_id, w.id as warehouse_id
                      from (select id from p where active and id not in (select kit_id from kc)
                            union select component_id from kc where active) x,
                           (select id from chw union select id from aw union select id from nw where active) w),
          f as (${sellableByPairSql('pairs')})
     select (select json_build_object('id', id, 'buffer', buffer::text) from ch) as channel,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code) order by priority), '[]') from chw) as channel_warehouses,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code) order by code), '[]') from aw) as all_warehouses,
            (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'active', active)), '[]') from nw) as named,
            (select coalesce(json_agg(json_build_object('id', id, 'sku', sku, 'active', active)), '[]') from p) as products,
            (select coalesce(json_agg(json_build_object('p', product_id, 'w', warehouse_id, 's', sellable::text)), '[]') from f) as figures,
            (select coalesce(json_agg(json_build_object('kit', kit_id, 'id', component_id, 'sku', sku, 'active', active,
                                                        'quantity', trim_scale(quantity)::text) order by component_id), '[]')
               from kc) as kits`;

async function reservationSnapshot(sc: ServiceContext, input: ReservationCreateInput): Promise<ReservationSnapshot> {
  const skus = input.lines.filter((l) => !l.productId && l.sku).map((l) => l.sku!);
  const productIds = input.lines.filter((l) => l.productId && isUuid(l.productId)).map((l) => l.productId!);
  const codes = input.lines.filter((l) => l.warehouseCode).map((l) => l.warehouseCode!.toUpperCase());
  const warehouseIds = input.lines.filter((l) => l.warehouseId && isUuid(l.warehouseId)).map((l) => l.warehouseId!);
  const [row] = await queryPrepared<ReservationSnapshot>(sc.em, 'stockline_reservation_snapshot_v2', SNAPSHOT, [
    sc.companyId,
    input.channel ?? null,
    sc.companyId,
    input.channel ?? null,
    sc.companyId,
    codes,
    warehouseIds,
    sc.companyId,
    skus,
    productIds,
  ]);
  return row;
}

/** The request's lines resolved against the snapshot; every unknown product or warehouse is reported at once. */
function planLines(input: ReservationCreateInput, snapshot: ReservationSnapshot): LinePlan[] {
  const channel = input.channel ? snapshot.channel_warehouses : null;
  const all = channel ?? snapshot.all_warehouses;
  const problems: DomainError[] = [];
  const plans = input.lines.map((line, index) => {
    const path = ['input', 'lines', String(index)];
    const product = snapshot.products.find((p) => (line.productId ? p.id === line.productId : p.sku === line.sku));
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
    } else {
      const conflict = productConflict(line, product, path);
      if (conflict) problems.push(conflict);
    }
    let candidates: WarehouseRef[] = all;
    if (line.warehouseCode || line.warehouseId) {
      const warehouse = snapshot.named.find((w) =>
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
      } else if (warehouseConflict({ id: line.warehouseId, code: line.warehouseCode }, warehouse, field)) {
        problems.push(warehouseConflict({ id: line.warehouseId, code: line.warehouseCode }, warehouse, field)!);
        candidates = [];
      } else if (channel && !channel.some((w) => w.id === warehouse.id)) {
        problems.push(
          new DomainError(
            UserErrorCode.INVALID,
            field,
            `${field.join('.')}: channel ${input.channel} does not sell from ${warehouse.code}`,
          ),
        );
        candidates = [];
      } else candidates = [{ id: warehouse.id, code: warehouse.code }];
    }
    const components = product ? kitPartsOf(product, snapshot, line, path, problems) : null;
    return {
      line,
      path,
      productId: product?.id ?? '',
      sku: product?.sku ?? '',
      candidates,
      quantity: new Decimal(line.quantity),
      components,
    };
  });
  if (problems.length) throw new DomainErrors(problems);
  return plans;
}

interface ReservationDraft {
  /** Chosen before the insert, so that a group's statement can tell whose reservation is whose. */
  id: string;
  companyId: string;
  reference: string;
  channelId: string | null;
  policy: ReservationPolicy;
  expiresAt: Date | null;
  createdBy: string;
}

interface InsertedReservation {
  id: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * The statement run under the locks, for a group of reservations (the storefront's, see
 * GroupCommit) or for one (the transactional path). It sees everything committed before the
 * locks were granted, re-reads the figures of the pairs the members need, and checks each
 * member's assumptions against them less what the members before it in the group take (as if
 * each ran after the other, in order; a reservation of the group that expires before the
 * statement runs still counts, which can only refuse, never oversell). Members are decided in
 * order up to the first one whose assumptions or catalog facts no longer hold: those before it
 * get their reservation, lines and (given an actor) audit entry, it gets nothing inserted, and
 * the members after it are not answered and get nothing (each runs again alone). A member
 * without lines only reads its figures. One statement for the whole group: PostgreSQL's
 * executor start-up and the statement triggers (reserved stock, stock events) are paid once per
 * group, inside the serialized section.
 * Answers per decided member: its index, the inserted reservation (or null) and its figures
 * (available after its channel buffer, and sellable) before its own insert.
 * Parameters, as parallel arrays (`member` is the index in the group):
 *  $1-$14  members: member, company, reservation id, reference, channel, policy, expiry,
 *          created by, channel buffer, and the audit entry's actor, actor kind, operation,
 *          request id and input (JSON text);
 *  $15-$19 needs: member, product, warehouse, exact figure (or null), lower bound, and ($35)
 *          what the members before it take from that pair (if they all commit, as every member
 *          inserted does);
 *  $20-$23 lines: member, product, warehouse, quantity;
 *  $24-$34 the catalog facts a plan made from the sourcing cache relied on (see SourcingFacts):
 *          products (member, id, SKU or null), named warehouses (member, id, code or null), the
 *          channel (member, code, its active warehouses' ids in priority order, comma-separated)
 *          and, without a channel, every active warehouse (member, ids in code order).
 */
const RESERVE: PreparedStatement = {
  name: 'stockline_reserve_group_v3',
  text: `with m as (
            select * from unnest($1::int[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[],
                                 $7::timestamptz[], $8::text[], $9::numeric[], $10::text[], $11::text[],
                                 $12::text[], $13::text[], $14::text[])
              as m(member, company_id, reservation_id, reference, channel_id, policy, expires_at, created_by,
                   buffer, actor, actor_kind, operation, request_id, input)),
          need as (
            select * from unnest($15::int[], $16::uuid[], $17::uuid[], $18::numeric[], $19::numeric[], $35::numeric[])
              as n(member, product_id, warehouse_id, exact, at_least, taken_before)),
          take as (
            select * from unnest($20::int[], $21::uuid[], $22::uuid[], $23::numeric[], $36::uuid[], $37::numeric[])
              as t(member, product_id, warehouse_id, quantity, kit_id, kit_quantity)),
          pairs as (select distinct product_id, warehouse_id from need),
          s as (${sellableByPairSql('pairs')}),
          f as (
            select n.member, n.product_id, n.warehouse_id, n.exact, n.at_least, m.buffer,
                   greatest(0, s.sellable - n.taken_before) as sellable
              from need n join m using (member) join s using (product_id, warehouse_id)),
          fa as (select f.*, greatest(0, f.sellable - f.buffer) as available from f),
          stale as (
            select member from fa where not (available >= at_least and (exact is null or available = exact))
            union all
            select e.member from unnest($24::int[], $25::uuid[], $26::text[]) e(member, id, sku) join m using (member)
              left join product p on p.id = e.id and p.company_id = m.company_id and p.active
                                 and (e.sku is null or p.sku = e.sku)
             where p.id is null
            union all
            select e.member from unnest($27::int[], $28::uuid[], $29::text[]) e(member, id, code) join m using (member)
              left join warehouse w on w.id = e.id and w.company_id = m.company_id and w.active
                                   and (e.code is null or w.code = e.code)
             where w.id is null
            union all
            select e.member from unnest($30::int[], $31::text[], $32::text[]) e(member, code, warehouses)
              join m using (member)
             where not exists (select from channel c where c.id = m.channel_id and c.company_id = m.company_id
                                  and c.code = e.code and c.buffer = m.buffer)
                or e.warehouses <> (select coalesce(string_agg(w.id::text, ',' order by cw.priority), '')
                                      from channel_warehouse cw join warehouse w on w.id = cw.warehouse_id and w.active
                                     where cw.channel_id = m.channel_id)
            union all
            select e.member from unnest($33::int[], $34::text[]) e(member, warehouses) join m using (member)
             where e.warehouses <> (select coalesce(string_agg(w.id::text, ',' order by w.code), '')
                                      from warehouse w where w.company_id = m.company_id and w.active)),
          decided as (
            select m.*, m.member not in (select member from stale) as ok
              from m where m.member <= coalesce((select min(member) from stale), m.member)),
          r as (
            insert into reservation (id, company_id, reference, channel_id, state, policy, expires_at, created_by)
            select d.reservation_id, d.company_id, d.reference, d.channel_id, 'ACTIVE', d.policy::reservation_policy,
                   d.expires_at, d.created_by
              from decided d where d.ok and exists (select from take t where t.member = d.member)
            returning id, created_at, updated_at),
          l as (
            insert into reservation_line (id, company_id, reservation_id, product_id, warehouse_id, quantity, state, expires_at,
                                          kit_id, kit_quantity)
            select gen_random_uuid(), d.company_id, r.id, t.product_id, t.warehouse_id, t.quantity, 'ACTIVE', d.expires_at,
                   t.kit_id, t.kit_quantity
              from take t join decided d using (member) join r on r.id = d.reservation_id
            returning id),
          entries as (select d.*, r.id as record_id from decided d join r on r.id = d.reservation_id),
          ${auditEntriesSql('entries')}
     select d.member,
            (select row_to_json(r) from r where r.id = d.reservation_id) as inserted,
            (select json_agg(json_build_object('p', product_id, 'w', warehouse_id, 'a', available::text, 's', sellable::text))
               from fa where fa.member = d.member) as figures
       from decided d order by d.member`,
};

/**
 * The catalog facts a plan relies on, for RESERVE to check under the locks when the plan was made
 * from the sourcing cache: each product (by id, with the SKU its line named) and each named
 * warehouse is still active, the channel still has this code, buffer and active warehouses in
 * this order, and, without a channel, the active warehouses are still these.
 */
interface SourcingFacts {
  products: { id: string; sku: string | null }[];
  warehouses: { id: string; code: string | null }[];
  channel: { code: string; warehouseIds: string[] } | null;
  allWarehouseIds: string[] | null;
}

function sourcingFacts(input: ReservationCreateInput, snapshot: ReservationSnapshot, plans: LinePlan[]): SourcingFacts {
  const warehouses = input.lines.flatMap((line, i) =>
    line.warehouseId || line.warehouseCode
      ? [{ id: plans[i].candidates[0].id, code: line.warehouseId ? null : plans[i].candidates[0].code }]
      : [],
  );
  return {
    products: plans.map((plan) => ({ id: plan.productId, sku: plan.line.productId ? null : plan.sku })),
    warehouses,
    channel: input.channel ? { code: input.channel, warehouseIds: snapshot.channel_warehouses.map((w) => w.id) } : null,
    allWarehouseIds:
      !input.channel && warehouses.length < input.lines.length ? snapshot.all_warehouses.map((w) => w.id) : null,
  };
}

/** One reservation's part of RESERVE: the pairs it reads, and (given an allocation with lines) what it inserts. */
interface ReserveMember {
  keys: string[];
  buffer: Decimal;
  draft: ReservationDraft;
  allocation: Pick<Allocation, 'lines' | 'assumptions'> | null;
  audit: AuditEntryValues | null;
  facts: SourcingFacts | null;
}

/** Adds what the lines take to the running totals per pair; returns the totals. */
function addTaken(totals: Map<string, Decimal>, lines: Allocation['lines']): Map<string, Decimal> {
  for (const line of lines) {
    const key = stockPairKey(line.productId, line.warehouseId);
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(line.quantity));
  }
  return totals;
}

/** EXECUTE of RESERVE for these members, in this order. */
function reserveSql(members: ReserveMember[]): string {
  // Running totals per pair, so that the statement's cost stays linear in the group's lines.
  const taken = new Map<string, Decimal>();
  const needs = members.flatMap((m, member) => {
    const rows = m.keys.map((key) => {
      const [productId, warehouseId] = key.split('|');
      const a = m.allocation?.assumptions.get(key);
      const takenBefore = taken.get(key) ?? new Decimal(0);
      return {
        member,
        productId,
        warehouseId,
        exact: a?.exact ?? null,
        atLeast: a?.atLeast ?? new Decimal(0),
        takenBefore,
      };
    });
    addTaken(taken, m.allocation?.lines ?? []);
    return rows;
  });
  const lines = members.flatMap((m, member) => (m.allocation?.lines ?? []).map((line) => ({ member, ...line })));
  const products = members.flatMap((m, member) => (m.facts?.products ?? []).map((p) => ({ member, ...p })));
  const warehouses = members.flatMap((m, member) => (m.facts?.warehouses ?? []).map((w) => ({ member, ...w })));
  const channels = members.flatMap((m, member) => (m.facts?.channel ? [{ member, ...m.facts.channel }] : []));
  const everyWarehouse = members.flatMap((m, member) =>
    m.facts?.allWarehouseIds ? [{ member, ids: m.facts.allWarehouseIds }] : [],
  );
  return executeSql(RESERVE, [
    intArrayLiteral(members.map((_, member) => member)),
    uuidArrayLiteral(members.map((m) => m.draft.companyId)),
    uuidArrayLiteral(members.map((m) => m.draft.id)),
    textArrayLiteral(members.map((m) => m.draft.reference)),
    uuidArrayLiteral(members.map((m) => m.draft.channelId)),
    textArrayLiteral(members.map((m) => m.draft.policy)),
    timestampArrayLiteral(members.map((m) => m.draft.expiresAt)),
    textArrayLiteral(members.map((m) => m.draft.createdBy)),
    numericArrayLiteral(members.map((m) => m.buffer)),
    textArrayLiteral(members.map((m) => m.audit?.actor ?? null)),
    textArrayLiteral(members.map((m) => m.audit?.actorKind ?? null)),
    textArrayLiteral(members.map((m) => m.audit?.operation ?? null)),
    textArrayLiteral(members.map((m) => m.audit?.requestId ?? null)),
    textArrayLiteral(members.map((m) => m.audit?.input ?? null)),
    intArrayLiteral(needs.map((n) => n.member)),
    uuidArrayLiteral(needs.map((n) => n.productId)),
    uuidArrayLiteral(needs.map((n) => n.warehouseId)),
    numericArrayLiteral(needs.map((n) => n.exact)),
    numericArrayLiteral(needs.map((n) => n.atLeast)),
    intArrayLiteral(lines.map((l) => l.member)),
    uuidArrayLiteral(lines.map((l) => l.productId)),
    uuidArrayLiteral(lines.map((l) => l.warehouseId)),
    numericArrayLiteral(lines.map((l) => l.quantity)),
    intArrayLiteral(products.map((p) => p.member)),
    uuidArrayLiteral(products.map((p) => p.id)),
    textArrayLiteral(products.map((p) => p.sku)),
    intArrayLiteral(warehouses.map((w) => w.member)),
    uuidArrayLiteral(warehouses.map((w) => w.id)),
    textArrayLiteral(warehouses.map((w) => w.code)),
    intArrayLiteral(channels.map((c) => c.member)),
    textArrayLiteral(channels.map((c) => c.code)),
    textArrayLiteral(channels.map((c) => c.warehouseIds.join(','))),
    intArrayLiteral(everyWarehouse.map((w) => w.member)),
    textArrayLiteral(everyWarehouse.map((w) => w.ids.join(','))),
    numericArrayLiteral(needs.map((n) => n.takenBefore)),
    uuidArrayLiteral(lines.map((l) => l.kitId ?? null)),
    numericArrayLiteral(lines.map((l) => l.kitQuantity ?? null)),
  ]);
}

interface UnderLockRow extends MemberRow {
  inserted: { id: string; created_at: string; updated_at: string } | null;
  /** Per pair: available to this request (after the channel buffer) and sellable, before its insert. */
  figures: { p: string; w: string; a: string; s: string }[] | null;
}

function insertedOf(row: UnderLockRow): InsertedReservation | null {
  return row.inserted
    ? {
        id: row.inserted.id,
        created_at: new Date(row.inserted.created_at),
        updated_at: new Date(row.inserted.updated_at),
      }
    : null;
}

/** RESERVE for one reservation on the request's connection, after taking its pairs' locks when asked. */
async function reserveAlone(sc: ServiceContext, member: ReserveMember, lock: boolean): Promise<UnderLockRow> {
  const sql = reserveSql([member]);
  const results = await queryWithPrepared(sc.em, [RESERVE], lock ? `${stockLocksSql(member.keys)};\n${sql}` : sql);
  return results[results.length - 1].rows[0] as UnderLockRow;
}

/**
 * The critical section, one round trip: the locks, then RESERVE. The locks stay held until the
 * transaction ends, so a caller whose assumptions failed can allocate again on the fresh
 * figures returned and insert with insertReservation.
 */
async function reserveUnderLock(
  sc: ServiceContext,
  pairs: { productId: string; warehouseId: string }[],
  buffer: Decimal,
  draft: ReservationDraft,
  allocation: Allocation | null,
): Promise<{ inserted: InsertedReservation | null; figures: Remaining }> {
  const keys = stockLockKeys(pairs);
  if (keys.length === 0) return { inserted: null, figures: new Map() };
  const row = await reserveAlone(sc, { keys, buffer, draft, allocation, audit: null, facts: null }, true);
  return {
    inserted: insertedOf(row),
    figures: new Map((row.figures ?? []).map((f) => [stockPairKey(f.p, f.w), new Decimal(f.a)])),
  };
}

/** Inserts the reservation and its lines (the caller holds the locks). */
async function insertReservation(
  sc: ServiceContext,
  draft: ReservationDraft,
  lines: Allocation['lines'],
): Promise<InsertedReservation> {
  const allocation = { lines, assumptions: new Map() };
  const member = { keys: [], buffer: new Decimal(0), draft, allocation, audit: null, facts: null };
  return insertedOf(await reserveAlone(sc, member, false))!;
}

interface PreparedReservation {
  plans: LinePlan[];
  pairs: { productId: string; warehouseId: string }[];
  buffer: Decimal;
  draft: ReservationDraft;
  optimistic: Allocation;
  /** Set when the plan was made from the sourcing cache: what RESERVE must find still true. */
  facts: SourcingFacts | null;
}

/**
 * Reads the snapshot, resolves the lines and allocates on the snapshot's figures (no lock yet).
 * The storefront's path (`fromCache`) first tries the sourcing cache, and takes the read only
 * when something is missing there or the cached facts do not make a plan (an error is always
 * decided on a fresh read).
 */
async function prepareReservation(
  sc: ServiceContext,
  input: ReservationCreateInput,
  fromCache = false,
): Promise<PreparedReservation> {
  const expiresAt = expiryOf(input, ['input']);
  const cache = sourcingCache(sc.em);
  const cached = fromCache ? cache.snapshot(sc.companyId, input) : null;
  if (cached) {
    try {
      return planReservation(sc, input, expiresAt, cached, true);
    } catch (error) {
      if (!(error instanceof DomainError || error instanceof DomainErrors)) throw error;
    }
  }
  const snapshot = await reservationSnapshot(sc, input);
  cache.remember(sc.companyId, input, snapshot);
  return planReservation(sc, input, expiresAt, snapshot, false);
}

function planReservation(
  sc: ServiceContext,
  input: ReservationCreateInput,
  expiresAt: Date | null,
  snapshot: ReservationSnapshot,
  cached: boolean,
): PreparedReservation {
  const policy = input.policy ?? ReservationPolicy.ALL_OR_NOTHING;
  if (input.channel && !snapshot.channel) {
    fail(UserErrorCode.NOT_FOUND, ['input', 'channel'], `input.channel: no channel ${input.channel}`);
  }
  const plans = planLines(input, snapshot);
  const buffer = new Decimal(snapshot.channel?.buffer ?? 0);
  const figures: Remaining = new Map(
    snapshot.figures.map((f) => [stockPairKey(f.p, f.w), Decimal.max(0, new Decimal(f.s).minus(buffer))]),
  );
  return {
    plans,
    pairs: plans.flatMap((p) =>
      (p.components?.map((c) => c.productId) ?? [p.productId]).flatMap((productId) =>
        p.candidates.map((w) => ({ productId, warehouseId: w.id })),
      ),
    ),
    buffer,
    draft: {
      id: randomUUID(),
      companyId: sc.companyId,
      reference: input.reference,
      channelId: snapshot.channel?.id ?? null,
      policy,
      expiresAt,
      createdBy: sc.actor,
    },
    optimistic: allocate(plans, figures),
    facts: cached ? sourcingFacts(input, snapshot, plans) : null,
  };
}

/** The sellable figures RESERVE read, less what the reservation it inserted took from them. */
function figuresAfter(row: UnderLockRow, taken: Allocation['lines']): { p: string; w: string; s: string }[] {
  const byPair = addTaken(new Map(), taken);
  return (row.figures ?? []).map((f) => ({
    p: f.p,
    w: f.w,
    s: decToString(new Decimal(f.s).minus(byPair.get(stockPairKey(f.p, f.w)) ?? 0)),
  }));
}

function reservationResult(
  sc: ServiceContext,
  draft: ReservationDraft,
  inserted: InsertedReservation,
  allocation: Allocation,
): ReservationResult {
  const reservation = Object.assign(new Reservation(), {
    id: inserted.id,
    createdAt: inserted.created_at,
    updatedAt: inserted.updated_at,
    company: sc.em.getReference(Company, sc.companyId),
    reference: draft.reference,
    channel: draft.channelId ? sc.em.getReference(Channel, draft.channelId) : null,
    state: ReservationState.ACTIVE,
    policy: draft.policy,
    expiresAt: draft.expiresAt,
    createdBy: draft.createdBy,
  });
  return {
    reservation,
    userErrors: allocation.shortfalls.map((e) => ({
      code: e.code,
      field: e.field,
      message: e.message,
      quantityAvailable: e.quantityAvailable,
    })),
  };
}

/**
 * Storefront reservations of the same pairs are committed in groups: under load a hot SKU's
 * throughput is bounded by its lock's critical section, so one commit (and one outbox flush) per
 * group rather than per request. See GroupCommit.
 */
const groupCommit = new GroupCommit<ReserveMember, UnderLockRow>(
  stockLocksSql,
  [RESERVE],
  reserveSql,
  2,
  64,
  lockTimeoutOf,
);

/**
 * The storefront's common case without BEGIN/COMMIT: a plan from the sourcing cache (or, on a
 * miss, from the snapshot read), then the locks and RESERVE as one implicit transaction shared
 * with the other requests of its group (the locks, the re-check, the insert and its audit entry
 * commit together, so no lock is held while an answer travels back). Null when the allocation is
 * short or stale, when the figures or catalog facts moved under it, when an earlier member of its
 * group no longer fitted, or when its group was refused or never sent: createReservation then
 * decides under the locks. Throws when the group's outcome is unknown (see GroupCommit).
 */
export async function createReservationAtOnce(
  sc: ServiceContext,
  input: ReservationCreateInput,
  audit: AuditEntryValues,
): Promise<ReservationResult | null> {
  if (sc.em.isInTransaction()) return null;
  const prepared = await prepareReservation(sc, input, true);
  const { optimistic, buffer, draft } = prepared;
  if (optimistic.stale || optimistic.shortfalls.length > 0 || optimistic.lines.length === 0) return null;
  // Kits re-check their components under the locks (kit-reservations.ts): the transactional path.
  if (prepared.plans.some((p) => p.components)) return null;
  const keys = stockLockKeys(prepared.pairs);
  const row = await groupCommit.submit({
    em: sc.em,
    deadline: sc.deadline,
    lockKeys: keys,
    params: { keys, buffer, draft, allocation: optimistic, audit, facts: prepared.facts },
  });
  const inserted = row && insertedOf(row);
  if (row) sourcingCache(sc.em).rememberFigures(figuresAfter(row, inserted ? optimistic.lines : []));
  return inserted ? reservationResult(sc, draft, inserted, optimistic) : null;
}

/**
 * Holds stock without ever overselling, inside the caller's transaction: the products,
 * warehouses and figures are read in one statement without locks and allocated; then every
 * product x warehouse the request may take from is locked in one global order (so concurrent
 * multi-line requests cannot deadlock) and the reservation is inserted in the same round trip
 * if the figures, read again under the locks, still give the same allocation. Otherwise
 * (figures moved, or a line is short or stale) the request is allocated again on the locked
 * figures, the locks still held.
 */
export async function createReservation(sc: ServiceContext, input: ReservationCreateInput): Promise<ReservationResult> {
  if (!sc.em.isInTransaction()) {
    // The locks must outlive the first round trip (see reserveUnderLock).
    return sc.em.transactional((em) => createReservation({ ...sc, em: em as EntityManager }, input));
  }
  const { plans, pairs, buffer, draft, optimistic } = await prepareReservation(sc, input);
  await assertKitsUnchanged(sc, plans);
  const clean = !optimistic.stale && optimistic.shortfalls.length === 0;
  const locked = await reserveUnderLock(sc, pairs, buffer, draft, clean ? optimistic : null);
  let allocation = optimistic;
  let inserted = locked.inserted;
  if (!inserted) {
    allocation = allocate(plans, locked.figures);
    if (allocation.stale) throw allocation.stale;
    if (
      allocation.shortfalls.length &&
      (draft.policy === ReservationPolicy.ALL_OR_NOTHING || allocation.lines.length === 0)
    ) {
      throw new DomainErrors(allocation.shortfalls);
    }
    inserted = await insertReservation(sc, draft, allocation.lines);
  }
  return reservationResult(sc, draft, inserted, allocation);
}

/** Loads a reservation after locking its row, and answers EXPIRED for an active one past its expiry. */
export async function loadReservation(sc: ServiceContext, id: string, field: string[]): Promise<Reservation> {
  await sc.em.execute('select id from reservation where id = ? and company_id = ? for update', [id, sc.companyId]);
  const reservation = await sc.em.findOne(
    Reservation,
    { id, company: sc.companyId },
    { populate: ['lines', 'lines.product', 'lines.warehouse'] },
  );
  // Another key's reservation does not exist for a STOREFRONT or PARTNER caller.
  if (!reservation || !mayReachReservation(sc, reservation.createdBy)) {
    fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no reservation ${id}`);
  }
  return reservation;
}

/** ACTIVE, or SHORT (still holding what a forced loss left it): it holds stock and can be acted on. */
export function isHolding(reservation: Reservation): boolean {
  return reservation.state === ReservationState.ACTIVE || reservation.state === ReservationState.SHORT;
}

export function isExpired(reservation: Reservation): boolean {
  return (
    reservation.state === ReservationState.EXPIRED ||
    (isHolding(reservation) && !!reservation.expiresAt && reservation.expiresAt.getTime() <= Date.now())
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
  if (!isHolding(reservation)) {
    fail(UserErrorCode.INVALID_STATE, field, `reservation ${reservation.reference} is ${reservation.state}`);
  }
}

function setState(reservation: Reservation, state: ReservationState): void {
  reservation.state = state;
  for (const line of reservation.lines) if (line.state === ReservationState.ACTIVE) line.state = state;
}

export async function releaseReservation(sc: ServiceContext, id: string): Promise<Reservation> {
  const reservation = await loadReservation(sc, id, ['input', 'reservationId']);
  assertActive(reservation, ['input', 'reservationId']);
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
  if (lines.every((l) => l.state === ReservationState.FULFILLED || new Decimal(l.quantity).eq(l.fulfilledQuantity))) {
    for (const line of lines) line.state = ReservationState.FULFILLED;
    reservation.state = ReservationState.FULFILLED;
  }
  // The pairs' locks first, as every taker of stock does (the delivery below takes them again),
  // then their ReservedStock rows in order, before the line updates' trigger touches them.
  const pairs = lines
    .filter((l) => wanted.has(l.id))
    .map((l) => ({ productId: l.product.id, warehouseId: l.warehouse.id }));
  await lockStockPairs(sc, pairs);
  await lockReservedStock(sc, pairs);
  await sc.em.flush(); // the hold is given up before the delivery consumes the stock
  const deliveries = [];
  for (const group of byWarehouse.values()) {
    deliveries.push(
      await createTransfer(sc, {
        type: TransferType.DELIVERY,
        warehouseId: group[0].warehouse.id,
        // Not validated: the delivery holds the stock as `committed`, the hold moved, not doubled.
        validate: input.validate ?? true,
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

/** Locks the ReservedStock rows of some pairs in (product, warehouse) order, the order the trigger uses. */
async function lockReservedStock(sc: ServiceContext, pairs: { productId: string; warehouseId: string }[]) {
  if (pairs.length === 0) return;
  await queryRows(
    sc.em,
    `select 1 from reserved_stock
      where (product_id, warehouse_id) in (select * from unnest(?::uuid[], ?::uuid[]))
      order by product_id, warehouse_id for update`,
    [pairs.map((p) => p.productId), pairs.map((p) => p.warehouseId)],
  );
}

/** Marks active reservations past their expiry as EXPIRED; returns their ids (to announce). */
export async function sweepExpired(sc: ServiceContext, limit = 500): Promise<string[]> {
  const ids: string[] = [];
  // One state at a time: each is a range of its partial index (a SHORT reservation is rare).
  for (const state of [ReservationState.ACTIVE, ReservationState.SHORT]) {
    const rows = await sc.em.execute<{ id: string }[]>(
      `update reservation set state = 'EXPIRED', updated_at = now()
        where id in (select id from reservation where state = ? and expires_at <= now()
                     order by expires_at limit ? for update skip locked)
        returning id`,
      [state, limit],
    );
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length) {
    await sc.em.execute(
      `update reservation_line set state = 'EXPIRED', updated_at = now()
        where state = 'ACTIVE' and reservation_id in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  }
  return ids;
}

export async function findReservation(sc: ServiceContext, id: string): Promise<Reservation | null> {
  const reservation = isUuid(id) ? await sc.em.findOne(Reservation, { id, company: sc.companyId }) : null;
  return reservation && mayReachReservation(sc, reservation.createdBy) ? reservation : null;
}
