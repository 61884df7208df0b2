import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { isUuid } from '../../domain/ids';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { Product } from '../catalog/product.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner } from '../purchasing/partner.entity';
import { Account } from './account.entity';
import {
  AccountCreateInput,
  FiscalPeriodCreateInput,
  CompanyUpdateInput,
  FiscalPeriodLockInput,
  FiscalPeriodUnlockInput,
  JournalEntryCreateInput,
  JournalEntryFilter,
  JournalEntryPostInput,
  JournalEntryReverseInput,
  JournalEntryUpdateInput,
  LandedCostCreateInput,
  LandedCostFilter,
} from './accounting.inputs';
import {
  AccountCreatePayload,
  AccountLedger,
  FiscalPeriodCreatePayload,
  FiscalPeriodLockPayload,
  InventoryValuation,
  JournalEntryConnection,
  JournalEntryCreatePayload,
  JournalEntryPostPayload,
  JournalEntryReversePayload,
  JournalEntryUpdatePayload,
  LandedCostConnection,
  LandedCostCreatePayload,
  TrialBalance,
  CompanyUpdatePayload,
  FiscalPeriodUnlockPayload,
} from './accounting.types';
import { FiscalPeriod } from './fiscal-period.entity';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import {
  createAccount,
  createEntry,
  createFiscalPeriod,
  findEntry,
  listEntries,
  lockFiscalPeriod,
  unlockFiscalPeriod,
  updateCompany,
  postEntry,
  reverseEntry,
  updateEntry,
} from './journal.service';
import { Journal } from './journal.entity';
import { LandedCost, LandedCostAllocation, LandedCostLine } from './landed-cost.entity';
import { createLandedCost, listLandedCosts } from './landed-cost.service';
import { accountLedger, inventoryValuation, trialBalance } from './reports.service';

@Resolver(() => JournalEntry)
export class JournalEntryResolver {
  @Query(() => [Account], { description: 'The chart of accounts of your company, by code.' })
  accounts(@Ctx() ctx: Context) {
    return ctx.em.find(Account, { company: ctx.companyId }, { orderBy: { code: 'asc' } });
  }

  @Query(() => [Journal], { description: 'The journals of your company.' })
  journals(@Ctx() ctx: Context) {
    return ctx.em.find(Journal, { company: ctx.companyId }, { orderBy: { code: 'asc' } });
  }

  @Query(() => [FiscalPeriod], { description: 'Fiscal periods, by start date.' })
  fiscalPeriods(@Ctx() ctx: Context) {
    return ctx.em.find(FiscalPeriod, { company: ctx.companyId }, { orderBy: { startDate: 'asc' } });
  }

  @Query(() => JournalEntry, { nullable: true, description: 'One journal entry by id.' })
  journalEntry(@Arg('id', () => ID, { description: 'Entry id.' }) id: string, @Ctx() ctx: Context) {
    return findEntry(ctx, id);
  }

  @Query(() => JournalEntryConnection, { description: 'Journal entries, newest first.' })
  journalEntries(
    @Arg('filter', () => JournalEntryFilter, { nullable: true, description: 'Which entries.' })
    filter: JournalEntryFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listEntries(ctx, filter, page).catch(rethrowAsGraphQL);
  }

  @Query(() => TrialBalance, { description: 'Every account with its balance at a moment (posted entries only).' })
  trialBalance(
    @Arg('at', () => Date, { nullable: true, description: 'The moment (default now).' }) at: Date | undefined,
    @Ctx() ctx: Context,
  ) {
    return trialBalance(ctx, at ?? new Date());
  }

  @Query(() => AccountLedger, { description: 'Posted lines of one account, oldest first, with running balance.' })
  accountLedger(
    @Arg('accountCode', { description: 'Account code.' }) accountCode: string,
    @Arg('from', () => Date, { nullable: true, description: 'From this instant (default: the beginning).' })
    from: Date | undefined,
    @Arg('to', () => Date, { nullable: true, description: 'Up to this instant (default now).' }) to: Date | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return accountLedger(ctx, accountCode, from, to, page).catch(rethrowAsGraphQL);
  }

  @Query(() => InventoryValuation, {
    description: 'Quantity and value of the stock per product at a moment, in one warehouse or the whole company.',
  })
  inventoryValuation(
    @Arg('at', () => Date, { nullable: true, description: 'The moment (default now).' }) at: Date | undefined,
    @Arg('warehouseCode', () => String, {
      nullable: true,
      description: 'One warehouse; default the whole company, goods in transit included.',
    })
    warehouseCode: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return inventoryValuation(ctx, at ?? new Date(), warehouseCode).catch(rethrowAsGraphQL);
  }

