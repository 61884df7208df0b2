import DataLoader from 'dataloader';
import { byIdLoader, groupLoader, type LoaderScope } from '../../graphql/loaders';
import { StockMove } from '../inventory/stock-move.entity';
import { Account } from './account.entity';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { Journal } from './journal.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';

export function createAccountingLoaders(scope: LoaderScope) {
  const { em, companyId } = scope;
  return {
    accountById: byIdLoader(scope, Account),
    journalById: byIdLoader(scope, Journal),
    journalEntryById: byIdLoader(scope, JournalEntry),
    stockMoveById: byIdLoader(scope, StockMove),
    landedCostById: byIdLoader(scope, LandedCost),
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
