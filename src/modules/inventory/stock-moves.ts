import type { Ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import type { ServiceContext } from '../../domain/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import type { Product } from '../catalog/product.entity';
import type { Uom } from '../catalog/uom.entity';
import { Company } from '../company/company.entity';
import { MoveState } from './inventory.enums';
import type { Location } from './location.entity';
import { StockMove } from './stock-move.entity';
import type { Transfer } from './transfer.entity';

// Building moves, and splitting an open move into the pieces processed now and a remainder: one
// home for transfers (transfer.service.ts) and purchase receipts (purchasing/purchase-receipt.service.ts).

export interface MoveSpec {
  product: Product;
  quantity: Decimal;
  requestedQuantity: string;
  requestedUom: Uom | Ref<Uom>;
  source: Location;
  destination: Location;
  lot: string;
  reasonCode?: string | null;
  reference?: string | null;
  referenceDocumentUri?: string | null;
  expectedDate?: Date | null;
  /** Cost per product unit (receipts). */
  unitCost?: string | null;
  transfer?: Transfer | null;
  state?: MoveState;
}

/** Builds a move (not yet flushed) with the warehouses of both ends filled in. */
export function buildMove(sc: ServiceContext, spec: MoveSpec): StockMove {
  return sc.em.create(StockMove, {
    company: sc.em.getReference(Company, sc.companyId),
    product: spec.product,
    quantity: spec.quantity.toFixed(),
    requestedQuantity: spec.requestedQuantity,
    requestedUom: spec.requestedUom,
    source: spec.source,
    destination: spec.destination,
    sourceWarehouse: spec.source.warehouse ?? null,
    destinationWarehouse: spec.destination.warehouse ?? null,
    state: spec.state ?? MoveState.CONFIRMED,
    lot: spec.lot,
    reasonCode: spec.reasonCode ?? null,
    reference: spec.reference ?? spec.transfer?.name ?? null,
    referenceDocumentUri: spec.referenceDocumentUri ?? spec.transfer?.referenceDocumentUri ?? null,
    expectedDate: spec.expectedDate ?? spec.transfer?.expectedDate ?? null,
    unitCost: spec.unitCost ?? null,
    transfer: spec.transfer ?? null,
  });
}

/** A part of a move processed as one: a quantity with its lot (a serial number holds 1). */
export interface MovePiece {
  quantity: Decimal;
  lot: string;
}

/** The pieces a processed quantity makes: one of 1 per serial number when serials are given, else one with its lot. */
export function piecesOf(quantity: Decimal, lot: string, serials: string[] | null): MovePiece[] {
  return serials ? serials.map((serial) => ({ quantity: new Decimal(1), lot: serial })) : [{ quantity, lot }];
}

/**
 * How a move of `planned` splits for the pieces processed now (at least one; checked by the
 * caller: one serial number per unit, a lot where the product needs one): whether the move
 * itself, which becomes the first piece, changes quantity, and what remains open, if anything.
 * The remainder keeps the move's lot only for a lot-tracked product: a serial number is given
 * when it is processed. Pure.
 */
export function splitPlan(
  planned: Decimal,
  pieces: MovePiece[],
  tracking: ProductTracking,
  lot: string,
): { reshape: boolean; rest: MovePiece | null } {
  if (pieces.length === 0) throw new Error('a move splits into one piece at least');
  const rest = pieces.reduce((left, piece) => left.minus(piece.quantity), planned);
  return {
    reshape: !pieces[0].quantity.eq(planned),
    rest: rest.gt(0) ? { quantity: rest, lot: tracking === ProductTracking.LOT ? lot : '' } : null,
  };
}

/**
 * Splits an open move of `transfer` for processing: the move itself becomes the first piece (its
 * requested quantity and unit restated in product units when its quantity changes), each further
 * piece a new move like it, and what is left of its planned quantity a remainder move (see
 * splitPlan). Nothing is flushed.
 */
export function splitMove(
  sc: ServiceContext,
  transfer: Transfer,
  move: StockMove,
  pieces: MovePiece[],
): { pieces: StockMove[]; remainder: StockMove | null } {
  const product = move.product.getEntity();
  const { reshape, rest } = splitPlan(new Decimal(move.quantity), pieces, product.tracking, move.lot);
  const like = (piece: MovePiece) =>
    buildMove(sc, {
      product,
      quantity: piece.quantity,
      requestedQuantity: piece.quantity.toFixed(),
      requestedUom: product.uom,
      source: move.source.getEntity(),
      destination: move.destination.getEntity(),
      lot: piece.lot,
      unitCost: move.unitCost,
      expectedDate: move.expectedDate,
      transfer,
    });
  const moves = pieces.map((piece, i) => {
    if (i > 0) return like(piece);
    move.quantity = piece.quantity.toFixed();
    move.lot = piece.lot;
    if (reshape) {
      move.requestedQuantity = piece.quantity.toFixed();
      move.requestedUom = product.uom;
    }
    return move;
  });
  return { pieces: moves, remainder: rest && like(rest) };
}
