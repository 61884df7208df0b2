import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { Company } from '../modules/company/company.entity';
import { ProductTracking } from '../modules/catalog/catalog.enums';
import { ProductCreateInput } from '../modules/catalog/catalog.inputs';
import { ProductCategory } from '../modules/catalog/product-category.entity';
import { Product } from '../modules/catalog/product.entity';
import { Uom } from '../modules/catalog/uom.entity';
import { TransferType } from '../modules/inventory/inventory.enums';
import { TransferLineInput } from '../modules/inventory/inventory.inputs';
import { createTransfer } from '../modules/inventory/transfer.service';
import { Warehouse } from '../modules/inventory/warehouse.entity';
import { DomainError, DomainErrors } from '../domain/errors';
import { validateArgs } from '../graphql/mutation';
import type { ServiceContext } from '../domain/service-context';

/**
 * Bulk import of products and their opening stock from CSV. Two phases: every row is checked
 * first (the API's own input rules, plus lookups in one query per kind), and only a file without
 * a single error is written, in one transaction: products in batches, stock as receipts through
 * the stock ledger (createTransfer with validate), so quants have their one writer. They are
 * opening receipts: Dr Inventory, Cr Opening balance equity (no supplier will invoice them).
 */
export const IMPORT_COLUMNS = [
  'sku',
  'name',
  'uom',
  'category',
  'barcode',
  'tracking',
  'requires_inspection',
  'warehouse',
  'quantity',
  'lot',
  'unit_cost',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type RawRow = Partial<Record<Column, string>>;

/** Product columns: given on the first row of a SKU; later rows leave them empty or repeat them. */
const PRODUCT_COLUMNS: Column[] = ['name', 'uom', 'category', 'barcode', 'tracking', 'requires_inspection'];

export interface ImportRowError {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  column?: string;
  message: string;
}

export class ImportRejected extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`import rejected: ${errors.length} error(s); nothing was imported`);
    this.name = 'ImportRejected';
  }
}

export interface ImportReport {
  products: number;
  stockRows: number;
  receipts: number;
  seconds: number;
}

export interface ImportOptions {
  /** Stock rows per receipt (one createTransfer each). */
  receiptSize?: number;
  /** Called as the write phase progresses: rows written so far out of the total. */
  onProgress?: (done: number, total: number, phase: 'products' | 'stock') => void;
  /** Recorded on the moves as who did them. */
  actor?: string;
  /** Recorded on the receipts (referenceDocumentUri), e.g. import:products.csv. */
  reference?: string;
}

interface ProductRow {
  line: number;
  input: ProductCreateInput;
}

interface StockRow {
  line: number;
  warehouse: string;
  input: TransferLineInput;
}

const TRUE = ['true', 'yes', '1', 'y'];
const FALSE = ['false', 'no', '0', 'n', ''];
// A syntactically valid UUID standing for a lookup that failed (its own error is reported).
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function parseRows(text: string): { rows: { line: number; raw: RawRow }[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { rows: [], errors: [{ line: e.lines ?? 1, message: `not valid CSV: ${e.message}` }] };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) {
    errors.push({ line: 1, message: `unknown column(s) ${unknown.join(', ')}; expected ${IMPORT_COLUMNS.join(', ')}` });
  }
  if (records.length && !header.includes('sku')) errors.push({ line: 1, message: 'the header has no sku column' });
  return { rows: records.map(({ record, info }) => ({ line: info.lines, raw: record as RawRow })), errors };
}

async function lookups(em: EntityManager, companyId: string) {
  const [uoms, categories, warehouses] = await Promise.all([
    em.find(Uom, { company: companyId }),
    em.find(ProductCategory, { company: companyId }),
    em.find(Warehouse, { company: companyId }),
  ]);
  return {
    uoms: new Map(uoms.map((u) => [u.name.toLowerCase(), u.id])),
    categories: new Map(categories.map((c) => [c.name.toLowerCase(), c.id])),
    warehouses: new Set(warehouses.map((w) => w.code)),
  };
}

/** The class-validator rules of the API input, with field paths turned into CSV column names. */
async function inputErrors(line: number, input: object, columns: Record<string, Column>): Promise<ImportRowError[]> {
  const found = await validateArgs({ input });
  return found.map((e) => {
    const property = e.field?.[1] ?? '';
    return { line, column: columns[property] ?? property, message: e.message.replace(/^input\.[^:]*: /, '') };
  });
}

