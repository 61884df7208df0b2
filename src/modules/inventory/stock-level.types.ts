import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';

/** The stock status of one product in one warehouse, computed from quants and open moves (not stored). */
@ObjectType({ description: 'Stock figures of one product in one warehouse, as DOMAIN.md defines them.' })
export class StockLevel {
  productId!: string;
  warehouseId!: string;

  @Field(() => DecimalScalar, { description: 'Sum of quants in the internal, quality and damaged locations.' })
  onHand!: string;

  @Field(() => DecimalScalar, {
    description: 'onHand - qualityHold - damaged - reserved - safetyStock, never below 0.',
  })
  available!: string;

  @Field(() => DecimalScalar, { description: 'Held by active, unexpired reservations.' })
  reserved!: string;

  @Field(() => DecimalScalar, { description: 'On hand in quality locations, waiting for release.' })
  qualityHold!: string;

  @Field(() => DecimalScalar, { description: 'On hand in damaged (unsellable) locations.' })
  damaged!: string;

  @Field(() => DecimalScalar, { description: 'Quantity kept back from sale.' })
  safetyStock!: string;

  @Field(() => DecimalScalar, { description: 'Shipped from another warehouse towards this one, not received yet.' })
  inTransit!: string;

  @Field(() => DecimalScalar, {
    description:
      'Confirmed inbound quantity not received yet: open receipts and inbound transfers (includes inTransit).',
  })
  incoming!: string;

  @Field(() => DecimalScalar, { description: 'Confirmed outbound quantity not done yet.' })
  outgoing!: string;

  @Field(() => DecimalScalar, { description: 'onHand + incoming - outgoing - reserved.' })
  forecast!: string;
}

@ObjectType({ description: 'A quant whose recorded quantity differs from the sum of its done moves.' })
export class QuantDrift {
  @Field({ description: 'Full name of the location.' })
  location!: string;

  @Field(() => String, { nullable: true, description: 'Lot or serial; null when untracked.' })
  lot!: string | null;

  @Field(() => DecimalScalar, { description: 'Quantity recorded on the quant.' })
  recorded!: string;

  @Field(() => DecimalScalar, { description: 'Quantity rebuilt from the done moves.' })
  fromMoves!: string;
}

@ObjectType({ description: 'A reserved-stock counter that differs from the active reservation lines it sums.' })
export class ReservedDrift {
  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Reserved quantity as recorded in the counter.' })
  recorded!: string;

  @Field(() => DecimalScalar, { description: 'Open quantity of the active reservation lines (lapsed or not).' })
  fromLines!: string;
}

@ObjectType({ description: 'Result of rebuilding the quants of a product from its ledger.' })
export class StockReconcileReport {
  @Field({ description: 'The product checked.' })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'The warehouse checked; null for all locations.' })
  warehouseCode!: string | null;

  @Field({
    description:
      'True when every quant equals the sum of its done moves, the total over all locations is 0 and every reserved-stock counter equals its reservation lines.',
  })
  ok!: boolean;

  @Field(() => [QuantDrift], { description: 'Every quant that differs from its moves; empty when ok.' })
  differences!: QuantDrift[];

  @Field(() => DecimalScalar, { description: 'Sum of the quants over every location of the company (must be 0).' })
  totalOverAllLocations!: string;

  @Field(() => [ReservedDrift], {
    description:
      'Every reserved-stock counter (per warehouse) that differs from its active reservation lines; empty when ok.',
  })
  reservedDifferences!: ReservedDrift[];
}

@ObjectType({ description: 'Where a quantity of a lot or serial is now.' })
export class LotPosition {
  @Field({ description: 'Full name of the location.' })
  location!: string;

  @Field(() => DecimalScalar, { description: 'Quantity there (negative in virtual locations).' })
  quantity!: string;
}
