import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Transfer } from '../inventory/transfer.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Partner } from './partner.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { ProposalKind } from './purchasing.enums';
import { ReorderRule } from './reorder-rule.entity';

export const ReorderRuleSetPayload = PayloadType('ReorderRuleSet', 'reorderRule', ReorderRule, 'The rule as stored.');

@ObjectType({ description: 'What replenishment proposes for one product in one warehouse.' })
export class ReplenishmentProposal {
  @Field(() => ProposalKind, { description: 'Transfer, purchase, or nothing found.' })
  kind!: ProposalKind;

  @Field(() => Product, { description: 'The product.' })
  product!: Product;

  @Field(() => Warehouse, { description: 'The warehouse below its min.' })
  warehouse!: Warehouse;

  @Field(() => DecimalScalar, { description: 'Its forecast (with open proposals) before this proposal.' })
  forecast!: string;

  @Field(() => DecimalScalar, { description: "The rule's min." })
  minQuantity!: string;

  @Field(() => DecimalScalar, { description: "The rule's max." })
  maxQuantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity proposed, in the product unit (after rounding).' })
  quantity!: string;

  @Field(() => Warehouse, { nullable: true, description: 'TRANSFER: the warehouse sending its surplus.' })
  sourceWarehouse!: Warehouse | null;

  @Field(() => Transfer, { nullable: true, description: 'TRANSFER: the transfer (ready to ship, or to cancel).' })
  transfer!: Transfer | null;

  @Field(() => PurchaseOrder, { nullable: true, description: 'PURCHASE: the draft order the line is on.' })
  purchaseOrder!: PurchaseOrder | null;

  @Field(() => Partner, { nullable: true, description: 'PURCHASE: the supplier.' })
  supplier!: Partner | null;
}

@ObjectType({ description: 'Result of replenishmentRun.' })
export class ReplenishmentRunPayload {
  @Field(() => [ReplenishmentProposal], {
    description: 'Every proposal made by this run (none: nothing was below its min).',
  })
  proposals!: ReplenishmentProposal[];

  @Field(() => [Transfer], { description: 'Transfers between warehouses created by this run.' })
  transfers!: Transfer[];

  @Field(() => [PurchaseOrder], { description: 'Draft purchase orders created or extended by this run.' })
  purchaseOrders!: PurchaseOrder[];

  @Field(() => Boolean, {
    description:
      'True when this answers a replay of an earlier run with the same idempotencyKey: nothing was done again, and the lists are empty.',
  })
  replayed!: boolean;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'How a supplier kept its promises over the orders confirmed in a period.' })
export class SupplierPerformance {
  @Field(() => Partner, { description: 'The supplier.' })
  supplier!: Partner;

  @Field(() => Date, { description: 'Start of the period (orders confirmed from then).' })
  from!: Date;

  @Field(() => Date, { description: 'End of the period.' })
  to!: Date;

  @Field(() => Int, { description: 'Orders confirmed in the period (cancelled ones aside).' })
  orders!: number;

  @Field(() => Int, { description: 'Their lines.' })
  lines!: number;

  @Field(() => Int, { description: 'Deliveries: receipts of a line (one per line and receipt transfer).' })
  deliveries!: number;

  @Field(() => Int, { description: 'Deliveries that arrived no later than the day promised at confirmation.' })
  onTimeDeliveries!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'onTimeDeliveries / deliveries (0 to 1); null without deliveries.',
  })
  onTimeRate!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Average days from confirmation to arrival, over deliveries; null without deliveries.',
  })
  averageLeadTimeDays!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Average days from confirmation to the promised date, over the same deliveries.',
  })
  promisedLeadTimeDays!: string | null;

  @Field(() => DecimalScalar, { description: 'Ordered, in product units.' })
  orderedQuantity!: string;

  @Field(() => DecimalScalar, { description: 'Received, in product units.' })
  receivedQuantity!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'receivedQuantity / orderedQuantity (0 to 1, above with over-receipts).',
  })
  fillRate!: string | null;
}
