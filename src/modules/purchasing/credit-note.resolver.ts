import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Decimal, decToString } from '../../db/decimal';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { PayloadType } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { CreditNoteExceptionCode, VendorCreditNote, VendorCreditNoteLine } from './credit-note.entity';
import {
  VendorCreditNoteApproveInput,
  VendorCreditNoteCreateInput,
  VendorCreditNoteFilter,
  VendorCreditNoteRejectInput,
} from './credit-note.inputs';
import {
  approveCreditNote,
  createCreditNote,
  creditedAmounts,
  findCreditNote,
  listCreditNotes,
  rejectCreditNote,
} from './credit-note.service';
import { Partner } from './partner.entity';
import { PurchaseOrderLine } from './purchase-order.entity';
import { SupplierReturn } from './supplier-return.entity';
import { VendorBill } from './vendor-bill.entity';

export const VendorCreditNoteConnection = ConnectionType(VendorCreditNote, 'VendorCreditNote');
export const VendorCreditNotePayload = PayloadType(
  'VendorCreditNote',
  'creditNote',
  VendorCreditNote,
  'The vendor credit note.',
);

@ObjectType({ description: 'Why a credit note line failed the reverse three-way match.' })
export class CreditNoteException {
  @Field(() => Int, { description: 'Index of the credit note line (from 0, as given at creation).' })
  lineIndex!: number;

  @Field(() => ID, { description: 'The purchase order line it was matched against.' })
  purchaseLineId!: string;

  @Field(() => CreditNoteExceptionCode, { description: 'What does not match.' })
  code!: CreditNoteExceptionCode;

  @Field({ description: 'The figures that do not match, in words.' })
  message!: string;
}

@Resolver(() => VendorCreditNote)
export class VendorCreditNoteResolver {
  @Query(() => VendorCreditNoteConnection, { description: 'Vendor credit notes, newest first.' })
  vendorCreditNotes(
    @Arg('filter', () => VendorCreditNoteFilter, { nullable: true, description: 'Which credit notes.' })
    filter: VendorCreditNoteFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listCreditNotes(ctx, filter, page);
  }

  @Query(() => VendorCreditNote, { nullable: true, description: 'One vendor credit note by id.' })
  vendorCreditNote(@Arg('id', () => ID, { description: 'Credit note id.' }) id: string, @Ctx() ctx: Context) {
    return findCreditNote(ctx, id);
  }

  @FieldResolver(() => Partner, { description: 'The supplier.' })
  supplier(@Root() note: VendorCreditNote, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(note.supplier.id);
  }

  @FieldResolver(() => VendorBill, { nullable: true, description: 'The bill it credits, if any.' })
  bill(@Root() note: VendorCreditNote, @Ctx() ctx: Context) {
    return note.bill ? ctx.loaders.vendorBillById.load(note.bill.id) : null;
  }

  @FieldResolver(() => SupplierReturn, { nullable: true, description: 'The supplier return it credits, if any.' })
  supplierReturn(@Root() note: VendorCreditNote, @Ctx() ctx: Context) {
    return note.supplierReturn ? ctx.loaders.supplierReturnById.load(note.supplierReturn.id) : null;
  }

  @FieldResolver(() => [VendorCreditNoteLine], { description: 'Credited lines.' })
  lines(@Root() note: VendorCreditNote, @Ctx() ctx: Context) {
    return ctx.loaders.creditNoteLinesByNoteId.load(note.id);
  }

  @FieldResolver(() => [CreditNoteException], { description: 'What failed the reverse match (empty when matched).' })
  exceptions(@Root() note: VendorCreditNote) {
    return note.exceptionList;
  }

  @Mutation(() => VendorCreditNotePayload, {
    description:
      "Enter a supplier's credit note, against a bill or a supplier return; matched in reverse it is posted (Dr payables, Cr GR/IR), otherwise it goes ON_HOLD.",
  })
  vendorCreditNoteCreate(
    @Arg('input', () => VendorCreditNoteCreateInput, { description: 'See VendorCreditNoteCreateInput.' })
    input: VendorCreditNoteCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ creditNote: await createCreditNote(tx, input) }), {
      operation: 'vendorCreditNoteCreate',
      idempotencyKey: input.idempotencyKey,
      result: { creditNote: VendorCreditNote },
    });
  }

  @Mutation(() => VendorCreditNotePayload, {
    description: 'Release a credit note from hold (not by its creator): it is posted.',
  })
  vendorCreditNoteApprove(
    @Arg('input', () => VendorCreditNoteApproveInput, { description: 'See VendorCreditNoteApproveInput.' })
    input: VendorCreditNoteApproveInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ creditNote: await approveCreditNote(tx, input) }), {
      operation: 'vendorCreditNoteApprove',
      idempotencyKey: input.idempotencyKey,
      result: { creditNote: VendorCreditNote },
    });
  }

  @Mutation(() => VendorCreditNotePayload, {
    description: 'Refuse a credit note on hold (REJECTED): nothing is posted; its reference may be entered again.',
  })
  vendorCreditNoteReject(
    @Arg('input', () => VendorCreditNoteRejectInput, { description: 'See VendorCreditNoteRejectInput.' })
    input: VendorCreditNoteRejectInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ creditNote: await rejectCreditNote(tx, input) }), {
      operation: 'vendorCreditNoteReject',
      idempotencyKey: input.idempotencyKey,
      result: { creditNote: VendorCreditNote },
    });
  }
}

@Resolver(() => VendorCreditNoteLine)
export class VendorCreditNoteLineResolver {
  @FieldResolver(() => PurchaseOrderLine, { description: 'The order line it credits.' })
  purchaseLine(@Root() line: VendorCreditNoteLine, @Ctx() ctx: Context) {
    return ctx.loaders.purchaseOrderLineById.load(line.purchaseLine.id);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: VendorCreditNoteLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }
}

@Resolver(() => VendorBill)
export class VendorBillCreditsResolver {
  @FieldResolver(() => DecimalScalar, {
    description: 'Credited by posted credit notes against this bill: lowers what is due on it.',
  })
  async amountCredited(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return decToString((await creditedAmounts(ctx, [bill.id])).get(bill.id) ?? new Decimal(0));
  }

  @FieldResolver(() => [VendorCreditNote], { description: 'Credit notes entered against this bill, oldest first.' })
  creditNotes(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return ctx.em.find(
      VendorCreditNote,
      { bill: bill.id, company: ctx.companyId },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }
}
