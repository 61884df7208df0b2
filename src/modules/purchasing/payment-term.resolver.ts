import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { PayloadType } from '../../graphql/payload';
import { Partner } from './partner.entity';
import { PaymentTerm } from './payment-term.entity';
import { PaymentTermCreateInput } from './payment-term.inputs';
import { createPaymentTerm, listPaymentTerms } from './payment-term.service';
import { BillInstallment, VendorBill } from './vendor-bill.entity';

export const PaymentTermCreatePayload = PayloadType(
  'PaymentTermCreate',
  'paymentTerm',
  PaymentTerm,
  'The created payment term.',
);

@Resolver(() => PaymentTerm)
export class PaymentTermResolver {
  @Query(() => [PaymentTerm], { description: 'The payment terms of your company, by code.' })
  paymentTerms(@Ctx() ctx: Context) {
    return listPaymentTerms(ctx);
  }

  @Mutation(() => PaymentTermCreatePayload, {
    description: 'Create a payment term (installments and an optional early payment discount) for suppliers and bills.',
  })
  paymentTermCreate(
    @Arg('input', () => PaymentTermCreateInput, { description: 'See PaymentTermCreateInput.' })
    input: PaymentTermCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ paymentTerm: await createPaymentTerm(tx, input) }));
  }
}

@Resolver(() => Partner)
export class PartnerPaymentTermResolver {
  @FieldResolver(() => PaymentTerm, { nullable: true, description: 'Default payment term of its bills.' })
  paymentTerm(@Root() partner: Partner, @Ctx() ctx: Context) {
    return partner.paymentTerm ? ctx.em.findOne(PaymentTerm, { id: partner.paymentTerm.id }) : null;
  }
}

@Resolver(() => VendorBill)
export class BillPaymentTermResolver {
  @FieldResolver(() => PaymentTerm, { nullable: true, description: 'Its payment term (none: due on its date).' })
  paymentTerm(@Root() bill: VendorBill, @Ctx() ctx: Context) {
    return bill.paymentTerm ? ctx.em.findOne(PaymentTerm, { id: bill.paymentTerm.id }) : null;
  }

  @FieldResolver(() => [BillInstallment], {
    description: 'What is due when, from its date and payment term; set when it is posted (empty until then).',
  })
  installments(@Root() bill: VendorBill): BillInstallment[] {
    return bill.installments ?? [];
  }
}
