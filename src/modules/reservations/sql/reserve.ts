import { ArrayRelations } from '../../../db/array-relations';
import { Decimal } from '../../../db/decimal';
import type { MemberRow } from '../../../db/group-commit';
import { executeSql, type PreparedStatement } from '../../../db/prepared';
import type { AuditEntryValues } from '../../../graphql/audit-trail';
import { auditEntriesSql, auditInputText } from '../../access/audit.service';
import { sellableByPairSql } from '../../inventory/stock-level.service';
import { addTaken, type Allocation } from '../allocation';
import { channelBufferSql } from '../channel-buffers';
import type { ReservationDraft, SourcingFacts } from '../reservation-plan';
import type { KitFact } from '../kit-reservations';

/** One reservation's part of RESERVE: the pairs it reads, and (given an allocation with lines) what it inserts. */
export interface ReserveMember {
  keys: string[];
  draft: ReservationDraft;
  allocation: Pick<Allocation, 'lines' | 'assumptions'> | null;
  audit: AuditEntryValues | null;
  facts: SourcingFacts | null;
  /** The kits its plan expanded, as planned (kit-reservations.ts#kitFacts): checked like the facts. */
  kits?: KitFact[];
}

type Indexed<T> = T & { member: number };

const relations = new ArrayRelations();
const members = relations.relation<Indexed<ReserveMember>>('m', (c) => ({
  member: c.int((m) => m.member),
  company_id: c.uuid((m) => m.draft.companyId),
  reservation_id: c.uuid((m) => m.draft.id),
  reference: c.text((m) => m.draft.reference),
  channel_id: c.uuid((m) => m.draft.channelId),
  policy: c.text((m) => m.draft.policy),
  expires_at: c.timestamptz((m) => m.draft.expiresAt),
  created_by: c.text((m) => m.draft.createdBy),
  actor: c.text((m) => m.audit?.actor ?? null),
  actor_kind: c.text((m) => m.audit?.actorKind ?? null),
  operation: c.text((m) => m.audit?.operation ?? null),
  request_id: c.text((m) => m.audit?.requestId ?? null),
  input: c.text((m) => (m.audit ? auditInputText(m.audit) : null)),
}));

interface Need {
  productId: string;
  warehouseId: string;
  exact: Decimal | null;
  atLeast: Decimal;
  takenBefore: Decimal;
}
const needs = relations.relation<Indexed<Need>>('n', (c) => ({
  member: c.int((n) => n.member),
  product_id: c.uuid((n) => n.productId),
  warehouse_id: c.uuid((n) => n.warehouseId),
  exact: c.numeric((n) => n.exact),
  at_least: c.numeric((n) => n.atLeast),
  taken_before: c.numeric((n) => n.takenBefore),
}));

const takes = relations.relation<Indexed<Allocation['lines'][number]>>('t', (c) => ({
  member: c.int((t) => t.member),
  product_id: c.uuid((t) => t.productId),
  warehouse_id: c.uuid((t) => t.warehouseId),
  quantity: c.numeric((t) => t.quantity),
  kit_id: c.uuid((t) => t.kitId ?? null),
  kit_quantity: c.numeric((t) => t.kitQuantity ?? null),
}));

const factProducts = relations.relation<Indexed<SourcingFacts['products'][number]>>('e', (c) => ({
  member: c.int((e) => e.member),
  id: c.uuid((e) => e.id),
  sku: c.text((e) => e.sku),
}));

const factWarehouses = relations.relation<Indexed<SourcingFacts['warehouses'][number]>>('e', (c) => ({
  member: c.int((e) => e.member),
  id: c.uuid((e) => e.id),
  code: c.text((e) => e.code),
}));

const factChannels = relations.relation<Indexed<NonNullable<SourcingFacts['channel']>>>('e', (c) => ({
  member: c.int((e) => e.member),
  code: c.text((e) => e.code),
  warehouses: c.text((e) => e.warehouseIds.join(',')),
}));

const factEveryWarehouse = relations.relation<Indexed<{ ids: string[] }>>('e', (c) => ({
  member: c.int((e) => e.member),
  warehouses: c.text((e) => e.ids.join(',')),
}));

