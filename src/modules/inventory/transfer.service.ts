import { randomBytes } from 'node:crypto';
import { Decimal, decToString } from '../../db/decimal';
import { UserErrorCode, fail } from '../../domain/errors';
import type { ServiceContext } from '../../domain/service-context';
import { ProductTracking } from '../catalog/catalog.enums';
import type { Product } from '../catalog/product.entity';
import { Company } from '../company/company.entity';
import { Disposition, MoveState, TransferState, TransferType } from './inventory.enums';
import type { TransferCreateInput, TransferLineInput, TransferValidateInput } from './inventory.inputs';
import {
  checkTracking,
  prefetchProducts,
  locationIn,
  productFor,
  standardLocation,
  toProductQuantity,
  openingLocation,
  virtualLocation,
  warehouseFor,
} from './inventory.lookup';
import type { Location } from './location.entity';
import { LocationType } from './location-type.enum';
import { forceOf, guardHolds } from './stock-guard';
import { guardSupplierReturn } from './supplier-return-guard';
import { holdCode, pairsTakingPickable, postMoves } from './stock-ledger.service';
import type { StockMove } from './stock-move.entity';
import { buildMove, type MovePiece, piecesOf, splitMove } from './stock-moves';
import { Transfer } from './transfer.entity';
import type { Warehouse } from './warehouse.entity';

const PREFIX: Record<TransferType, string> = {
  [TransferType.RECEIPT]: 'IN',
  [TransferType.DELIVERY]: 'OUT',
  [TransferType.INTERNAL]: 'INT',
  [TransferType.RETURN]: 'RET',
};

