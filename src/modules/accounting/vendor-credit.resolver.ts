import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { PayloadType } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { VendorCreditNote } from '../purchasing/credit-note.entity';
import { Partner } from '../purchasing/partner.entity';
import { VendorBill } from '../purchasing/vendor-bill.entity';
import { JournalEntry } from './journal-entry.entity';
import { VendorCreditApplication } from './vendor-credit.entity';
import {
  VendorCreditApplicationCancelInput,
  VendorCreditApplicationFilter,
  VendorCreditApplyInput,
  VendorRefundReceiveInput,
} from './vendor-credit.inputs';
import {
  applyVendorCredit,
  cancelVendorCreditApplication,
  listVendorCreditApplications,
  receiveVendorRefund,
} from './vendor-credit.service';
import { VendorPayment } from './vendor-payment.entity';

export const VendorCreditApplyPayload = PayloadType(
  'VendorCreditApply',
  'creditApplication',
  VendorCreditApplication,
  'The posted application of the credit to the bill.',
);
export const VendorRefundReceivePayload = PayloadType(
  'VendorRefundReceive',
  'creditApplication',
  VendorCreditApplication,
  'The posted refund (kind REFUND).',
);
export const VendorCreditApplicationCancelPayload = PayloadType(
  'VendorCreditApplicationCancel',
  'creditApplication',
  VendorCreditApplication,
  'The cancelled application or refund.',
);
export const VendorCreditApplicationConnection = ConnectionType(VendorCreditApplication, 'VendorCreditApplication');

@Resolver(() => VendorCreditApplication)
export class VendorCreditApplicationResolver {
  @Query(() => VendorCreditApplicationConnection, {
    description: 'Supplier credits applied to bills and refunds received, newest first.',
  })
  vendorCreditApplications(
    @Arg('filter', () => VendorCreditApplicationFilter, { nullable: true, description: 'Which ones.' })
    filter: VendorCreditApplicationFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listVendorCreditApplications(ctx, filter, page);
  }

  @Mutation(() => VendorCreditApplyPayload, {
    description:
      "Apply an open supplier credit (a payment's advance, a credit note, an overpaid bill) to an open bill of the same supplier and currency (Odoo's outstanding debits): accounts payable to accounts payable in the general journal, nothing to the bank. The bill's residual drops by the amount.",
  })
  vendorCreditApply(
    @Arg('input', () => VendorCreditApplyInput, { description: 'See VendorCreditApplyInput.' })
    input: VendorCreditApplyInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ creditApplication: await applyVendorCredit(tx, input) }), {
      operation: 'vendorCreditApply',
      idempotencyKey: input.idempotencyKey,
      result: { creditApplication: VendorCreditApplication },
    });
  }

  @Mutation(() => VendorRefundReceivePayload, {
    description:
      'Record a refund the supplier paid into the bank for an open credit: Dr Bank / Cr Accounts payable in the bank journal, clearing the credit by the amount.',
  })
  vendorRefundReceive(
    @Arg('input', () => VendorRefundReceiveInput, { description: 'See VendorRefundReceiveInput.' })
    input: VendorRefundReceiveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ creditApplication: await receiveVendorRefund(tx, input) }), {
      operation: 'vendorRefundReceive',
      idempotencyKey: input.idempotencyKey,
      result: { creditApplication: VendorCreditApplication },
    });
  }

  @Mutation(() => VendorCreditApplicationCancelPayload, {
    description:
      'Cancel a credit application or a refund (CANCELLED) by the reversal of its entry: the bill owes again what it settled and the credit is open again.',
  })
  vendorCreditApplicationCancel(
    @Arg('input', () => VendorCreditApplicationCancelInput, { description: 'See VendorCreditApplicationCancelInput.' })
    input: VendorCreditApplicationCancelInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(
      ctx,
      { input },
      async (tx) => ({ creditApplication: await cancelVendorCreditApplication(tx, input) }),
      {
        operation: 'vendorCreditApplicationCancel',
        idempotencyKey: input.idempotencyKey,
        result: { creditApplication: VendorCreditApplication },
      },
    );
  }

  @FieldResolver(() => Partner, { description: 'The supplier.' })
  supplier(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(a.supplier.id);
  }

  @FieldResolver(() => VendorBill, { nullable: true, description: 'The bill the credit settles (null for a refund).' })
  bill(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return a.bill ? ctx.loaders.vendorBillById.load(a.bill.id) : null;
  }

  @FieldResolver(() => VendorPayment, { nullable: true, description: 'The payment whose advance provides the credit.' })
  sourcePayment(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return a.sourcePayment ? ctx.loaders.vendorPaymentById.load(a.sourcePayment.id) : null;
  }

  @FieldResolver(() => VendorCreditNote, { nullable: true, description: 'The credit note that provides the credit.' })
  sourceCreditNote(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return a.sourceCreditNote ? ctx.loaders.vendorCreditNoteById.load(a.sourceCreditNote.id) : null;
  }

  @FieldResolver(() => VendorBill, {
    nullable: true,
    description: 'The bill credited or paid beyond its amount whose negative residual provides the credit.',
  })
  sourceBill(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return a.sourceBill ? ctx.loaders.vendorBillById.load(a.sourceBill.id) : null;
  }

  @FieldResolver(() => JournalEntry, { nullable: true, description: 'Its journal entry.' })
  entry(@Root() a: VendorCreditApplication, @Ctx() ctx: Context) {
    return a.entry ? ctx.loaders.journalEntryById.load(a.entry.id) : null;
  }
}

@Resolver(() => VendorPayment)
export class VendorPaymentCreditResolver {
  @FieldResolver(() => DecimalScalar, {
    description:
      'What is still open of its advance (unallocated part), in the company currency, read from the payables lines that carry it: less its applications to bills and refunds; 0 once cancelled.',
  })
  async advanceOpen(@Root() payment: VendorPayment, @Ctx() ctx: Context) {
    return (await ctx.loaders.advanceOpenByPaymentId.load(payment.id)).toFixed(2);
  }
}
