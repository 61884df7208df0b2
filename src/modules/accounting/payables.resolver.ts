import DataLoader from 'dataloader';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { PayloadType } from '../../graphql/payload';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { DecimalScalar } from '../../graphql/scalars';
import { decToString } from '../../db/decimal';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { BillPaymentState } from './accounting.enums';
import { agedPayables } from './aged-payables.service';
import { JournalEntry } from './journal-entry.entity';
import { balanceSheet, profitAndLoss, rangeTrialBalance } from './statements.service';
import {
  AgedPayables,
  BalanceSheet,
  ProfitAndLoss,
  RangeTrialBalance,
  StatementDayArgs,
  StatementPeriodArgs,
} from './statements.types';
import { VendorPayment, VendorPaymentAllocation } from './vendor-payment.entity';
import { VendorPaymentCancelInput, VendorPaymentCreateInput, VendorPaymentFilter } from './vendor-payment.inputs';
import {
  allocationsOfBills,
  type BillBalance,
  billBalances,
  cancelVendorPayment,
  createVendorPayment,
  findVendorPayment,
  listVendorPayments,
  paymentStateOf,
} from './vendor-payment.service';

export const VendorPaymentCancelPayload = PayloadType(
  'VendorPaymentCancel',
  'vendorPayment',
  VendorPayment,
  'The cancelled payment.',
);
export const VendorPaymentConnection = ConnectionType(VendorPayment, 'VendorPayment');
export const VendorPaymentCreatePayload = PayloadType(
  'VendorPaymentCreate',
  'vendorPayment',
  VendorPayment,
  'The posted payment.',
);

/** Per request (per context): one query for the balances of every bill a response shows. */
const balanceLoaders = new WeakMap<object, DataLoader<string, BillBalance>>();
const allocationLoaders = new WeakMap<object, DataLoader<string, VendorPaymentAllocation[]>>();

function balanceOf(ctx: Context, billId: string): Promise<BillBalance> {
  let loader = balanceLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await billBalances(ctx, ids);
      return ids.map((id) => found.get(id)!);
    });
    balanceLoaders.set(ctx.loaders, loader);
  }
  return loader.load(billId);
}

function allocationsOf(ctx: Context, billId: string): Promise<VendorPaymentAllocation[]> {
  let loader = allocationLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await allocationsOfBills(ctx, ids);
      return ids.map((id) => found.filter((a) => a.bill.id === id));
    });
    allocationLoaders.set(ctx.loaders, loader);
  }
  return loader.load(billId);
}

const paymentAllocationLoaders = new WeakMap<object, DataLoader<string, VendorPaymentAllocation[]>>();

function allocationsOfPayment(ctx: Context, paymentId: string): Promise<VendorPaymentAllocation[]> {
  let loader = paymentAllocationLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await ctx.em.find(
        VendorPaymentAllocation,
        { company: ctx.companyId, payment: { $in: [...ids] } },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return ids.map((id) => found.filter((a) => a.payment.id === id));
    });
    paymentAllocationLoaders.set(ctx.loaders, loader);
  }
  return loader.load(paymentId);
}

@Resolver(() => VendorPayment)
export class VendorPaymentResolver {
  @Query(() => VendorPaymentConnection, { description: 'Vendor payments, newest first.' })
  vendorPayments(
    @Arg('filter', () => VendorPaymentFilter, { nullable: true, description: 'Which payments.' })
    filter: VendorPaymentFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listVendorPayments(ctx, filter, page);
  }

  @Query(() => VendorPayment, { nullable: true, description: 'One vendor payment by id.' })
  vendorPayment(@Arg('id', () => ID, { description: 'Payment id.' }) id: string, @Ctx() ctx: Context) {
    return findVendorPayment(ctx, id);
  }

