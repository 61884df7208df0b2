import { randomBytes, randomUUID } from 'node:crypto';
import { Decimal } from '../../db/decimal';
import { fail, UserErrorCode } from '../../graphql/errors';
import type { ServiceContext } from '../../graphql/service-context';
import { Company } from '../company/company.entity';
import { TransferState, TransferType } from '../inventory/inventory.enums';
import { Transfer } from '../inventory/transfer.entity';
import { EntrySource, LandedCostMethod } from './accounting.enums';
import type { LandedCostCreateInput } from './accounting.inputs';
import { JournalEntry } from './journal-entry.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { money, openBooks, type PostingLine, writePostedEntry } from './posting';
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

/**
 * Adds freight, duty or insurance to done receipts. Each received move gets a share (by
 * quantity, value or weight); the part of its layer still on hand raises the layer's value
 * (Inventory), the part already gone (sold, scrapped, moved on) goes to cost of goods sold;
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
  // The incoming layers of the received moves, locked in FIFO order like every other posting.
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
      remaining_quantity: string;
      remaining_value: string;
    }[]
  >(
    `select l.id, l.stock_move_id, l.product_id, p.sku, p.weight, l.warehouse_id, l.quantity, l.value,
            l.remaining_quantity, l.remaining_value
       from valuation_layer l
       join stock_move m on m.id = l.stock_move_id
       join product p on p.id = l.product_id
      where m.transfer_id in (${input.transferIds.map(() => '?').join(', ')}) and m.state = 'DONE'
        and l.quantity > 0 and l.company_id = ?
      order by l.seq
      for update of l`,
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
  const touched: OpenLayer[] = [];
  const created: NewLayer[] = [];
  const lines: PostingLine[] = [];
  const zero = new Decimal(0);
  layers.forEach((l, i) => {
    const share = shares[i];
    const remaining = new Decimal(l.remaining_quantity);
    const onHand = remaining.eq(l.quantity) ? share : money(share.times(remaining).div(l.quantity));
    const consumed = share.minus(onHand);
    sc.em.create(LandedCostAllocation, {
      company,
      landedCost,
      stockMove: l.stock_move_id,
      product: l.product_id,
      warehouse: l.warehouse_id,
      amount: share.toFixed(2),
      onHandAmount: onHand.toFixed(2),
      consumedAmount: consumed.toFixed(2),
    });
    // Raising the receipt's own layer serves FIFO (it leaves with those units) and average (the bucket total rises).
    touched.push({
      id: l.id,
      isNew: false,
      productId: l.product_id,
      warehouseId: l.warehouse_id,
      remainingQuantity: remaining,
      remainingValue: new Decimal(l.remaining_value).plus(onHand),
    });
    created.push({
      id: randomUUID(),
      productId: l.product_id,
      warehouseId: l.warehouse_id,
      quantity: zero,
      value: onHand,
      landedCostId: landedCost.id,
      stockMoveId: l.stock_move_id,
    });
    const common = {
      productId: l.product_id,
      stockMoveId: l.stock_move_id,
      landedCostId: landedCost.id,
      label: `${landedCost.name} ${l.sku}`,
    };
    if (!onHand.isZero())
      lines.push({
        ...common,
        accountId: books.accounts.INVENTORY,
        warehouseId: l.warehouse_id,
        debit: onHand,
        credit: zero,
      });
    if (!consumed.isZero())
      lines.push({
        ...common,
        accountId: books.accounts.COGS,
        warehouseId: l.warehouse_id,
        debit: consumed,
        credit: zero,
      });
  });
  for (const line of input.lines) {
    lines.push({
      accountId: books.accounts.LANDED_COST_CLEARING,
      debit: zero,
      credit: money(line.amount),
      label: `${landedCost.name} ${line.kind}${line.label ? ` ${line.label}` : ''}`,
      landedCostId: landedCost.id,
    });
  }
  await sc.em.flush();
  const entryId = await writePostedEntry(
    sc,
    books,
    {
      journal: 'LANDED_COSTS',
      date,
      source: EntrySource.LANDED_COST,
      reference: input.reference ?? landedCost.name,
      lines,
    },
    { deferPosting: true },
  );
  await writeLayers(sc, touched, created, date, entryId, { postEntry: true });
  landedCost.entry = entryId ? sc.em.getReference(JournalEntry, entryId, { wrapped: true }) : null;
  await sc.em.flush();
  return landedCost;
}