  @Query(() => LandedCost, { nullable: true, description: 'One landed cost by id.' })
  landedCost(@Arg('id', () => ID, { description: 'Landed cost id.' }) id: string, @Ctx() ctx: Context) {
    return isUuid(id) ? ctx.em.findOne(LandedCost, { id, company: ctx.companyId }) : null;
  }

  @Query(() => LandedCostConnection, { description: 'Landed costs, newest first.' })
  landedCosts(
    @Arg('filter', () => LandedCostFilter, { nullable: true, description: 'Which landed costs.' })
    filter: LandedCostFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listLandedCosts(ctx, filter, page).catch(rethrowAsGraphQL);
  }

  @FieldResolver(() => Journal, { description: 'Its journal.' })
  journal(@Root() entry: JournalEntry, @Ctx() ctx: Context) {
    return ctx.loaders.journalById.load(entry.journal.id);
  }

  @FieldResolver(() => [JournalLine], { description: 'Its lines.' })
  lines(@Root() entry: JournalEntry, @Ctx() ctx: Context) {
    return ctx.loaders.journalLinesByEntryId.load(entry.id);
  }

  @FieldResolver(() => JournalEntry, { nullable: true, description: 'The entry this one reverses.' })
  reversalOf(@Root() entry: JournalEntry, @Ctx() ctx: Context) {
    return entry.reversalOf ? ctx.loaders.journalEntryById.load(entry.reversalOf.id) : null;
  }

  @FieldResolver(() => JournalEntry, { nullable: true, description: 'The entry that reverses this one.' })
  reversedBy(@Root() entry: JournalEntry, @Ctx() ctx: Context) {
    return ctx.loaders.reversalByEntryId.load(entry.id);
  }

  @Mutation(() => JournalEntryCreatePayload, {
    description: 'Create a manual journal entry (a draft, or posted at once with `post`); it must balance.',
  })
  journalEntryCreate(
    @Arg('input', () => JournalEntryCreateInput, { description: 'See JournalEntryCreateInput.' })
    input: JournalEntryCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ journalEntry: await createEntry(tx, input) }), {
      operation: 'journalEntryCreate',
      idempotencyKey: input.idempotencyKey,
      result: { journalEntry: JournalEntry },
    });
  }

  @Mutation(() => JournalEntryUpdatePayload, { description: 'Change a draft entry; a posted one is refused.' })
  journalEntryUpdate(
    @Arg('input', () => JournalEntryUpdateInput, { description: 'See JournalEntryUpdateInput.' })
    input: JournalEntryUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ journalEntry: await updateEntry(tx, input) }));
  }

  @Mutation(() => JournalEntryPostPayload, { description: 'Post a draft entry into the books (an open period).' })
  journalEntryPost(
    @Arg('input', () => JournalEntryPostInput, { description: 'See JournalEntryPostInput.' })
    input: JournalEntryPostInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ journalEntry: await postEntry(tx, input.id) }));
  }

  @Mutation(() => JournalEntryReversePayload, {
    description: 'Cancel a posted entry by posting its mirror image; an entry is reversed at most once.',
  })
  journalEntryReverse(
    @Arg('input', () => JournalEntryReverseInput, { description: 'See JournalEntryReverseInput.' })
    input: JournalEntryReverseInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ reversal: await reverseEntry(tx, input) }), {
      operation: 'journalEntryReverse',
      idempotencyKey: input.idempotencyKey,
      result: { reversal: JournalEntry },
    });
  }

  @Mutation(() => AccountCreatePayload, {
    description: 'Add an account to your chart of accounts, for manual entries (code unique within the company).',
  })
  accountCreate(
    @Arg('input', () => AccountCreateInput, { description: 'See AccountCreateInput.' }) input: AccountCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ account: await createAccount(tx, input) }));
  }

  @Mutation(() => FiscalPeriodCreatePayload, { description: 'Create a fiscal period (dates may not overlap another).' })
  fiscalPeriodCreate(
    @Arg('input', () => FiscalPeriodCreateInput, { description: 'See FiscalPeriodCreateInput.' })
    input: FiscalPeriodCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ fiscalPeriod: await createFiscalPeriod(tx, input) }));
  }

  @Mutation(() => FiscalPeriodLockPayload, {
    description: 'Lock a fiscal period for good: nothing, manual or automatic, can be posted into it afterwards.',
  })
  fiscalPeriodLock(
    @Arg('input', () => FiscalPeriodLockInput, { description: 'See FiscalPeriodLockInput.' })
    input: FiscalPeriodLockInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ fiscalPeriod: await lockFiscalPeriod(tx, input.id) }));
  }

  @Mutation(() => FiscalPeriodUnlockPayload, {
    description:
      'Reopen a locked fiscal period, with a reason; only a controller other than the one who locked it (audited).',
  })
  fiscalPeriodUnlock(
    @Arg('input', () => FiscalPeriodUnlockInput, { description: 'See FiscalPeriodUnlockInput.' })
    input: FiscalPeriodUnlockInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({
      fiscalPeriod: await unlockFiscalPeriod(tx, input.id, input.reason),
    }));
  }

  @Mutation(() => CompanyUpdatePayload, { description: 'Change the settings of the company the books depend on.' })
  companyUpdate(
    @Arg('input', () => CompanyUpdateInput, { description: 'See CompanyUpdateInput.' })
    input: CompanyUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ company: await updateCompany(tx, input) }));
  }

  @Mutation(() => LandedCostCreatePayload, {
    description:
      'Allocate freight, duty or insurance to done receipts: goods still owned are revalued where they are now, goods already gone are expensed.',
  })
  landedCostCreate(
    @Arg('input', () => LandedCostCreateInput, { description: 'See LandedCostCreateInput.' })
    input: LandedCostCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ landedCost: await createLandedCost(tx, input) }), {
      operation: 'landedCostCreate',
      idempotencyKey: input.idempotencyKey,
      result: { landedCost: LandedCost },
    });
  }
}

