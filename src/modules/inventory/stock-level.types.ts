import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';

/** The stock status of one product in one warehouse, computed from quants and open moves (not stored). */
@ObjectType({
  description:
    'Stock figures of one product in one warehouse, each defined once (docs/stock-figures.md) and the same in every query, reservation, delivery and event.',
})
export class StockLevel {
  productId!: string;
  warehouseId!: string;

  @Field(() => DecimalScalar, { description: 'Sum of quants in the internal, quality and damaged locations.' })
  onHand!: string;

  @Field(() => DecimalScalar, {
    description:
      'On hand in sellable locations (Stock and its sellable bins) of an active warehouse: what deliveries and fulfilment can take. Input, Quality, Output and Damaged never count.',
  })
  pickable!: string;

  @Field(() => DecimalScalar, {
    description:
      'pickable - reserved - committed - safetyStock, never below 0: the largest quantity a reservation (without a channel buffer) is accepted for.',
  })
  available!: string;

  @Field(() => DecimalScalar, { description: 'Held by active (or SHORT), unexpired reservations.' })
  reserved!: string;

  @Field(() => DecimalScalar, {
    description:
      'Held by confirmed moves that will take stock out of the pickable locations (deliveries, shipments to another warehouse, moves to Output or Damaged), not done yet.',
  })
  committed!: string;

  @Field(() => DecimalScalar, {
    description:
      'reserved + committed beyond pickable, never below 0: holds that cannot be served from the stock there (after a loss, or a deactivated warehouse). Listed by `stockShortages`.',
  })
  short!: string;

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
      'Confirmed inbound quantity not received yet: open receipts and inbound transfers (includes inTransit), and goods received but not put away yet (confirmed moves from Input or another unsellable location into a sellable one).',
  })
  incoming!: string;

  @Field(() => DecimalScalar, { description: 'Confirmed outbound quantity not done yet.' })
  outgoing!: string;

  @Field(() => DecimalScalar, {
    description: 'onHand + incoming - outgoing - reserved, counting goods awaiting put-away once.',
  })
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

@ObjectType({
  description:
    'A sum kept per product x warehouse for the stock figures (on hand, pickable, committed, incoming...) that differs from its recomputation from quants and confirmed moves.',
})
export class FigureDrift {
  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  @Field({
    description:
      'The kept sum: onHand, qualityHold, damaged, pickable, committed, incoming, putAway, inTransit, outgoing, quants or openMoves.',
  })
  figure!: string;

  @Field(() => DecimalScalar, { description: 'The sum as kept.' })
  recorded!: string;

  @Field(() => DecimalScalar, { description: 'The sum recomputed from quants and confirmed moves.' })
  recomputed!: string;
}

@ObjectType({ description: 'A reservation that gave up stock to a loss accepted with force.' })
export class ShortReservation {
  @Field(() => ID, { description: 'The reservation (state SHORT).' })
  reservationId!: string;

  @Field({ description: "The caller's reference." })
  reference!: string;

  @Field(() => DecimalScalar, { description: 'Quantity its lines lost in this warehouse.' })
  shortQuantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity it still holds in this warehouse.' })
  held!: string;
}

@ObjectType({
  description:
    'A product x warehouse whose holds are not all covered: reservations made SHORT by a loss accepted with force, or reservations and confirmed deliveries beyond the pickable stock (short > 0).',
})
export class StockShortage {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field({ description: 'Product SKU.' })
  sku!: string;

  @Field(() => ID, { description: 'The warehouse.' })
  warehouseId!: string;

  @Field({ description: 'Warehouse code.' })
  warehouseCode!: string;

  @Field(() => DecimalScalar, { description: 'Pickable stock now.' })
  pickable!: string;

  @Field(() => DecimalScalar, { description: 'Held by reservations.' })
  reserved!: string;

  @Field(() => DecimalScalar, { description: 'Held by confirmed deliveries and other outbound moves.' })
  committed!: string;

  @Field(() => DecimalScalar, { description: 'reserved + committed beyond pickable, never below 0.' })
  short!: string;

  @Field(() => [ShortReservation], { description: 'The SHORT reservations of the pair, by reference.' })
  reservations!: ShortReservation[];

  @Field(() => [String], { description: 'Names of the confirmed transfers that commit stock of the pair.' })
  transfers!: string[];
}

@ObjectType({ description: 'Result of rebuilding the quants of a product from its ledger.' })
export class StockReconcileReport {
  @Field({ description: 'The product checked.' })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'The warehouse checked; null for all locations.' })
  warehouseCode!: string | null;

  @Field({
    description:
      'True when every quant equals the sum of its done moves, the total over all locations is 0, every reserved-stock counter equals its reservation lines, every kept stock figure equals its recomputation and no hold is short.',
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

  @Field(() => [FigureDrift], {
    description:
      'Every sum kept for the stock figures (per warehouse) that differs from its recomputation from quants and confirmed moves; empty when ok.',
  })
  figureDifferences!: FigureDrift[];

  @Field(() => [StockShortage], {
    description: 'Every warehouse of the product whose reservations or deliveries are short; empty when ok.',
  })
  shortages!: StockShortage[];
}

@ObjectType({ description: 'Where a quantity of a lot or serial is now.' })
export class LotPosition {
  @Field({ description: 'Full name of the location.' })
  location!: string;

  @Field(() => DecimalScalar, { description: 'Quantity there (negative in virtual locations).' })
  quantity!: string;
}