const kitFactRows = relations.relation<Indexed<KitFact>>('e', (c) => ({
  member: c.int((e) => e.member),
  kit_id: c.uuid((e) => e.kitId),
  components: c.text((e) => e.components),
}));

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
 * (available after the product's buffer on its channel, read here under the locks through
 * channel-buffers.ts, and sellable) before its own insert.
 * Parameters: the group as relations of parallel arrays (ArrayRelations; `member` is the index
 * in the group): the members (the reservation and its audit entry's values), their needs (the
 * pairs each reads, its assumptions on them and what the members before it take from them, if
 * they all commit, as every member inserted does), their lines, and the catalog facts a plan made
 * from the sourcing cache relied on (see SourcingFacts).
 * SQL, not the ORM: the check, the inserts and their audit entries must be one statement run
 * under the stock locks, for a whole group at once (see GroupCommit). Caller:
 * reservation-commit.ts; covered by test/reservations/*.test.ts, test/concurrency/reservations.test.ts
 * and test/unit/reserve-sql.test.ts (the parameters).
 */
export const RESERVE: PreparedStatement = {
  name: 'stockline_reserve_group_v6',
  text: `with m as (
            select * from ${members.unnest}),
          need as (
            select * from ${needs.unnest}),
          take as (
            select * from ${takes.unnest}),
          pairs as (select distinct product_id, warehouse_id from need),
          s as (${sellableByPairSql('pairs')}),
          f as (
            select n.member, n.product_id, n.warehouse_id, n.exact, n.at_least,
                   ${channelBufferSql('m.channel_id', 'n.product_id')} as buffer,
                   greatest(0, s.sellable - n.taken_before) as sellable
              from need n join m using (member) join s using (product_id, warehouse_id)),
          fa as (select f.*, greatest(0, f.sellable - f.buffer) as available from f),
          stale as (
            select member from fa where not (available >= at_least and (exact is null or available = exact))
            union all
            select e.member from ${factProducts.unnest} join m using (member)
              left join product p on p.id = e.id and p.company_id = m.company_id and p.active
                                 and (e.sku is null or p.sku = e.sku)
             where p.id is null
            union all
            select e.member from ${factWarehouses.unnest} join m using (member)
              left join warehouse w on w.id = e.id and w.company_id = m.company_id and w.active
                                   and (e.code is null or w.code = e.code)
             where w.id is null
            union all
            select e.member from ${factChannels.unnest}
              join m using (member)
             where not exists (select from channel c where c.id = m.channel_id and c.company_id = m.company_id
                                  and c.code = e.code)
                or e.warehouses <> (select coalesce(string_agg(w.id::text, ',' order by cw.priority), '')
                                      from channel_warehouse cw join warehouse w on w.id = cw.warehouse_id and w.active
                                     where cw.channel_id = m.channel_id)
            union all
            select e.member from ${kitFactRows.unnest}
             where e.components is distinct from
                   (select string_agg(k.component_id::text || ':' || trim_scale(k.quantity)::text, ',' order by k.component_id)
                      from kit_component k where k.kit_id = e.kit_id)
            union all
            select e.member from ${factEveryWarehouse.unnest} join m using (member)
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

/** EXECUTE of RESERVE for these members, in this order. */
export function reserveSql(group: ReserveMember[]): string {
  // Running totals per pair, so that the statement's cost stays linear in the group's lines.
  const taken = new Map<string, Decimal>();
  const needRows = group.flatMap((m, member) => {
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
  const each = <T>(list: (m: ReserveMember) => T[]) =>
    group.flatMap((m, member) => list(m).map((row) => ({ member, ...row })));
  return executeSql(
    RESERVE,
    relations.arguments([
      members.bind(group.map((m, member) => ({ member, ...m }))),
      needs.bind(needRows),
      takes.bind(each((m) => m.allocation?.lines ?? [])),
      factProducts.bind(each((m) => m.facts?.products ?? [])),
      factWarehouses.bind(each((m) => m.facts?.warehouses ?? [])),
      factChannels.bind(each((m) => (m.facts?.channel ? [m.facts.channel] : []))),
      factEveryWarehouse.bind(each((m) => (m.facts?.allWarehouseIds ? [{ ids: m.facts.allWarehouseIds }] : []))),
      kitFactRows.bind(each((m) => m.kits ?? [])),
    ]),
  );
}

export interface UnderLockRow extends MemberRow {
  inserted: { id: string; created_at: string; updated_at: string } | null;
  /** Per pair: available to this request (after the channel buffer) and sellable, before its insert. */
  figures: { p: string; w: string; a: string; s: string }[] | null;
}
