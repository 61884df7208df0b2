import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Decimal, decToString } from '../../db/decimal';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { UserError } from '../../graphql/errors';
import { runMutation } from '../../graphql/mutation';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { Partner } from './partner.entity';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { ReturnCreditStatus, SupplierReturn, SupplierReturnLine, SupplierReturnMove } from './supplier-return.entity';
import { PurchaseOrderReturnInput, SupplierReturnFilter } from './supplier-return.inputs';
import { creditStatusOf, findSupplierReturn, listSupplierReturns, returnToSupplier } from './supplier-return.service';

export const SupplierReturnConnection = ConnectionType(SupplierReturn, 'SupplierReturn');

@ObjectType({ description: 'Result of purchaseOrderReturn.' })
export class PurchaseOrderReturnPayload {
  @Field(() => SupplierReturn, { nullable: true, description: 'The return: what went back, at what cost.' })
  supplierReturn?: SupplierReturn | null;

  @Field(() => PurchaseOrder, {
    nullable: true,
    description: 'The order after the return: its lines received less what went back.',
  })
  purchaseOrder?: PurchaseOrder | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@Resolver(() => SupplierReturn)
export class SupplierReturnResolver {
  @Query(() => SupplierReturnConnection, { description: 'Goods sent back to suppliers, newest first.' })
  supplierReturns(
    @Arg('filter', () => SupplierReturnFilter, { nullable: true, description: 'Which returns.' })
    filter: SupplierReturnFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listSupplierReturns(ctx, filter, page);
  }

  @Query(() => SupplierReturn, { nullable: true, description: 'One supplier return by id.' })
  supplierReturn(@Arg('id', () => ID, { description: 'Supplier return id.' }) id: string, @Ctx() ctx: Context) {
    return findSupplierReturn(ctx, id);
  }

  @FieldResolver(() => PurchaseOrder, { description: 'The order the goods were received on.' })
  purchaseOrder(@Root() ret: SupplierReturn, @Ctx() ctx: Context) {
    return ctx.loaders.purchaseOrderById.load(ret.order.id);
  }

  @FieldResolver(() => Partner, { description: 'The supplier the goods went back to.' })
  supplier(@Root() ret: SupplierReturn, @Ctx() ctx: Context) {
    return ctx.loaders.partnerById.load(ret.supplier.id);
  }

  @FieldResolver(() => [SupplierReturnLine], { description: 'What went back, per order line.' })
  lines(@Root() ret: SupplierReturn, @Ctx() ctx: Context) {
    return ctx.loaders.supplierReturnLinesByReturnId.load(ret.id);
  }

  @FieldResolver(() => ReturnCreditStatus, { description: 'Whether the return waits for a credit note.' })
  async creditStatus(@Root() ret: SupplierReturn, @Ctx() ctx: Context) {
    return creditStatusOf(await ctx.loaders.supplierReturnLinesByReturnId.load(ret.id));
  }

  @Mutation(() => PurchaseOrderReturnPayload, {
    description:
      "Send received goods of a purchase order back to the supplier: they leave at their receipt's cost, the lines' received quantities drop (so they can no longer be billed), and goods already billed wait for a credit note.",
  })
  purchaseOrderReturn(
    @Arg('input', () => PurchaseOrderReturnInput, { description: 'See PurchaseOrderReturnInput.' })
    input: PurchaseOrderReturnInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<PurchaseOrderReturnPayload>(ctx, { input }, (tx) => returnToSupplier(tx, input), {
      operation: 'purchaseOrderReturn',
      idempotencyKey: input.idempotencyKey,
      result: { supplierReturn: SupplierReturn, purchaseOrder: PurchaseOrder },
    });
  }
}

@Resolver(() => SupplierReturnLine)
export class SupplierReturnLineResolver {
  @FieldResolver(() => PurchaseOrderLine, { description: 'The order line the goods were received on.' })
  purchaseLine(@Root() line: SupplierReturnLine, @Ctx() ctx: Context) {
    return ctx.loaders.purchaseOrderLineById.load(line.purchaseLine.id);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  product(@Root() line: SupplierReturnLine, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(line.product.id);
  }

  @FieldResolver(() => [StockMove], {
    description: 'The stock moves that carried the goods to the supplier (one per receipt they came in by).',
  })
  async moves(@Root() line: SupplierReturnLine, @Ctx() ctx: Context) {
    const links = await ctx.em.find(
      SupplierReturnMove,
      { line: line.id, company: ctx.companyId },
      { populate: ['move'], orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return links.map((l) => l.move.getEntity());
  }
}

@Resolver(() => PurchaseOrder)
export class PurchaseOrderReturnsResolver {
  @FieldResolver(() => [SupplierReturn], {
    description: 'Goods of this order sent back to the supplier, oldest first.',
  })
  returns(@Root() order: PurchaseOrder, @Ctx() ctx: Context) {
    return ctx.em.find(
      SupplierReturn,
      { order: order.id, company: ctx.companyId },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }
}

@Resolver(() => PurchaseOrderLine)
export class PurchaseOrderLineReturnsResolver {
  @FieldResolver(() => DecimalScalar, {
    description: 'Sent back to the supplier (purchaseOrderReturn), in the product unit; receivedQuantity is net of it.',
  })
  async returnedQuantity(@Root() line: PurchaseOrderLine, @Ctx() ctx: Context) {
    const rows = await ctx.em.execute<{ returned: string | null }[]>(
      'select sum(product_quantity) as returned from supplier_return_line where purchase_line_id = ? and company_id = ?',
      [line.id, ctx.companyId],
    );
    return decToString(new Decimal(rows[0]?.returned ?? 0));
  }
}
