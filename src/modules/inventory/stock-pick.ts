import { ref } from '@mikro-orm/core';
import { Decimal } from '../../db/decimal';
import { queryRows } from '../../db/sql';
import type { ServiceContext } from '../../domain/service-context';
import { Location } from './location.entity';
import { ON_HAND_TYPES } from './location-type.enum';
import { StockMove } from './stock-move.entity';
import { PICK_QUANTS } from './sql/pick-quants';

/**
 * The removal order (docs/stock-figures.md): a move out of a location takes the goods from that
 * location and the locations below it of the same kind (Stock and its sellable bins, Input and
 * its bins), oldest quant first (FIFO by when the stock arrived there; FEFO once lots carry
 * expiry dates), as Odoo reserves from the child locations of a picking's source. A move whose
 * stock sits in several of them is split into one move per location; what the tree cannot cover
 * stays on the move's own location, where the ledger refuses it.
 * Returns the moves to post (the originals, and the pieces split off them) and, for each piece,
 * the move it was split from.
 */
export async function pickSources(
  sc: ServiceContext,
  moves: StockMove[],
): Promise<{ moves: StockMove[]; splitFrom: Map<StockMove, StockMove> }> {
  const splitFrom = new Map<StockMove, StockMove>();
  const picking = moves.filter((m) => ON_HAND_TYPES.includes(m.source.getEntity().type));
  if (picking.length === 0) return { moves, splitFrom };
  const rows = await queryRows<{ i: number; location_id: string; quantity: string }>(sc.em, PICK_QUANTS, [
    picking.map((_, i) => i),
    picking.map((m) => m.product.id),
    picking.map((m) => m.source.id),
    picking.map((m) => m.lot),
  ]);
  // Several moves of one product may draw on the same quants: what one takes, the next cannot.
  const left = new Map<string, Decimal>();
  const stockOf = (productId: string, lot: string, locationId: string, quantity: string) => {
    const key = `${productId}|${lot}|${locationId}`;
    if (!left.has(key)) left.set(key, new Decimal(quantity));
    return key;
  };
  const pieces = new Map<StockMove, { locationId: string; quantity: Decimal }[]>();
  for (const [i, move] of picking.entries()) {
    let wanted = new Decimal(move.quantity);
    const taken: { locationId: string; quantity: Decimal }[] = [];
    for (const row of rows.filter((r) => r.i === i)) {
      if (wanted.isZero()) break;
      const key = stockOf(move.product.id, move.lot, row.location_id, row.quantity);
      const take = Decimal.min(wanted, left.get(key)!);
      if (!take.gt(0)) continue;
      left.set(key, left.get(key)!.minus(take));
      taken.push({ locationId: row.location_id, quantity: take });
      wanted = wanted.minus(take);
    }
    if (wanted.gt(0)) taken.push({ locationId: move.source.id, quantity: wanted });
    pieces.set(move, mergeByLocation(taken));
  }
  const ids = [...new Set([...pieces.values()].flatMap((p) => p.map((x) => x.locationId)))];
  const locations = new Map((await sc.em.find(Location, { id: { $in: ids } })).map((l) => [l.id, l]));
  const result: StockMove[] = [];
  for (const move of moves) {
    result.push(move);
    const taken = pieces.get(move);
    if (!taken || (taken.length === 1 && taken[0].locationId === move.source.id)) continue;
    const product = move.product.getEntity();
    taken.forEach((piece, n) => {
      const source = locations.get(piece.locationId)!;
      if (n === 0) {
        move.source = ref(source);
        move.quantity = piece.quantity.toFixed();
        move.requestedQuantity = piece.quantity.toFixed();
        move.requestedUom = product.uom;
        return;
      }
      const split = sc.em.create(StockMove, {
        company: move.company,
        product: move.product,
        quantity: piece.quantity.toFixed(),
        requestedQuantity: piece.quantity.toFixed(),
        requestedUom: product.uom,
        source,
        destination: move.destination,
        sourceWarehouse: move.sourceWarehouse ?? null,
        destinationWarehouse: move.destinationWarehouse ?? null,
        state: move.state,
        lot: move.lot,
        reasonCode: move.reasonCode ?? null,
        reference: move.reference ?? null,
        referenceDocumentUri: move.referenceDocumentUri ?? null,
        expectedDate: move.expectedDate ?? null,
        unitCost: move.unitCost ?? null,
        transfer: move.transfer ?? null,
        originMove: move.originMove ?? null,
      });
      splitFrom.set(split, move);
      result.push(split);
    });
  }
  return { moves: result, splitFrom };
}

function mergeByLocation(taken: { locationId: string; quantity: Decimal }[]) {
  const merged = new Map<string, Decimal>();
  for (const t of taken) merged.set(t.locationId, (merged.get(t.locationId) ?? new Decimal(0)).plus(t.quantity));
  return [...merged.entries()].map(([locationId, quantity]) => ({ locationId, quantity }));
}