/** Readable and unique without a shared counter to lock: WH/OUT/20261122-4F2K9Q. */
export function operationName(warehouseCode: string, prefix: string, at = new Date()): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  return `${warehouseCode}/${prefix}/${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

async function returnDestination(sc: ServiceContext, warehouse: Warehouse, disposition: Disposition | undefined) {
  switch (disposition ?? Disposition.STOCK) {
    case Disposition.STOCK:
      return standardLocation(sc, warehouse, 'Stock');
    case Disposition.DAMAGED:
      return standardLocation(sc, warehouse, 'Damaged');
    case Disposition.SCRAP:
      return virtualLocation(sc, LocationType.SCRAP);
    case Disposition.RETURN_TO_SUPPLIER:
      return virtualLocation(sc, LocationType.SUPPLIER);
  }
}

/** Where the goods of each transfer type come from and go to, unless the caller names locations. */
async function endpoints(
  sc: ServiceContext,
  input: TransferCreateInput,
  warehouse: Warehouse,
  destinationWarehouse: Warehouse | null,
): Promise<{ source: Location; destination: Location; finalDestination: Location | null }> {
  const given = async (id: string | undefined, field: string) =>
    id ? locationIn(sc, id, warehouse, ['input', field]) : undefined;
  const source = await given(input.sourceLocationId, 'sourceLocationId');
  const destination = destinationWarehouse
    ? undefined
    : await given(input.destinationLocationId, 'destinationLocationId');
  const stock = () => standardLocation(sc, warehouse, 'Stock');
  if (input.opening && input.type !== TransferType.RECEIPT) {
    fail(UserErrorCode.INVALID, ['input', 'opening'], 'only a receipt brings in opening stock');
  }
  switch (input.type) {
    case TransferType.RECEIPT:
      if (source) fail(UserErrorCode.INVALID, ['input', 'sourceLocationId'], 'a receipt always comes from Suppliers');
      return {
        source: input.opening ? await openingLocation(sc) : await virtualLocation(sc, LocationType.SUPPLIER),
        destination: destination ?? (await stock()),
        finalDestination: null,
      };
    case TransferType.DELIVERY:
      if (destination)
        fail(UserErrorCode.INVALID, ['input', 'destinationLocationId'], 'a delivery always goes to Customers');
      return {
        source: source ?? (await stock()),
        destination: await virtualLocation(sc, LocationType.CUSTOMER),
        finalDestination: null,
      };
    case TransferType.RETURN:
      if (source) fail(UserErrorCode.INVALID, ['input', 'sourceLocationId'], 'a return always comes from Customers');
      return {
        source: await virtualLocation(sc, LocationType.CUSTOMER),
        destination: destination ?? (await stock()),
        finalDestination: null,
      };
    case TransferType.INTERNAL: {
      if (destinationWarehouse) {
        const finalDestination = input.destinationLocationId
          ? await locationIn(sc, input.destinationLocationId, destinationWarehouse, ['input', 'destinationLocationId'])
          : await standardLocation(sc, destinationWarehouse, 'Stock');
        return {
          source: source ?? (await stock()),
          destination: await virtualLocation(sc, LocationType.TRANSIT),
          finalDestination,
        };
      }
      if (!destination) {
        fail(
          UserErrorCode.INVALID,
          ['input', 'destinationLocationId'],
          'an internal transfer needs destinationLocationId or destinationWarehouseCode',
        );
      }
      const from = source ?? (await stock());
      if (from.id === destination.id) {
        fail(
          UserErrorCode.INVALID,
          ['input', 'destinationLocationId'],
          'destinationLocationId is the same as the source',
        );
      }
      return { source: from, destination, finalDestination: null };
    }
  }
}

export async function createTransfer(sc: ServiceContext, input: TransferCreateInput): Promise<Transfer> {
  const warehouse = await warehouseFor(sc, { code: input.warehouseCode, id: input.warehouseId }, [
    'input',
    'warehouseCode',
  ]);
  let destinationWarehouse: Warehouse | null = null;
  if (input.destinationWarehouseCode) {
    if (input.type !== TransferType.INTERNAL) {
      fail(
        UserErrorCode.INVALID,
        ['input', 'destinationWarehouseCode'],
        'destinationWarehouseCode is only for INTERNAL transfers',
      );
    }
    destinationWarehouse = await warehouseFor(sc, { code: input.destinationWarehouseCode }, [
      'input',
      'destinationWarehouseCode',
    ]);
    if (destinationWarehouse.id === warehouse.id) {
      fail(
        UserErrorCode.INVALID,
        ['input', 'destinationWarehouseCode'],
        'destinationWarehouseCode is the source warehouse',
      );
    }
    if (input.validate) {
      fail(
        UserErrorCode.INVALID,
        ['input', 'validate'],
        'a transfer between warehouses is shipped, then received: use transferShip and transferReceive',
      );
    }
  }
  const { source, destination, finalDestination } = await endpoints(sc, input, warehouse, destinationWarehouse);
  const transfer = sc.em.create(Transfer, {
    company: sc.em.getReference(Company, sc.companyId),
    name: operationName(warehouse.code, PREFIX[input.type]),
    type: input.type,
    state: TransferState.READY,
    warehouse,
    destinationWarehouse,
    source,
    destination: finalDestination ?? destination,
    expectedDate: input.expectedDate ?? null,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
  });
  const force = forceOf(input, ['input']);
  const paths = new Map<StockMove, string[]>();
  const products = await prefetchProducts(sc, input.lines);
  const standard = new Map<string, Location>();
  for (const [index, line] of input.lines.entries()) {
    const path = ['input', 'lines', String(index)];
    const moves = await movesForLine(sc, transfer, line, path, warehouse, source, destination, products, standard);
    for (const move of moves) {
      if (input.reasonCode) move.reasonCode = input.reasonCode;
      paths.set(move, path);
    }
  }
  // Confirmed moves out of pickable stock hold it (`committed`); one beyond what is available
  // waits for stock, flagged short. Validated at once, they take stock like any posting, judged
  // from before they were confirmed (else their own hold would cover them).
  if (!input.validate) {
    await sc.em.flush();
    return transfer;
  }
  const moves = [...paths.keys()];
  const taking = pairsTakingPickable(moves);
  await guardHolds(
    sc,
    taking,
    async () => {
      await sc.em.flush();
      const validation = { transferId: transfer.id, force, reasonCode: input.reasonCode };
      await processTransfer(sc, transfer, 'validate', validation, paths, true);
    },
    {
      codeOf: (pair) => holdCode(moves, pair),
      fieldOf: (pair) => paths.get(taking.find((t) => t.productId === pair.productId)!.move) ?? null,
      force,
    },
  );
  return transfer;
}

async function movesForLine(
  sc: ServiceContext,
  transfer: Transfer,
  line: TransferLineInput,
  path: string[],
  warehouse: Warehouse,
  source: Location,
  defaultDestination: Location,
  products: Map<string, Product>,
  standard: Map<string, Location>,
): Promise<StockMove[]> {
  const product = await productFor(sc, line, path, products);
  const { quantity, uom } = await toProductQuantity(sc, product, line.quantity, line.uomId, path);
  if (line.disposition && transfer.type !== TransferType.RETURN) {
    fail(UserErrorCode.INVALID, [...path, 'disposition'], `${path.join('.')}.disposition is only for RETURN transfers`);
  }
  let destination = defaultDestination;
  if (transfer.type === TransferType.RETURN && line.disposition === Disposition.RETURN_TO_SUPPLIER) {
    await guardSupplierReturn(sc, {
      productId: product.id,
      sku: product.sku,
      warehouseId: warehouse.id,
      warehouseCode: warehouse.code,
      field: [...path, 'disposition'],
    });
  }
  if (transfer.type === TransferType.RETURN) destination = await returnDestination(sc, warehouse, line.disposition);
  if (transfer.type === TransferType.RECEIPT && product.requiresInspection) {
    // Goods that need inspection always wait in quality hold first.
    destination = standard.get('Quality') ?? (await standardLocation(sc, warehouse, 'Quality'));
    standard.set('Quality', destination);
  }
  if (product.tracking === ProductTracking.NONE && (line.lot || line.serials?.length)) {
    fail(
      UserErrorCode.INVALID,
      [...path, 'lot'],
      `${path.join('.')}.lot: ${product.sku} is not tracked by lot or serial`,
    );
  }
  if (product.tracking === ProductTracking.LOT && line.serials?.length) {
    fail(
      UserErrorCode.INVALID,
      [...path, 'serials'],
      `${path.join('.')}.serials: ${product.sku} is tracked by lot, not serial`,
    );
  }
  if (line.unitCost != null && transfer.type !== TransferType.RECEIPT) {
    fail(UserErrorCode.INVALID, [...path, 'unitCost'], `${path.join('.')}.unitCost is only for RECEIPT transfers`);
  }
  // Given per unit of the line's UoM; kept per product unit so valuation never converts again.
  const unitCost =
    line.unitCost != null
      ? new Decimal(line.unitCost).times(line.quantity).div(quantity).toDecimalPlaces(6).toFixed()
      : null;
  const spec = { product, source, destination, transfer, requestedUom: uom, unitCost } as const;
  if (product.tracking === ProductTracking.SERIAL && line.serials?.length) {
    checkSerialList(line.serials, quantity, [...path, 'serials']);
    return line.serials.map((serial) =>
      buildMove(sc, {
        ...spec,
        quantity: new Decimal(1),
        requestedQuantity: '1',
        requestedUom: product.uom,
        lot: serial,
      }),
    );
  }
  if (product.tracking === ProductTracking.SERIAL && line.lot) {
    fail(UserErrorCode.INVALID, [...path, 'lot'], `${path.join('.')}.lot: give serial numbers in serials`);
  }
  return [buildMove(sc, { ...spec, quantity, requestedQuantity: line.quantity, lot: line.lot ?? '' })];
}

function checkSerialList(serials: string[], quantity: Decimal, field: string[]): void {
  if (!quantity.eq(serials.length)) {
    fail(
      UserErrorCode.INVALID,
      field,
      `${field.join('.')}: ${serials.length} serial numbers for a quantity of ${decToString(quantity)}`,
    );
  }
  if (new Set(serials).size !== serials.length) {
    fail(UserErrorCode.INVALID, field, `${field.join('.')}: the same serial number appears twice`);
  }
}

type Mode = 'validate' | 'ship' | 'receive';

/**
 * Loads a transfer for processing, after locking its row: two concurrent validations of one
 * transfer then run one after the other, and the second sees it DONE.
 */
export async function loadTransfer(sc: ServiceContext, id: string): Promise<Transfer> {
  await sc.em.execute('select id from transfer where id = ? and company_id = ? for update', [id, sc.companyId]);
  const transfer = await sc.em.findOne(
    Transfer,
    { id, company: sc.companyId },
    {
      populate: [
        'moves',
        'moves.product',
        'moves.product.uom',
        'moves.source',
        'moves.destination',
        'warehouse',
        'destinationWarehouse',
        'destination',
      ],
    },
  );
  if (!transfer) fail(UserErrorCode.NOT_FOUND, ['input', 'transferId'], `transferId: no transfer ${id}`);
  return transfer;
}

export type TransferAction = Mode | 'cancel';

/**
 * Refuses processing a transfer that another document owns (a purchase order's receipt moves
 * with the order), by throwing a DomainError; the owner itself passes `{ asOwner: true }`.
 */
export type TransferGuard = (sc: ServiceContext, transfer: Transfer, action: TransferAction) => Promise<void>;
const transferGuards: TransferGuard[] = [];

/** Lets a module that owns transfers keep them from being validated or cancelled behind its back. */
export function registerTransferGuard(guard: TransferGuard): void {
  transferGuards.push(guard);
}

export interface ProcessOptions {
  /** The owning document acts: skip the guards. */
  asOwner?: boolean;
}

async function guard(sc: ServiceContext, transfer: Transfer, action: TransferAction, options: ProcessOptions) {
  if (options.asOwner) return;
  for (const check of transferGuards) await check(sc, transfer, action);
}

export async function validateTransfer(
  sc: ServiceContext,
  input: TransferValidateInput,
  mode: Mode,
  options: ProcessOptions = {},
) {
  const transfer = await loadTransfer(sc, input.transferId);
  await guard(sc, transfer, mode, options);
  return processTransfer(sc, transfer, mode, input, new Map());
}

/**
 * Validates, ships or receives a transfer in full or in part: processed quantities become
 * done moves posted by the ledger, the rest goes to a backorder (or is cancelled).
 */
async function processTransfer(
  sc: ServiceContext,
  transfer: Transfer,
  mode: Mode,
  input: TransferValidateInput,
  linePaths: Map<StockMove, string[]>,
  guarded = false,
): Promise<{ transfer: Transfer; backorder: Transfer | null }> {
  assertProcessable(transfer, mode);
  const { done, remainders, paths } = splitForProcessing(sc, transfer, input, linePaths);
  if (done.length === 0)
    fail(UserErrorCode.INVALID, ['input', 'lines'], 'input.lines: nothing to process (every quantity is 0)');
  const force = forceOf(input, ['input']);
  if (input.reasonCode) for (const move of done) move.reasonCode = input.reasonCode;

  await postMoves(sc, done, { fieldOf: (move) => paths.get(move) ?? null, force, guarded });

  const backorder =
    input.createBackorder === false && mode !== 'receive'
      ? cancelRemainders(remainders)
      : backorderRemainders(sc, transfer, remainders);
  if (mode === 'ship') {
    startSecondLeg(sc, transfer, done);
    transfer.state = TransferState.IN_TRANSIT;
  } else {
    transfer.state = TransferState.DONE;
    transfer.doneAt = new Date();
  }
  await sc.em.flush();
  return { transfer, backorder };
}

/** Refuses a transfer not in the state `mode` starts from, or a mode that does not fit where it goes. */
function assertProcessable(transfer: Transfer, mode: Mode): void {
  const interWarehouse = !!transfer.destinationWarehouse;
  const expected: Record<Mode, TransferState> = {
    validate: TransferState.READY,
    ship: TransferState.READY,
    receive: TransferState.IN_TRANSIT,
  };
  if (transfer.state !== expected[mode]) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'transferId'],
      `transfer ${transfer.name} is ${transfer.state}; it cannot be ${mode === 'validate' ? 'validated' : mode === 'ship' ? 'shipped' : 'received'}`,
    );
  }
  if (mode === 'validate' && interWarehouse) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'transferId'],
      `transfer ${transfer.name} goes to another warehouse: use transferShip, then transferReceive`,
    );
  }
  if (mode !== 'validate' && !interWarehouse) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'transferId'],
      `transfer ${transfer.name} stays in one warehouse: use transferValidate`,
    );
  }
}

/**
 * Splits each open move into the pieces processed now (all of it when the input gives no lines;
 * else what its line says, none for a move without a line) and what remains open. Returns the
 * processed moves, the remainders, and the input path each move's errors name.
 */
function splitForProcessing(
  sc: ServiceContext,
  transfer: Transfer,
  input: TransferValidateInput,
  linePaths: Map<StockMove, string[]>,
): { done: StockMove[]; remainders: StockMove[]; paths: Map<StockMove, string[]> } {
  const open = transfer.moves.getItems().filter((m) => m.state === MoveState.CONFIRMED);
  const lines = new Map((input.lines ?? []).map((line, index) => [line.moveId, { line, index }]));
  for (const [moveId, { index }] of lines) {
    if (!open.some((m) => m.id === moveId)) {
      fail(
        UserErrorCode.NOT_FOUND,
        ['input', 'lines', String(index), 'moveId'],
        `input.lines.${index}.moveId: no open move ${moveId} in ${transfer.name}`,
      );
    }
  }
  const done: StockMove[] = [];
  const remainders: StockMove[] = [];
  const paths = new Map(linePaths);
  for (const move of open) {
    const given = lines.get(move.id);
    const path = given ? ['input', 'lines', String(given.index)] : (linePaths.get(move) ?? ['input']);
    const planned = new Decimal(move.quantity);
    const processed = input.lines ? new Decimal(given?.line.quantity ?? 0) : planned;
    if (processed.gt(planned)) {
      fail(
        UserErrorCode.INVALID,
        [...path, 'quantity'],
        `${path.join('.')}.quantity: ${decToString(processed)} is more than the ${decToString(planned)} planned`,
      );
    }
    if (!processed.gt(0)) {
      remainders.push(move); // nothing of it processed: it stays open as a whole
      continue;
    }
    const split = splitMove(sc, transfer, move, processedPieces(move, processed, given?.line, path));
    for (const piece of split.pieces) {
      done.push(piece);
      paths.set(piece, path);
    }
    if (split.remainder) remainders.push(split.remainder);
  }
  return { done, remainders, paths };
}

/**
 * The pieces `processed` of a move makes, checked against its product's tracking: one per serial
 * number (given on the line, or the move's own), or one with the line's lot (or the move's).
 */
function processedPieces(
  move: StockMove,
  processed: Decimal,
  given: { lot?: string; serials?: string[] } | undefined,
  path: string[],
): MovePiece[] {
  const product = move.product.getEntity();
  const lot = given?.lot ?? move.lot;
  if (product.tracking !== ProductTracking.SERIAL) {
    checkTracking(product, processed, lot, path);
    return piecesOf(processed, lot, null);
  }
  const serials = given?.serials ?? (move.lot ? [move.lot] : []);
  if (serials.length === 0)
    fail(UserErrorCode.LOT_REQUIRED, [...path, 'serials'], `${path.join('.')}: ${product.sku} needs serial numbers`);
  checkSerialList(serials, processed, [...path, 'serials']);
  return piecesOf(processed, lot, serials);
}

/** The remainders are not expected any more (createBackorder: false). */
function cancelRemainders(remainders: StockMove[]): null {
  for (const move of remainders) move.state = MoveState.CANCELLED;
  return null;
}

/** A backorder of the transfer for its remainders (none when nothing remains). */
function backorderRemainders(sc: ServiceContext, transfer: Transfer, remainders: StockMove[]): Transfer | null {
  if (remainders.length === 0) return null;
  const backorder = sc.em.create(Transfer, {
    company: transfer.company,
    name: operationName(transfer.warehouse.getEntity().code, PREFIX[transfer.type]),
    type: transfer.type,
    state: transfer.state,
    warehouse: transfer.warehouse,
    destinationWarehouse: transfer.destinationWarehouse ?? null,
    source: transfer.source,
    destination: transfer.destination,
    expectedDate: transfer.expectedDate ?? null,
    referenceDocumentUri: transfer.referenceDocumentUri ?? null,
    backorderOf: transfer,
  });
  for (const move of remainders) {
    move.transfer = sc.em.getReference(Transfer, backorder.id, { wrapped: true });
    move.reference = backorder.name;
  }
  return backorder;
}

/** Second leg of a shipment: the goods now in transit count as incoming (and in transit) at the destination. */
function startSecondLeg(sc: ServiceContext, transfer: Transfer, shipped: StockMove[]): void {
  const finalDestination = transfer.destination.getEntity();
  for (const move of shipped) {
    buildMove(sc, {
      product: move.product.getEntity(),
      quantity: new Decimal(move.quantity),
      requestedQuantity: move.quantity,
      requestedUom: move.product.getEntity().uom,
      source: move.destination.getEntity(),
      destination: finalDestination,
      lot: move.lot,
      transfer,
      expectedDate: transfer.expectedDate ?? null,
    });
  }
}

export async function cancelTransfer(sc: ServiceContext, id: string, options: ProcessOptions = {}): Promise<Transfer> {
  const transfer = await loadTransfer(sc, id);
  await guard(sc, transfer, 'cancel', options);
  if (transfer.state !== TransferState.READY && transfer.state !== TransferState.DRAFT) {
    fail(
      UserErrorCode.INVALID_STATE,
      ['input', 'transferId'],
      `transfer ${transfer.name} is ${transfer.state}; only a transfer not started can be cancelled`,
    );
  }
  for (const move of transfer.moves) move.state = MoveState.CANCELLED;
  transfer.state = TransferState.CANCELLED;
  await sc.em.flush();
  return transfer;
}
