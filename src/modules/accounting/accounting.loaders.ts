import DataLoader from 'dataloader';
import type { Decimal } from '../../db/decimal';
import { byIdLoader, groupLoader, type LoaderScope } from '../../graphql/loaders';
import { StockMove } from '../inventory/stock-move.entity';
import { Account } from './account.entity';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { Journal } from './journal.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { openAdvances } from './vendor-credit.service';
import { VendorPayment } from './vendor-payment.entity';

export function createAccountingLoaders(scope: LoaderScope) {
  const { em, companyId } = scope;
  return {
    accountById: byIdLoader(scope, Account),
    journalById: byIdLoader(scope, Journal),
    journalEntryById: byIdLoader(scope, JournalEntry),
    stockMoveById: byIdLoader(scope, StockMove),
    landedCostById: byIdLoader(scope, LandedCost),
    vendorPaymentById: byIdLoader(scope, VendorPayment),
    /** What is open of each payment's advance (VendorPayment.advanceOpen): one query per tick. */
    advanceOpenByPaymentId: new DataLoader<string, Decimal>(async (ids) => {
      const open = await openAdvances(scope, ids);
      return ids.map((id) => open.get(id)!);
    }),
    journalLinesByEntryId: groupLoader(scope, JournalLine, 'entry', (l) => l.entry.id, { createdAt: 'asc', id: 'asc' }),
    /** The reversal of each entry, if any (reversal_of_id is unique). */
    reversalByEntryId: new DataLoader<string, JournalEntry | null>(async (ids) => {
      const rows = await em.find(JournalEntry, { reversalOf: { $in: [...ids] }, company: companyId });
      return ids.map((id) => rows.find((r) => r.reversalOf?.id === id) ?? null);
    }),
    landedCostLinesByLandedCostId: groupLoader(scope, LandedCostLine, 'landedCost', (l) => l.landedCost.id, {
      createdAt: 'asc',
    }),
    allocationsByLandedCostId: groupLoader(scope, LandedCostAllocation, 'landedCost', (a) => a.landedCost.id, {
      createdAt: 'asc',
    }),
  };
}
