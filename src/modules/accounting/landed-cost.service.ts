import { randomBytes, randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { type PageArgs, paginate } from '../../graphql/connection';
import { fail, UserErrorCode } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { ServiceContext } from '../../domain/service-context';
import { Company } from '../company/company.entity';
import { TransferState, TransferType } from '../inventory/inventory.enums';
import { Transfer } from '../inventory/transfer.entity';
import { AccountRole, EntrySource, LandedCostMethod } from './accounting.enums';
import type { LandedCostCreateInput, LandedCostFilter } from './accounting.inputs';
import { JournalEntry } from './journal-entry.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { postEntries, writeEntry } from './journal-writer';
import { money, openBooks, type PostingLine } from './posting';
import { type NewLayer, type OpenLayer, writeLayers } from './valuation.service';

/** Splits `amount` (cents) in proportion to `weights`; the largest remainders take the leftover cents. */
export function allocate(amount: Decimal, weights: Decimal[]): Decimal[] {
  const total = weights.reduce((s, w) => s.plus(w), new Decimal(0));
  const exact = weights.map((w) => amount.times(w).div(total));
  const shares = exact.map((e) => e.toDecimalPlaces(2, Decimal.ROUND_DOWN));
  let left = amount.minus(shares.reduce((s, v) => s.plus(v), new Decimal(0)));
  const order = exact.map((e, i) => ({ i, rest: e.minus(shares[i]) })).sort((a, b) => b.rest.comparedTo(a.rest));
  for (const { i } of order) {
    if (left.lte(0)) break;
    shares[i] = shares[i].plus('0.01');
    left = left.minus('0.01');
  }
  return shares;
}

/** Where the expense of goods that left the company goes, by the kind of place they went to. */
const EXPENSE_OF: Partial<Record<string, AccountRole>> = {
  CUSTOMER: AccountRole.COGS,
  SCRAP: AccountRole.SCRAP,
  INVENTORY_LOSS: AccountRole.SHRINKAGE,
};

const marks = (values: unknown[]) => values.map(() => '?').join(', ');

interface TrailLayer {
  id: string;
  product_id: string;
  warehouse_id: string | null;
  quantity: string;
  remaining_quantity: string;
  remaining_value: string;
  seq: string;
}

interface TrailStep {
  layer_id: string;
  quantity: string;
  destination_type: string;
  next_layer_id: string | null;
}

/** One piece of a received move's goods as they are now: on hand in a layer, or gone to an account. */
interface Piece {
  quantity: Decimal;
  layer?: TrailLayer;
  expense?: AccountRole;
  warehouseId: string | null;
}

/**
 * Follows received layers through every move that took from them: a move to another warehouse
 * or into transit carries its share into the layer it created there (pro rata of what that
 * layer received), a move out of the company ends the trail. Returns, per received layer, the
 * pieces its quantity is in now. Quantity taken before the trail was recorded counts as gone
 * to COGS, as it was booked before.
 */
async function followGoods(sc: ServiceContext, receivedIds: string[]): Promise<Map<string, Piece[]>> {
  const steps: TrailStep[] = [];
  const seen = new Set(receivedIds);
  for (let frontier = receivedIds; frontier.length;) {
    const found = await sc.em.execute<TrailStep[]>(
      `select c.layer_id, c.quantity, d.type as destination_type,
              (select n.id from valuation_layer n where n.stock_move_id = c.stock_move_id and n.quantity > 0
                  and n.landed_cost_id is null limit 1) as next_layer_id
         from valuation_layer_consumption c
         join stock_move m on m.id = c.stock_move_id
         join location d on d.id = m.destination_id
        where c.layer_id in (${marks(frontier)}) and c.company_id = ?`,
      [...frontier, sc.companyId],
    );
    steps.push(...found);
    frontier = [
      ...new Set(found.flatMap((f) => (f.next_layer_id && !seen.has(f.next_layer_id) ? [f.next_layer_id] : []))),
    ];
    for (const id of frontier) seen.add(id);
  }
  const layers = await sc.em.execute<TrailLayer[]>(
    `select id, product_id, warehouse_id, quantity, remaining_quantity, remaining_value, seq
       from valuation_layer where id in (${marks([...seen])}) and company_id = ?`,
    [...seen, sc.companyId],
  );
  // A layer only receives from older ones: in seq order, every share has arrived before it moves on.
  layers.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
  const stepsOf = new Map<string, TrailStep[]>();
  for (const step of steps) stepsOf.set(step.layer_id, [...(stepsOf.get(step.layer_id) ?? []), step]);
  const pieces = new Map<string, Piece[]>();
  for (const origin of receivedIds) {
    const held = new Map<string, Decimal>([[origin, new Decimal(0)]]);
    const list: Piece[] = [];
    for (const layer of layers) {
      const quantity = new Decimal(layer.quantity);
      const ours = layer.id === origin ? quantity : (held.get(layer.id) ?? new Decimal(0));
      if (ours.lte(0)) continue;
      const fraction = ours.div(quantity);
      let left = ours;
      const onHand = fraction.times(layer.remaining_quantity);
      list.push({ quantity: onHand, layer, warehouseId: layer.warehouse_id });
      left = left.minus(onHand);
      for (const step of stepsOf.get(layer.id) ?? []) {
        const part = fraction.times(step.quantity);
        left = left.minus(part);
        if (step.next_layer_id) {
          held.set(step.next_layer_id, (held.get(step.next_layer_id) ?? new Decimal(0)).plus(part));
        } else {
          const expense = EXPENSE_OF[step.destination_type] ?? AccountRole.COGS;
          list.push({ quantity: part, expense, warehouseId: layer.warehouse_id });
        }
      }
      if (left.gt(0)) list.push({ quantity: left, expense: AccountRole.COGS, warehouseId: layer.warehouse_id });
    }
    pieces.set(origin, list);
  }
  return pieces;
}

/**
 * Adds freight, duty or insurance to done receipts. Each received move gets a share (by
 * quantity, value or weight), split again by where its goods are now: the part still owned
 * (in the receiving warehouse, moved to another one, or in transit) raises the value of the
 * layers the goods sit in (Inventory of that warehouse), the part that left the company goes
 * to the account it left through (COGS for deliveries, scrap, shrinkage for count losses);
 * landed cost clearing takes the credit until the carrier's or customs' bill clears it.
 */
export async function createLandedCost(sc: ServiceContext, input: LandedCostCreateInput): Promise<LandedCost> {
  const date = input.date ?? new Date();
  const books = await openBooks(sc, date, ['input', 'date']);
  const transfers = await sc.em.find(Transfer, { company: sc.companyId, id: { $in: input.transferIds } });
  input.transferIds.forEach((id, i) => {
    const transfer = transfers.find((t) => t.id === id);
    const field = ['input', 'transferIds', String(i)];
    if (!transfer) fail(UserErrorCode.NOT_FOUND, field, `${field.join('.')}: no transfer ${id}`);
    if (transfer.type !== TransferType.RECEIPT) fail(UserErrorCode.INVALID, field, `${transfer.name} is not a receipt`);
    if (transfer.state !== TransferState.DONE) {
      fail(
        UserErrorCode.INVALID_STATE,
        field,
        `${transfer.name} is ${transfer.state}: only done receipts carry landed costs`,
      );
    }
  });
  // The received goods may be anywhere the company holds the product now: lock its open layers
  // everywhere (in FIFO order, like every posting), so that no move takes from them while the
  // trail is read.
  await sc.em.execute(
    `select l.id from valuation_layer l
      where l.company_id = ? and l.remaining_quantity > 0
        and l.product_id in (select m.product_id from stock_move m where m.transfer_id in (${marks(input.transferIds)}))
      order by l.seq
      for update of l`,
    [sc.companyId, ...input.transferIds],
  );
  const layers = await sc.em.execute<
    {
      id: string;
      stock_move_id: string;
      product_id: string;
      sku: string;
      weight: string | null;
      warehouse_id: string | null;
      quantity: string;
      value: string;
    }[]
  >(
    `select l.id, l.stock_move_id, l.product_id, p.sku, p.weight, l.warehouse_id, l.quantity, l.value
       from valuation_layer l
       join stock_move m on m.id = l.stock_move_id
       join product p on p.id = l.product_id
      where m.transfer_id in (${marks(input.transferIds)}) and m.state = 'DONE' and l.quantity > 0 and l.landed_cost_id is null
        and l.company_id = ?
      order by l.seq`,
    [...input.transferIds, sc.companyId],
  );
  if (layers.length === 0) fail(UserErrorCode.INVALID, ['input', 'transferIds'], 'the receipts received nothing');
  const basis = layers.map((l) => {
    if (input.method === LandedCostMethod.QUANTITY) return new Decimal(l.quantity);
    if (input.method === LandedCostMethod.VALUE) return new Decimal(l.value);
    if (l.weight == null) {
      fail(
        UserErrorCode.INVALID,
        ['input', 'method'],
        `input.method: ${l.sku} has no weight; set it or split by QUANTITY or VALUE`,
      );
    }
    return new Decimal(l.quantity).times(l.weight);
  });
  if (basis.reduce((s, b) => s.plus(b), new Decimal(0)).lte(0)) {
    fail(
      UserErrorCode.INVALID,
      ['input', 'method'],
      `input.method: the received ${input.method.toLowerCase()} is 0, nothing to split by`,
    );
  }
  const amount = input.lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
  const shares = allocate(amount, basis);
  const trail = await followGoods(
    sc,
    layers.map((l) => l.id),
  );

  const company = sc.em.getReference(Company, sc.companyId);
  const landedCost = sc.em.create(LandedCost, {
    company,
    name: `LC/${date.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`,
    reference: input.reference ?? null,
    date,
    method: input.method,
    amount: amount.toFixed(2),
  });
  for (const line of input.lines) {
    sc.em.create(LandedCostLine, {
      company,
      landedCost,
      kind: line.kind,
      amount: money(line.amount).toFixed(2),
      label: line.label ?? null,
    });
  }
  const touched = new Map<string, OpenLayer>();
  const created: NewLayer[] = [];
  const lines = new Map<string, PostingLine>();
  const zero = new Decimal(0);
  const debit = (line: Omit<PostingLine, 'credit'>) => {
    const key = [line.accountId, line.warehouseId ?? '', line.productId, line.stockMoveId].join('|');
    const existing = lines.get(key);
    if (existing) existing.debit = existing.debit.plus(line.debit);
    else lines.set(key, { ...line, credit: zero });
  };
  layers.forEach((l, i) => {
    const pieces = trail.get(l.id)!;
    // To the cent: each piece gets its part of the share, the largest remainders the leftover cents.
    const parts = allocate(
      shares[i],
      pieces.map((p) => p.quantity),
    );
    let onHand = zero;
    const common = {
      productId: l.product_id,
      stockMoveId: l.stock_move_id,
      landedCostId: landedCost.id,
      label: `${landedCost.name} ${l.sku}`,
    };
    pieces.forEach((piece, j) => {
      const part = parts[j];
      if (part.isZero()) return;
      if (piece.layer) {
        onHand = onHand.plus(part);
        // Raising the layer the goods sit in serves FIFO (they leave with it) and average (the bucket total rises).
        const open = touched.get(piece.layer.id) ?? {
          id: piece.layer.id,
          isNew: false,
          productId: piece.layer.product_id,
          warehouseId: piece.layer.warehouse_id,
          remainingQuantity: new Decimal(piece.layer.remaining_quantity),
          remainingValue: new Decimal(piece.layer.remaining_value),
        };
        open.remainingValue = open.remainingValue.plus(part);
        touched.set(open.id, open);
        created.push({
          id: randomUUID(),
          productId: piece.layer.product_id,
          warehouseId: piece.layer.warehouse_id,
          quantity: zero,
          value: part,
          landedCostId: landedCost.id,
          stockMoveId: l.stock_move_id,
        });
        debit({ ...common, accountId: books.accounts.INVENTORY, warehouseId: piece.warehouseId, debit: part });
      } else {
        debit({ ...common, accountId: books.accounts[piece.expense!], warehouseId: piece.warehouseId, debit: part });
      }
    });
    sc.em.create(LandedCostAllocation, {
      company,
      landedCost,
      stockMove: l.stock_move_id,
      product: l.product_id,
      warehouse: l.warehouse_id,
      amount: shares[i].toFixed(2),
      onHandAmount: onHand.toFixed(2),
      consumedAmount: shares[i].minus(onHand).toFixed(2),
    });
  });
  const posting = [...lines.values()];
  for (const line of input.lines) {
    posting.push({
      accountId: books.accounts.LANDED_COST_CLEARING,
      debit: zero,
      credit: money(line.amount),
      label: `${landedCost.name} ${line.kind}${line.label ? ` ${line.label}` : ''}`,
      landedCostId: landedCost.id,
    });
  }
  await sc.em.flush();
  const entryId = await writeEntry(
    sc,
    books,
    {
      journal: 'LANDED_COSTS',
      date,
      source: EntrySource.LANDED_COST,
      reference: input.reference ?? landedCost.name,
      lines: posting,
    },
    { deferPosting: true },
  );
  await writeLayers(sc, [...touched.values()], created, date, entryId);
  if (entryId) await postEntries(sc, [entryId], 'NOW');
  landedCost.entry = entryId ? sc.em.getReference(JournalEntry, entryId, { wrapped: true }) : null;
  await sc.em.flush();
  return landedCost;
}

/** Landed costs of the company, newest first. */
export async function listLandedCosts(sc: ServiceContext, filter: LandedCostFilter | undefined, page: PageArgs) {
  const where: FilterQuery<LandedCost> = { company: sc.companyId };
  const f = filter ?? {};
  if (f.transferId != null) {
    if (!isUuid(f.transferId)) {
      fail(UserErrorCode.INVALID, ['filter', 'transferId'], `filter.transferId: ${f.transferId} is not an id`);
    }
    where.allocations = { stockMove: { transfer: f.transferId } };
  }
  if (f.reference) where.reference = f.reference;
  if (f.from || f.to) where.date = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
  return paginate(sc.em, LandedCost, where, { date: 'desc' }, page);
}