@Resolver(() => JournalLine)
export class JournalLineResolver {
  @FieldResolver(() => Account, { description: 'The account.' })
  account(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return ctx.loaders.accountById.load(line.account.id);
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product concerned.' })
  product(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return line.product ? ctx.loaders.productById.load(line.product.id) : null;
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: 'The warehouse concerned (null: in transit).' })
  warehouse(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return line.warehouse ? ctx.loaders.warehouseById.load(line.warehouse.id) : null;
  }

  @FieldResolver(() => StockMove, { nullable: true, description: 'The stock move the line values.' })
  stockMove(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return line.stockMove ? ctx.loaders.stockMoveById.load(line.stockMove.id) : null;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'Supplier (or customer) the line concerns.' })
  partner(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return line.partner ? ctx.loaders.partnerById.load(line.partner.id) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the partner the line concerns.' })
  partnerId(@Root() line: JournalLine) {
    return line.partner?.id ?? null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the vendor bill the line books.' })
  billId(@Root() line: JournalLine) {
    return line.bill?.id ?? null;
  }

  @FieldResolver(() => LandedCost, { nullable: true, description: 'The landed cost the line comes from.' })
  landedCost(@Root() line: JournalLine, @Ctx() ctx: Context) {
    return line.landedCost ? ctx.loaders.landedCostById.load(line.landedCost.id) : null;
  }
}

@Resolver(() => LandedCost)
export class LandedCostResolver {
  @FieldResolver(() => [LandedCostLine], { description: 'The costs.' })
  lines(@Root() lc: LandedCost, @Ctx() ctx: Context) {
    return ctx.loaders.landedCostLinesByLandedCostId.load(lc.id);
  }

  @FieldResolver(() => [LandedCostAllocation], { description: 'How the amount was split over the received moves.' })
  allocations(@Root() lc: LandedCost, @Ctx() ctx: Context) {
    return ctx.loaders.allocationsByLandedCostId.load(lc.id);
  }

  @FieldResolver(() => JournalEntry, { nullable: true, description: 'Its journal entry.' })
  entry(@Root() lc: LandedCost, @Ctx() ctx: Context) {
    return lc.entry ? ctx.loaders.journalEntryById.load(lc.entry.id) : null;
  }
}

@Resolver(() => LandedCostAllocation)
export class LandedCostAllocationResolver {
  @FieldResolver(() => StockMove, { description: 'The received move.' })
  stockMove(@Root() a: LandedCostAllocation, @Ctx() ctx: Context) {
    return ctx.loaders.stockMoveById.load(a.stockMove.id);
  }

  @FieldResolver(() => Product, { description: 'Its product.' })
  product(@Root() a: LandedCostAllocation, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(a.product.id);
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: 'Where it was received.' })
  warehouse(@Root() a: LandedCostAllocation, @Ctx() ctx: Context) {
    return a.warehouse ? ctx.loaders.warehouseById.load(a.warehouse.id) : null;
  }
}