  @Mutation(() => VendorPaymentCreatePayload, {
    description:
      'Pay a supplier from the bank and allocate the payment to its posted bills (in full or in part); posted at once in the bank journal (Dr Accounts payable / Cr Bank), taking the early payment discount of a bill paid in full by its discount date.',
  })
  vendorPaymentCreate(
    @Arg('input', () => VendorPaymentCreateInput, { description: 'See VendorPaymentCreateInput.' })
    input: VendorPaymentCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorPayment: await createVendorPayment(tx, input) }), {
      operation: 'vendorPaymentCreate',
      idempotencyKey: input.idempotencyKey,
      result: { vendorPayment: VendorPayment },
    });
  }

  @Mutation(() => VendorPaymentCancelPayload, {
    description:
      'Cancel a posted payment (CANCELLED): the reversal of its entry is posted in the bank journal and its bills owe again what it settled.',
  })
  vendorPaymentCancel(
    @Arg('input', () => VendorPaymentCancelInput, { description: 'See VendorPaymentCancelInput.' })
    input: VendorPaymentCancelInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ vendorPayment: await cancelVendorPayment(tx, input) }), {
      operation: 'vendorPaymentCancel',
      idempotencyKey: input.idempotencyKey,
      result: { vendorPayment: VendorPayment },
    });
  }

  @FieldResolver(() => Partner, { description: 'The supplier paid.' })
  supplier(@Root() payment: VendorPayment, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(payment.supplier.id);
  }

  @FieldResolver(() => [VendorPaymentAllocation], { description: 'The bills it settles.' })
  allocations(@Root() payment: VendorPayment, @Ctx() ctx: Context) {
    return allocationsOfPayment(ctx, payment.id);
  }

  @FieldResolver(() => JournalEntry, { nullable: true, description: 'Its journal entry in the bank journal.' })
  entry(@Root() payment: VendorPayment, @Ctx() ctx: Context) {
    return payment.entry ? ctx.loaders.journalEntryById.load(payment.entry.id) : null;
  }
}

@Resolver(() => VendorPaymentAllocation)
export class VendorPaymentAllocationResolver {
  @FieldResolver(() => VendorBill, { description: 'The bill.' })
  bill(@Root() allocation: VendorPaymentAllocation, @Ctx() ctx: Context) {
    return ctx.loaders.vendorBillById.load(allocation.bill.id);
  }

  @FieldResolver(() => ID, { description: 'Id of the payment.' })
  paymentId(@Root() allocation: VendorPaymentAllocation) {
    return allocation.payment.id;
  }
}

@Resolver(() => VendorBill)
export class VendorBillSettlementResolver {
  @FieldResolver(() => DecimalScalar, {
    description:
      'What is still owed on it (company currency, read from the payables lines that carry it): its posted amount less payments, early payment discounts and credit notes; 0 once cancelled, and for a bill never posted. A foreign-currency bill is carried at its booked rate: what a settlement clears is its share of the open amount in the bill currency, the rest being the realized exchange difference.',
  })
  async amountResidual(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, bill.id)).residual.toFixed(2);
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      "What is still owed on it in its own currency: its amount less payments (with their discounts) and credit notes in that currency; equals amountResidual for a bill in the company currency. A foreign-currency bill's amountResidual is this open amount carried at the bill's booked rate.",
  })
  async amountResidualCurrency(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return decToString((await balanceOf(ctx, bill.id)).residualCurrency);
  }

  @FieldResolver(() => BillPaymentState, { description: 'NOT_PAID, PARTIAL or PAID.' })
  async paymentState(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return paymentStateOf(bill, await balanceOf(ctx, bill.id));
  }

  @FieldResolver(() => [VendorPaymentAllocation], { description: 'Payments allocated to it, oldest first.' })
  payments(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return allocationsOf(ctx, bill.id);
  }
}

@Resolver()
export class StatementsResolver {
  @Query(() => AgedPayables, {
    description:
      'What is owed to suppliers at the end of a day, by how long past due (current, 1-30, 31-60, 61-90, over 90 days); it adds up to the payables account balance.',
  })
  agedPayables(@Args() { asOf }: StatementDayArgs, @Ctx() ctx: Context) {
    return agedPayables(ctx, asOf).catch(rethrowAsGraphQL);
  }

  @Query(() => ProfitAndLoss, { description: 'Income, expenses and net profit over a range of days.' })
  profitAndLoss(@Args() { from, to }: StatementPeriodArgs, @Ctx() ctx: Context) {
    return profitAndLoss(ctx, from, to).catch(rethrowAsGraphQL);
  }

  @Query(() => BalanceSheet, {
    description: 'Assets, liabilities and equity (with the unclosed earnings) at the end of a day.',
  })
  balanceSheet(@Args() { asOf }: StatementDayArgs, @Ctx() ctx: Context) {
    return balanceSheet(ctx, asOf).catch(rethrowAsGraphQL);
  }

  @Query(() => RangeTrialBalance, {
    description: 'Per account: opening balance, debits, credits and closing balance over a range of days.',
  })
  trialBalanceRange(@Args() { from, to }: StatementPeriodArgs, @Ctx() ctx: Context) {
    return rangeTrialBalance(ctx, from, to).catch(rethrowAsGraphQL);
  }
}
