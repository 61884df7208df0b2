import type { EntityManager } from '@mikro-orm/postgresql';
import type { Company } from '../company/company.entity';
import { Account } from './account.entity';
import { AccountRole, AccountType } from './accounting.enums';
import { Journal } from './journal.entity';

/** The chart every company starts with: what the automatic postings of DOMAIN.md need, plus bank and equity. */
export const DEFAULT_CHART: { code: string; name: string; type: AccountType; role?: AccountRole }[] = [
  { code: '1000', name: 'Bank', type: AccountType.ASSET, role: AccountRole.BANK },
  { code: '1300', name: 'Inventory', type: AccountType.ASSET, role: AccountRole.INVENTORY },
  { code: '2000', name: 'Accounts payable', type: AccountType.LIABILITY, role: AccountRole.ACCOUNTS_PAYABLE },
  { code: '2100', name: 'Goods received not invoiced', type: AccountType.LIABILITY, role: AccountRole.GRNI },
  {
    code: '2150',
    name: 'Landed cost clearing',
    type: AccountType.LIABILITY,
    role: AccountRole.LANDED_COST_CLEARING,
  },
  { code: '3000', name: "Owner's equity", type: AccountType.EQUITY },
  { code: '3900', name: 'Opening balance equity', type: AccountType.EQUITY, role: AccountRole.OPENING_BALANCE },
  { code: '4000', name: 'Sales', type: AccountType.INCOME },
  { code: '4800', name: 'Exchange gains', type: AccountType.INCOME, role: AccountRole.EXCHANGE_GAIN },
  {
    code: '4900',
    name: 'Early payment discounts received',
    type: AccountType.INCOME,
    role: AccountRole.EARLY_PAYMENT_DISCOUNT,
  },
  { code: '5000', name: 'Cost of goods sold', type: AccountType.EXPENSE, role: AccountRole.COGS },
  { code: '5100', name: 'Inventory shrinkage', type: AccountType.EXPENSE, role: AccountRole.SHRINKAGE },
  { code: '5200', name: 'Scrap expense', type: AccountType.EXPENSE, role: AccountRole.SCRAP },
  { code: '5300', name: 'Purchase price variance', type: AccountType.EXPENSE, role: AccountRole.PRICE_VARIANCE },
  { code: '6000', name: 'Operating expenses', type: AccountType.EXPENSE },
  { code: '6800', name: 'Exchange losses', type: AccountType.EXPENSE, role: AccountRole.EXCHANGE_LOSS },
];

/** The journals of a company; only the general journal takes manual entries. */
export const JOURNALS = {
  GENERAL: { code: 'GEN', name: 'General journal', allowManual: true },
  STOCK: { code: 'STK', name: 'Stock valuation', allowManual: false },
  PURCHASES: { code: 'PUR', name: 'Purchases (vendor bills)', allowManual: false },
  LANDED_COSTS: { code: 'LC', name: 'Landed costs', allowManual: false },
  BANK: { code: 'BNK', name: 'Bank (vendor payments)', allowManual: false },
} as const;

export type JournalKey = keyof typeof JOURNALS;

/** Creates the default chart of accounts and journals of a new company (flushed by the caller). */
export function createDefaultChart(em: EntityManager, company: Company): void {
  for (const account of DEFAULT_CHART) {
    em.create(Account, {
      company,
      code: account.code,
      name: account.name,
      type: account.type,
      role: account.role ?? null,
      // Inventory moves only with valuation layers, so that it always equals the valuation.
      allowManual: account.role !== AccountRole.INVENTORY,
    });
  }
  for (const journal of Object.values(JOURNALS)) em.create(Journal, { company, ...journal });
}