/** Checks every row; returns the products and stock lines to write, or every error found. */
export async function checkImport(
  em: EntityManager,
  companyId: string,
  text: string,
): Promise<{ products: ProductRow[]; stock: StockRow[]; errors: ImportRowError[] }> {
  const { rows, errors } = parseRows(text);
  if (errors.length) return { products: [], stock: [], errors };
  const known = await lookups(em, companyId);
  // SKUs already in the catalogue may get opening stock, but not be created again.
  const existing = new Map<string, { tracking: ProductTracking; active: boolean }>();
  const fileSkus = [...new Set(rows.map((r) => r.raw.sku).filter((s): s is string => !!s))];
  for (let i = 0; i < fileSkus.length; i += 5000) {
    const found = await em.find(
      Product,
      { company: companyId, sku: { $in: fileSkus.slice(i, i + 5000) } },
      { fields: ['sku', 'tracking', 'active'] },
    );
    for (const p of found) existing.set(p.sku, { tracking: p.tracking, active: p.active });
  }
  const products = new Map<string, { row: ProductRow; raw: RawRow; tracking: ProductTracking }>();
  const barcodes = new Map<string, number>();
  const serials = new Map<string, number>();
  const stock: StockRow[] = [];

  for (const { line, raw } of rows) {
    const at = (column: Column, message: string) => errors.push({ line, column, message });
    const sku = raw.sku ?? '';
    if (!sku) {
      at('sku', 'sku is required');
      continue;
    }
    let product = products.get(sku);
    const stored = existing.get(sku);
    let tracking: ProductTracking;
    if (stored) {
      const given = PRODUCT_COLUMNS.filter((c) => raw[c]);
      if (given.length) {
        at(given[0], `sku ${sku} already exists: leave ${given.join(', ')} empty to import stock only`);
      }
      if (!stored.active) at('sku', `product ${sku} is archived`);
      tracking = stored.tracking;
    } else if (!product) {
      const uomId = known.uoms.get((raw.uom ?? '').toLowerCase());
      if (!raw.uom) at('uom', `uom is required on the first row of ${sku}`);
      else if (!uomId) at('uom', `no unit of measure named "${raw.uom}"`);
      const categoryId = raw.category ? known.categories.get(raw.category.toLowerCase()) : undefined;
      if (raw.category && !categoryId) at('category', `no product category named "${raw.category}"`);
      tracking = (raw.tracking || 'NONE').toUpperCase() as ProductTracking;
      if (!Object.values(ProductTracking).includes(tracking)) {
        at('tracking', `tracking must be NONE, LOT or SERIAL, got "${raw.tracking}"`);
      }
      const inspection = (raw.requires_inspection ?? '').toLowerCase();
      if (![...TRUE, ...FALSE].includes(inspection)) {
        at('requires_inspection', `requires_inspection must be true or false, got "${raw.requires_inspection}"`);
      }
      const input = Object.assign(new ProductCreateInput(), {
        sku,
        name: raw.name ?? '',
        uomId: uomId ?? MISSING_ID,
        categoryId: categoryId ?? undefined,
        barcode: raw.barcode || undefined,
        tracking,
        requiresInspection: TRUE.includes(inspection),
      });
      errors.push(...(await inputErrors(line, input, { sku: 'sku', name: 'name', barcode: 'barcode', uomId: 'uom' })));
      if (input.barcode) {
        const first = barcodes.get(input.barcode);
        if (first) at('barcode', `barcode ${input.barcode} is also on line ${first}`);
        else barcodes.set(input.barcode, line);
      }
      product = { row: { line, input }, raw, tracking };
      products.set(sku, product);
    } else {
      tracking = product.tracking;
      for (const column of PRODUCT_COLUMNS) {
        const value = raw[column];
        if (value && value !== product.raw[column]) {
          at(column, `${column} "${value}" differs from line ${product.row.line} for ${sku}; give it once`);
        }
      }
    }

    if (!raw.warehouse && !raw.quantity) {
      if (raw.lot || raw.unit_cost) at('warehouse', 'lot and unit_cost need a warehouse and a quantity');
      continue;
    }
    if (!raw.warehouse) at('warehouse', 'a row with a quantity needs a warehouse');
    else if (!known.warehouses.has(raw.warehouse)) at('warehouse', `no warehouse with code "${raw.warehouse}"`);
    const lot = raw.lot || undefined;
    if (tracking === ProductTracking.NONE && lot) at('lot', `${sku} is not tracked by lot or serial`);
    if (tracking === ProductTracking.LOT && !lot) at('lot', `${sku} is tracked by lot: give the lot`);
    if (tracking === ProductTracking.SERIAL) {
      if (!lot) at('lot', `${sku} is tracked by serial: give the serial number in lot, one row per unit`);
      else if (raw.quantity !== '1') at('quantity', `${sku} is tracked by serial: the quantity of a serial is 1`);
      else {
        const first = serials.get(`${sku}|${lot}`);
        if (first) at('lot', `serial ${lot} of ${sku} is also on line ${first}`);
        else serials.set(`${sku}|${lot}`, line);
      }
    }
    const input = Object.assign(new TransferLineInput(), {
      sku,
      quantity: raw.quantity ?? '',
      ...(tracking === ProductTracking.SERIAL ? { serials: lot ? [lot] : [] } : { lot }),
      unitCost: raw.unit_cost || undefined,
    });
    errors.push(
      ...(await inputErrors(line, input, { quantity: 'quantity', lot: 'lot', serials: 'lot', unitCost: 'unit_cost' })),
    );
    stock.push({ line, warehouse: raw.warehouse ?? '', input });
  }

  // Barcodes already in the catalogue, in one query per 5,000.
  const codes = [...barcodes.keys()];
  for (let i = 0; i < codes.length; i += 5000) {
    const taken = await em.find(
      Product,
      { company: companyId, barcode: { $in: codes.slice(i, i + 5000) } },
      { fields: ['barcode'] },
    );
    for (const p of taken) {
      errors.push({
        line: barcodes.get(p.barcode!)!,
        column: 'barcode',
        message: `barcode ${p.barcode} already exists`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { products: [...products.values()].map((p) => p.row), stock, errors };
}

/** Checks the whole file, then writes it in one transaction, or throws ImportRejected and writes nothing. */
export async function importCatalog(
  orm: MikroORM,
  companyId: string,
  text: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const checked = await checkImport(orm.em.fork(), companyId, text);
  if (checked.errors.length) throw new ImportRejected(checked.errors);
  const receiptSize = options.receiptSize ?? 500;
  const total = checked.products.length + checked.stock.length;
  let done = 0;
  let receipts = 0;

  await orm.em.fork().transactional(async (em) => {
    const company = em.getReference(Company, companyId);
    for (let i = 0; i < checked.products.length; i += 1000) {
      for (const { input } of checked.products.slice(i, i + 1000)) {
        em.create(Product, {
          company,
          sku: input.sku,
          name: input.name.trim(),
          uom: em.getReference(Uom, input.uomId),
          category: input.categoryId ? em.getReference(ProductCategory, input.categoryId) : null,
          barcode: input.barcode ?? null,
          tracking: input.tracking ?? ProductTracking.NONE,
          requiresInspection: input.requiresInspection ?? false,
        });
      }
      await em.flush();
      em.clear();
      done = Math.min(i + 1000, checked.products.length);
      options.onProgress?.(done, total, 'products');
    }

    const byWarehouse = new Map<string, StockRow[]>();
    for (const row of checked.stock) {
      const list = byWarehouse.get(row.warehouse) ?? [];
      list.push(row);
      byWarehouse.set(row.warehouse, list);
    }
    const sc: ServiceContext = { em: em as EntityManager, companyId, actor: options.actor ?? 'import' };
    for (const [warehouseCode, rows] of byWarehouse) {
      for (let i = 0; i < rows.length; i += receiptSize) {
        const chunk = rows.slice(i, i + receiptSize);
        try {
          await createTransfer(sc, {
            type: TransferType.RECEIPT,
            warehouseCode,
            lines: chunk.map((r) => r.input),
            validate: true,
            referenceDocumentUri: options.reference ?? 'import',
            // Opening stock: valued against opening balance equity, not a supplier's GR/IR.
            opening: true,
          });
        } catch (error) {
          throw rejectedFrom(error, chunk);
        }
        receipts++;
        // The identity map would otherwise hold every move of the file.
        em.clear();
        done += chunk.length;
        options.onProgress?.(done, total, 'stock');
      }
    }
  });
  return {
    products: checked.products.length,
    stockRows: checked.stock.length,
    receipts,
    seconds: (Date.now() - started) / 1000,
  };
}

/** A rule the ledger enforced that the check did not: name the line it came from. */
function rejectedFrom(error: unknown, chunk: StockRow[]): unknown {
  const list = error instanceof DomainErrors ? error.errors : error instanceof DomainError ? [error] : null;
  if (!list) return error;
  return new ImportRejected(
    list.map((e) => {
      const index = e.field?.[0] === 'input' && e.field[1] === 'lines' ? Number(e.field[2]) : NaN;
      return { line: chunk[index]?.line ?? chunk[0].line, message: e.message.replace(/^input\.lines\.\d+[^:]*: /, '') };
    }),
  );
}
