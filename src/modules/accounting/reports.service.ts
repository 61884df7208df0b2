import { GraphQLError } from 'graphql';
import { Decimal, decToString } from '../../db/decimal';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageArgs } from '../../graphql/connection';
import { fail, UserErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { Product } from '../catalog/product.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Account } from './account.entity';
import { AccountRole } from './accounting.enums';
import { JournalEntry } from './journal-entry.entity';
import type { AccountLedger, InventoryValuation, TrialBalance } from './accounting.types';

const money = (v: Decimal.Value) => new Decimal(v).toFixed(2);

export async function trialBalance(sc: ServiceContext, at: Date = new Date()): Promise<TrialBalance> {
  const rows = await sc.em.execute<{ id: string; debit: string; credit: string }[]>(
    `select a.id, coalesce(sum(t.debit), 0) as debit, coalesce(sum(t.credit), 0) as credit
       from account a
       left join (select l.account_id, l.debit, l.credit from journal_line l
                    join journal_entry e on e.id = l.entry_id
                   where e.company_id = ? and e.state = 'POSTED' and e.date <= ?::timestamptz) t on t.account_id = a.id
      where a.company_id = ?
      group by a.id, a.code order by a.code`,
    [sc.companyId, at.toISOString(), sc.companyId],
  );
  const accounts = await sc.em.find(Account, { company: sc.companyId });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  const lines = rows.map((r) => {
    debit = debit.plus(r.debit);
    credit = credit.plus(r.credit);
    return {
      account: byId.get(r.id)!,
      debit: money(r.debit),
      credit: money(r.credit),
      balance: money(new Decimal(r.debit).minus(r.credit)),
    };
  });
  return { at, lines, totalDebit: money(debit), totalCredit: money(credit), balance: money(debit.minus(credit)) };
}

function encodeCursor(row: { date: Date | string; number: string; id: string }): string {
  return Buffer.from(JSON.stringify([new Date(row.date).toISOString(), row.number, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      !Number.isNaN(Date.parse(value[0])) &&
      /^\d+$/.test(value[1]) &&
      /^[0-9a-f-]{36}$/.test(value[2])
    ) {
      return value as [string, string, string];
    }
  } catch {
    // falls through to the error below
  }
  throw new GraphQLError('after is not a cursor of this ledger', {
    extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
  });
}

/**
 * Posted lines of one account between two dates, in (date, entry number, line) order, with the
 * running balance computed by a window over the whole period, so any page shows the right one.
 */
export async function accountLedger(
  sc: ServiceContext,
  accountCode: string,
  from: Date | undefined,
  to: Date | undefined,
  page: PageArgs,
): Promise<AccountLedger> {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  }
  const after = page.after ? decodeCursor(page.after) : null;
  const account = await sc.em.findOne(Account, { company: sc.companyId, code: accountCode });
  if (!account) fail(UserErrorCode.NOT_FOUND, ['accountCode'], `accountCode: no account ${accountCode}`);
  const until = (to ?? new Date()).toISOString();
  const [opening] = await sc.em.execute<{ balance: string | null; closing: string | null }[]>(
    `select sum(l.debit - l.credit) filter (where ?::timestamptz is not null and e.date < ?::timestamptz) as balance,
            sum(l.debit - l.credit) as closing
       from journal_line l join journal_entry e on e.id = l.entry_id
      where l.account_id = ? and e.state = 'POSTED' and e.date <= ?::timestamptz`,
    [from?.toISOString() ?? null, from?.toISOString() ?? null, account.id, until],
  );
  const openingBalance = new Decimal(opening?.balance ?? 0);
  const rows = await sc.em.execute<
    {
      id: string;
      entry_id: string;
      date: Date;
      number: string;
      label: string | null;
      debit: string;
      credit: string;
      run: string;
      total: string;
      product_id: string | null;
      warehouse_id: string | null;
      stock_move_id: string | null;
      partner_id: string | null;
    }[]
  >(
    `select * from (
       select l.id, l.entry_id, e.date, e.number, l.label, l.debit, l.credit, l.product_id, l.warehouse_id,
              l.stock_move_id, l.partner_id,
              sum(l.debit - l.credit) over (order by e.date, e.number, l.id) as run,
              count(*) over () as total
         from journal_line l join journal_entry e on e.id = l.entry_id
        where l.account_id = ? and e.state = 'POSTED' and e.date <= ?::timestamptz
          and (?::timestamptz is null or e.date >= ?::timestamptz)) r
      ${after ? 'where (r.date, r.number, r.id) > (?::timestamptz, ?::bigint, ?::uuid)' : ''}
      order by r.date, r.number, r.id
      limit ?`,
    [account.id, until, from?.toISOString() ?? null, from?.toISOString() ?? null, ...(after ?? []), first + 1],
  );
  const pageRows = rows.slice(0, first);
  const entries = await sc.em.find(JournalEntry, { id: { $in: [...new Set(pageRows.map((r) => r.entry_id))] } });
  const products = await sc.em.find(Product, {
    id: { $in: [...new Set(pageRows.flatMap((r) => (r.product_id ? [r.product_id] : [])))] },
  });
  const warehouses = await sc.em.find(Warehouse, {
    id: { $in: [...new Set(pageRows.flatMap((r) => (r.warehouse_id ? [r.warehouse_id] : [])))] },
  });
  const edges = pageRows.map((r) => ({
    cursor: encodeCursor(r),
    node: {
      id: r.id,
      date: new Date(r.date),
      entry: entries.find((e) => e.id === r.entry_id)!,
      label: r.label,
      debit: money(r.debit),
      credit: money(r.credit),
      runningBalance: money(openingBalance.plus(r.run)),
      product: products.find((p) => p.id === r.product_id) ?? null,
      warehouse: warehouses.find((w) => w.id === r.warehouse_id) ?? null,
      stockMoveId: r.stock_move_id,
      partnerId: r.partner_id,
    },
  }));
  return {
    account,
    openingBalance: money(openingBalance),
    closingBalance: money(opening?.closing ?? 0),
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: Number(rows[0]?.total ?? 0),
  };
}

/**
 * Quantity and value per product from the valuation layers up to `at`, in one warehouse or in
 * the whole company (transit included), next to the Inventory account balance for the same
 * scope: invariant 5 says the two are equal.
 */
export async function inventoryValuation(
  sc: ServiceContext,
  at: Date = new Date(),
  warehouseCode?: string,
): Promise<InventoryValuation> {
  let warehouse: Warehouse | null = null;
  if (warehouseCode) {
    warehouse = await sc.em.findOne(Warehouse, { company: sc.companyId, code: warehouseCode });
    if (!warehouse) fail(UserErrorCode.NOT_FOUND, ['warehouseCode'], `warehouseCode: no warehouse ${warehouseCode}`);
  }
  const scope = warehouse ? 'and warehouse_id = ?' : '';
  const scopeParams = warehouse ? [warehouse.id] : [];
  const rows = await sc.em.execute<{ product_id: string; quantity: string; value: string }[]>(
    `select product_id, sum(quantity) as quantity, sum(value) as value from valuation_layer
      where company_id = ? and date <= ?::timestamptz ${scope}
      group by product_id having sum(quantity) <> 0 or sum(value) <> 0`,
    [sc.companyId, at.toISOString(), ...scopeParams],
  );
  const [balance] = await sc.em.execute<{ balance: string | null }[]>(
    `select sum(l.debit - l.credit) as balance from journal_line l
       join journal_entry e on e.id = l.entry_id
       join account a on a.id = l.account_id
      where e.company_id = ? and e.state = 'POSTED' and e.date <= ?::timestamptz and a.role = ? ${warehouse ? 'and l.warehouse_id = ?' : ''}`,
    [sc.companyId, at.toISOString(), AccountRole.INVENTORY, ...scopeParams],
  );
  const products = await sc.em.find(Product, { id: { $in: rows.map((r) => r.product_id) } });
  const lines = rows
    .map((r) => {
      const quantity = new Decimal(r.quantity);
      return {
        product: products.find((p) => p.id === r.product_id)!,
        quantity: decToString(quantity),
        value: money(r.value),
        unitCost: quantity.isZero() ? null : decToString(new Decimal(r.value).div(quantity).toDecimalPlaces(6)),
      };
    })
    .sort((a, b) => (a.product.sku < b.product.sku ? -1 : 1));
  const total = rows.reduce((s, r) => s.plus(r.value), new Decimal(0));
  return {
    at,
    warehouse,
    lines,
    totalValue: money(total),
    inventoryAccountBalance: money(balance?.balance ?? 0),
  };
}
