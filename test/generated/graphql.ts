/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a string, e.g. "12.5" (up to 20 digits before the point and 6 after). Never a float. */
  Decimal: { input: string; output: string; }
};

/** Postal address. */
export type Address = {
  __typename?: 'Address';
  /** City. */
  city: Maybe<Scalars['String']['output']>;
  /** ISO 3166-1 alpha-2 country code. */
  country: Maybe<Scalars['String']['output']>;
  /** Postal code. */
  postalCode: Maybe<Scalars['String']['output']>;
  /** Street and number. */
  street: Maybe<Scalars['String']['output']>;
};

/** Postal address; omitted parts stay empty. */
export type AddressInput = {
  /** City (at most 100 characters). */
  city?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-2 country code, e.g. "FR". */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Postal code (at most 20 characters). */
  postalCode?: InputMaybe<Scalars['String']['input']>;
  /** Street and number (at most 200 characters). */
  street?: InputMaybe<Scalars['String']['input']>;
};

/** How the cost of outbound stock is computed. */
export type CostingMethod =
  /** Running weighted average cost. */
  | 'AVERAGE'
  /** First in, first out valuation layers. */
  | 'FIFO';

/** A place stock can be in: a node of a warehouse tree, or a virtual location of the company. */
export type Location = {
  __typename?: 'Location';
  /** Inactive locations take no new stock. */
  active: Scalars['Boolean']['output'];
  /** Scannable barcode, unique within the company. */
  barcode: Maybe<Scalars['String']['output']>;
  /** Direct children in the tree, by name. */
  children: Array<Location>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Path from the warehouse root, e.g. "WH1/Stock/Shelf A"; unique within the company. */
  fullName: Scalars['String']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Name within its parent, e.g. "Stock". */
  name: Scalars['String']['output'];
  /** Parent in the tree; null at the top. */
  parent: Maybe<Location>;
  /** Whether stock here may be sold (only internal locations can be sellable). */
  sellable: Scalars['Boolean']['output'];
  /** What the location is for. */
  type: LocationType;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Warehouse of the location; null for virtual ones. */
  warehouse: Maybe<Warehouse>;
};

/** A new location inside a warehouse tree. */
export type LocationCreateInput = {
  /** Scannable barcode, unique within the company. */
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** Name within the parent (1-100 characters, no "/"). */
  name: Scalars['String']['input'];
  /** Parent location; the new location belongs to the same warehouse. */
  parentId: Scalars['ID']['input'];
  /** Whether its stock may be sold (INTERNAL only; default true for INTERNAL). */
  sellable?: InputMaybe<Scalars['Boolean']['input']>;
  /** VIEW, INTERNAL, QUALITY or DAMAGED; the others are system locations. */
  type: LocationType;
};

/** Result of locationCreate. */
export type LocationCreatePayload = {
  __typename?: 'LocationCreatePayload';
  /** The created location. */
  location: Maybe<Location>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** What a location is for, which decides whether its stock counts as on hand. */
export type LocationType =
  /** Virtual: where delivered goods go. */
  | 'CUSTOMER'
  /** Damaged goods: on hand, never sellable. */
  | 'DAMAGED'
  /** Physical storage; counts as on hand (sellable or not, see `sellable`). */
  | 'INTERNAL'
  /** Virtual: counterpart of adjustments and count variances. */
  | 'INVENTORY_LOSS'
  /** Quality hold: on hand, not sellable until released. */
  | 'QUALITY'
  /** Virtual: destroyed goods. */
  | 'SCRAP'
  /** Virtual: where received goods come from. */
  | 'SUPPLIER'
  /** Goods travelling between warehouses. */
  | 'TRANSIT'
  /** A grouping node of the tree (the warehouse root); holds no stock itself. */
  | 'VIEW';

export type Mutation = {
  __typename?: 'Mutation';
  /** Create a location under another one of a warehouse. */
  locationCreate: LocationCreatePayload;
  /** Archive a product: it keeps its history but takes no new operations. */
  productArchive: ProductArchivePayload;
  /** Create a product category. */
  productCategoryCreate: ProductCategoryCreatePayload;
  /** Create a product. */
  productCreate: ProductCreatePayload;
  /** Change a product; pass `version` to refuse stale edits. */
  productUpdate: ProductUpdatePayload;
  /** Create a unit of measure category. */
  uomCategoryCreate: UomCategoryCreatePayload;
  /** Create a unit of measure in a category. */
  uomCreate: UomCreatePayload;
  /** Create a warehouse with its standard locations. */
  warehouseCreate: WarehouseCreatePayload;
  /** Change a warehouse. */
  warehouseUpdate: WarehouseUpdatePayload;
};


export type MutationLocationCreateArgs = {
  input: LocationCreateInput;
};


export type MutationProductArchiveArgs = {
  id: Scalars['ID']['input'];
};


export type MutationProductCategoryCreateArgs = {
  input: ProductCategoryCreateInput;
};


export type MutationProductCreateArgs = {
  input: ProductCreateInput;
};


export type MutationProductUpdateArgs = {
  input: ProductUpdateInput;
};


export type MutationUomCategoryCreateArgs = {
  input: UomCategoryCreateInput;
};


export type MutationUomCreateArgs = {
  input: UomCreateInput;
};


export type MutationWarehouseCreateArgs = {
  input: WarehouseCreateInput;
};


export type MutationWarehouseUpdateArgs = {
  input: WarehouseUpdateInput;
};

/** Relay pagination state of a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge; pass it as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether more items follow the last edge. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether items precede the first edge. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, null when the page is empty. */
  startCursor: Maybe<Scalars['String']['output']>;
};

/** Something the company stocks and sells, identified by its SKU. */
export type Product = {
  __typename?: 'Product';
  /** Archived products keep their history but cannot be used in new operations. */
  active: Scalars['Boolean']['output'];
  /** EAN/UPC or internal barcode, unique within the company. */
  barcode: Maybe<Scalars['String']['output']>;
  /** Product category. */
  category: Maybe<ProductCategory>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Receipts of this product land in quality hold until released. */
  requiresInspection: Scalars['Boolean']['output'];
  /** Stock keeping unit, unique within the company. */
  sku: Scalars['String']['output'];
  /** Whether moves carry lot or serial numbers. */
  tracking: ProductTracking;
  /** Unit of measure its stock is kept in. */
  uom: Uom;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Optimistic lock: pass it back to productUpdate to detect concurrent edits. */
  version: Scalars['Int']['output'];
};

/** Result of productArchive. */
export type ProductArchivePayload = {
  __typename?: 'ProductArchivePayload';
  /** The archived product. */
  product: Maybe<Product>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** A grouping of products; it also sets their default costing method. */
export type ProductCategory = {
  __typename?: 'ProductCategory';
  /** Costing method of the products in this category. */
  costingMethod: CostingMethod;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Name of the category. */
  name: Scalars['String']['output'];
  /** Parent category. */
  parent: Maybe<ProductCategory>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A new product category. */
export type ProductCategoryCreateInput = {
  /** Costing method of its products (default FIFO). */
  costingMethod?: InputMaybe<CostingMethod>;
  /** Name, unique within the company (1-100 characters). */
  name: Scalars['String']['input'];
  /** Parent category. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
};

/** Result of productCategoryCreate. */
export type ProductCategoryCreatePayload = {
  __typename?: 'ProductCategoryCreatePayload';
  /** The created product category. */
  productCategory: Maybe<ProductCategory>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** A page of Product records (Relay connection). */
export type ProductConnection = {
  __typename?: 'ProductConnection';
  /** The items of this page. */
  edges: Array<ProductEdge>;
  /** Where this page sits in the whole list. */
  pageInfo: PageInfo;
  /** Number of items matching the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A new product. */
export type ProductCreateInput = {
  /** Barcode, unique within the company (1-64 characters). */
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** Product category. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Display name (1-200 characters). */
  name: Scalars['String']['input'];
  /** Receipts go to quality hold first (default false). */
  requiresInspection?: InputMaybe<Scalars['Boolean']['input']>;
  /** SKU, unique within the company (1-64 characters, no spaces). */
  sku: Scalars['String']['input'];
  /** Lot or serial tracking (default NONE). */
  tracking?: InputMaybe<ProductTracking>;
  /** Unit of measure stock of this product is kept in. */
  uomId: Scalars['ID']['input'];
};

/** Result of productCreate. */
export type ProductCreatePayload = {
  __typename?: 'ProductCreatePayload';
  /** The created product. */
  product: Maybe<Product>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** One Product in a page, with its cursor. */
export type ProductEdge = {
  __typename?: 'ProductEdge';
  /** Opaque cursor of this edge. */
  cursor: Scalars['String']['output'];
  /** The Product. */
  node: Product;
};

/** Which products to list. */
export type ProductFilter = {
  /** Only active (true) or archived (false) products; both when omitted. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only products of this category. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Case-insensitive text found in the SKU, name or barcode. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only these SKUs. */
  skus?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** How individual units of a product are traced through the ledger. */
export type ProductTracking =
  /** Every move names a lot (batch) number. */
  | 'LOT'
  /** Quantities only. */
  | 'NONE'
  /** Every unit has its own serial number; a serial holds quantity 1. */
  | 'SERIAL';

/** Changes to a product; omitted fields keep their value. */
export type ProductUpdateInput = {
  /** Reactivate (true) or archive (false) the product. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** New barcode. */
  barcode?: InputMaybe<Scalars['String']['input']>;
  /** New category. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** The product to change. */
  id: Scalars['ID']['input'];
  /** New name (1-200 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Whether receipts go to quality hold. */
  requiresInspection?: InputMaybe<Scalars['Boolean']['input']>;
  /** New SKU (1-64 characters, no spaces). */
  sku?: InputMaybe<Scalars['String']['input']>;
  /** New tracking mode. */
  tracking?: InputMaybe<ProductTracking>;
  /** New unit of measure; must be in the same category as the current one. */
  uomId?: InputMaybe<Scalars['ID']['input']>;
  /** The version you read; when given and stale, the update is refused with CONFLICT. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** Result of productUpdate. */
export type ProductUpdatePayload = {
  __typename?: 'ProductUpdatePayload';
  /** The product as changed. */
  product: Maybe<Product>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

export type Query = {
  __typename?: 'Query';
  /** One location by id; null when none matches. */
  location: Maybe<Location>;
  /** One product by id or SKU; null when none matches. */
  product: Maybe<Product>;
  /** Product categories of your company, by name. */
  productCategories: Array<ProductCategory>;
  /** Products of your company, ordered by SKU (Relay connection). */
  products: ProductConnection;
  /** Unit of measure categories of your company, by name. */
  uomCategories: Array<UomCategory>;
  /** Units of measure of your company, by name. */
  uoms: Array<Uom>;
  /** The company's virtual locations: suppliers, customers, inventory loss, scrap and transit. */
  virtualLocations: Array<Location>;
  /** One warehouse by id or code; null when none matches. */
  warehouse: Maybe<Warehouse>;
  /** Warehouses of your company, by code. */
  warehouses: Array<Warehouse>;
};


export type QueryLocationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  sku?: InputMaybe<Scalars['String']['input']>;
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProductFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWarehouseArgs = {
  code?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};

/** A unit of measure with its factor to the reference unit of its category. */
export type Uom = {
  __typename?: 'Uom';
  /** Category; units convert only within one category. */
  category: UomCategory;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** How many of the category's reference unit one of this unit is (box of 12 = 12; reference = 1). */
  factor: Scalars['Decimal']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Name, e.g. "Box of 12". */
  name: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A family of units that convert into each other (unit, weight, volume, length). */
export type UomCategory = {
  __typename?: 'UomCategory';
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Name of the category, e.g. "Unit" or "Weight". */
  name: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A new unit of measure category. */
export type UomCategoryCreateInput = {
  /** Name, unique within the company (1-100 characters). */
  name: Scalars['String']['input'];
};

/** Result of uomCategoryCreate. */
export type UomCategoryCreatePayload = {
  __typename?: 'UomCategoryCreatePayload';
  /** The created unit of measure category. */
  uomCategory: Maybe<UomCategory>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** A new unit of measure. */
export type UomCreateInput = {
  /** Category the unit belongs to. */
  categoryId: Scalars['ID']['input'];
  /** Number of the category's reference unit in one of this unit; > 0. */
  factor: Scalars['Decimal']['input'];
  /** Name, unique within the company (1-100 characters). */
  name: Scalars['String']['input'];
};

/** Result of uomCreate. */
export type UomCreatePayload = {
  __typename?: 'UomCreatePayload';
  /** The created unit of measure. */
  uom: Maybe<Uom>;
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
};

/** A business rule the mutation input broke. Nothing was changed. */
export type UserError = {
  __typename?: 'UserError';
  /** Stable machine-readable code. */
  code: UserErrorCode;
  /** Path to the offending input field, e.g. ["input", "sku"]; null when not tied to a field. */
  field: Maybe<Array<Scalars['String']['output']>>;
  /** Human-readable explanation naming the field. */
  message: Scalars['String']['output'];
};

/** Machine-readable code of a business error returned in a mutation payload. */
export type UserErrorCode =
  /** The record changed since you read it (stale version) or is in a state that forbids this. */
  | 'CONFLICT'
  /** The value breaks a rule of its field (empty, too long, out of range, malformed). */
  | 'INVALID'
  /** No record with that id, SKU or code exists in your company. */
  | 'NOT_FOUND'
  /** The value must be unique and another record already uses it. */
  | 'TAKEN'
  /** The unit of measure belongs to a different category than required. */
  | 'UOM_MISMATCH';

/** A physical site holding stock, with its standard location tree. */
export type Warehouse = {
  __typename?: 'Warehouse';
  /** Inactive warehouses keep their history but take no new operations. */
  active: Scalars['Boolean']['output'];
  /** Postal address. */
  address: Address;
  /** Short code, unique within the company; prefixes its location names (e.g. "WH1/Stock"). */
  code: Scalars['String']['output'];
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique identifier (UUID). */
  id: Scalars['ID']['output'];
  /** Every location of the warehouse tree, ordered by full name. */
  locations: Array<Location>;
  /** Display name. */
  name: Scalars['String']['output'];
  /** The top of the warehouse tree (a VIEW location named after the code). */
  rootLocation: Location;
  /** IANA time zone of the site, e.g. "Europe/Paris". */
  timeZone: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A new warehouse; its standard locations are created with it. */
export type WarehouseCreateInput = {
  /** Postal address. */
  address?: InputMaybe<AddressInput>;
  /** Code, unique within the company (1-16 letters, digits, _ or -). */
  code: Scalars['String']['input'];
  /** Display name (1-200 characters). */
  name: Scalars['String']['input'];
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: Scalars['String']['input'];
};

/** Result of warehouseCreate. */
export type WarehouseCreatePayload = {
  __typename?: 'WarehouseCreatePayload';
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
  /** The created warehouse. */
  warehouse: Maybe<Warehouse>;
};

/** Changes to a warehouse; omitted fields keep their value. The code never changes. */
export type WarehouseUpdateInput = {
  /** Deactivate (false) or reactivate (true). */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** New address (replaces the whole address). */
  address?: InputMaybe<AddressInput>;
  /** The warehouse to change. */
  id: Scalars['ID']['input'];
  /** New name (1-200 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New IANA time zone. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

/** Result of warehouseUpdate. */
export type WarehouseUpdatePayload = {
  __typename?: 'WarehouseUpdatePayload';
  /** Business errors; empty when the mutation succeeded. */
  userErrors: Array<UserError>;
  /** The warehouse as changed. */
  warehouse: Maybe<Warehouse>;
};

/** Postal address; omitted parts stay empty. */
export type AddressInput = {
  /** City (at most 100 characters). */
  city?: string | null | undefined;
  /** ISO 3166-1 alpha-2 country code, e.g. "FR". */
  country?: string | null | undefined;
  /** Postal code (at most 20 characters). */
  postalCode?: string | null | undefined;
  /** Street and number (at most 200 characters). */
  street?: string | null | undefined;
};

/** How the cost of outbound stock is computed. */
export type CostingMethod =
  /** Running weighted average cost. */
  | 'AVERAGE'
  /** First in, first out valuation layers. */
  | 'FIFO';

/** A new location inside a warehouse tree. */
export type LocationCreateInput = {
  /** Scannable barcode, unique within the company. */
  barcode?: string | null | undefined;
  /** Name within the parent (1-100 characters, no "/"). */
  name: string;
  /** Parent location; the new location belongs to the same warehouse. */
  parentId: string | number;
  /** Whether its stock may be sold (INTERNAL only; default true for INTERNAL). */
  sellable?: boolean | null | undefined;
  /** VIEW, INTERNAL, QUALITY or DAMAGED; the others are system locations. */
  type: LocationType;
};

/** What a location is for, which decides whether its stock counts as on hand. */
export type LocationType =
  /** Virtual: where delivered goods go. */
  | 'CUSTOMER'
  /** Damaged goods: on hand, never sellable. */
  | 'DAMAGED'
  /** Physical storage; counts as on hand (sellable or not, see `sellable`). */
  | 'INTERNAL'
  /** Virtual: counterpart of adjustments and count variances. */
  | 'INVENTORY_LOSS'
  /** Quality hold: on hand, not sellable until released. */
  | 'QUALITY'
  /** Virtual: destroyed goods. */
  | 'SCRAP'
  /** Virtual: where received goods come from. */
  | 'SUPPLIER'
  /** Goods travelling between warehouses. */
  | 'TRANSIT'
  /** A grouping node of the tree (the warehouse root); holds no stock itself. */
  | 'VIEW';

/** A new product category. */
export type ProductCategoryCreateInput = {
  /** Costing method of its products (default FIFO). */
  costingMethod?: CostingMethod | null | undefined;
  /** Name, unique within the company (1-100 characters). */
  name: string;
  /** Parent category. */
  parentId?: string | number | null | undefined;
};

/** A new product. */
export type ProductCreateInput = {
  /** Barcode, unique within the company (1-64 characters). */
  barcode?: string | null | undefined;
  /** Product category. */
  categoryId?: string | number | null | undefined;
  /** Display name (1-200 characters). */
  name: string;
  /** Receipts go to quality hold first (default false). */
  requiresInspection?: boolean | null | undefined;
  /** SKU, unique within the company (1-64 characters, no spaces). */
  sku: string;
  /** Lot or serial tracking (default NONE). */
  tracking?: ProductTracking | null | undefined;
  /** Unit of measure stock of this product is kept in. */
  uomId: string | number;
};

/** Which products to list. */
export type ProductFilter = {
  /** Only active (true) or archived (false) products; both when omitted. */
  active?: boolean | null | undefined;
  /** Only products of this category. */
  categoryId?: string | number | null | undefined;
  /** Case-insensitive text found in the SKU, name or barcode. */
  search?: string | null | undefined;
  /** Only these SKUs. */
  skus?: Array<string> | null | undefined;
};

/** How individual units of a product are traced through the ledger. */
export type ProductTracking =
  /** Every move names a lot (batch) number. */
  | 'LOT'
  /** Quantities only. */
  | 'NONE'
  /** Every unit has its own serial number; a serial holds quantity 1. */
  | 'SERIAL';

/** Changes to a product; omitted fields keep their value. */
export type ProductUpdateInput = {
  /** Reactivate (true) or archive (false) the product. */
  active?: boolean | null | undefined;
  /** New barcode. */
  barcode?: string | null | undefined;
  /** New category. */
  categoryId?: string | number | null | undefined;
  /** The product to change. */
  id: string | number;
  /** New name (1-200 characters). */
  name?: string | null | undefined;
  /** Whether receipts go to quality hold. */
  requiresInspection?: boolean | null | undefined;
  /** New SKU (1-64 characters, no spaces). */
  sku?: string | null | undefined;
  /** New tracking mode. */
  tracking?: ProductTracking | null | undefined;
  /** New unit of measure; must be in the same category as the current one. */
  uomId?: string | number | null | undefined;
  /** The version you read; when given and stale, the update is refused with CONFLICT. */
  version?: number | null | undefined;
};

/** A new unit of measure category. */
export type UomCategoryCreateInput = {
  /** Name, unique within the company (1-100 characters). */
  name: string;
};

/** A new unit of measure. */
export type UomCreateInput = {
  /** Category the unit belongs to. */
  categoryId: string | number;
  /** Number of the category's reference unit in one of this unit; > 0. */
  factor: string;
  /** Name, unique within the company (1-100 characters). */
  name: string;
};

/** Machine-readable code of a business error returned in a mutation payload. */
export type UserErrorCode =
  /** The record changed since you read it (stale version) or is in a state that forbids this. */
  | 'CONFLICT'
  /** The value breaks a rule of its field (empty, too long, out of range, malformed). */
  | 'INVALID'
  /** No record with that id, SKU or code exists in your company. */
  | 'NOT_FOUND'
  /** The value must be unique and another record already uses it. */
  | 'TAKEN'
  /** The unit of measure belongs to a different category than required. */
  | 'UOM_MISMATCH';

/** A new warehouse; its standard locations are created with it. */
export type WarehouseCreateInput = {
  /** Postal address. */
  address?: AddressInput | null | undefined;
  /** Code, unique within the company (1-16 letters, digits, _ or -). */
  code: string;
  /** Display name (1-200 characters). */
  name: string;
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: string;
};

/** Changes to a warehouse; omitted fields keep their value. The code never changes. */
export type WarehouseUpdateInput = {
  /** Deactivate (false) or reactivate (true). */
  active?: boolean | null | undefined;
  /** New address (replaces the whole address). */
  address?: AddressInput | null | undefined;
  /** The warehouse to change. */
  id: string | number;
  /** New name (1-200 characters). */
  name?: string | null | undefined;
  /** New IANA time zone. */
  timeZone?: string | null | undefined;
};

export type ProductFieldsFragment = { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null };

export type UserErrorFieldsFragment = { field: Array<string> | null, code: UserErrorCode, message: string };

export type ProductsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ProductFilter | null | undefined;
}>;


export type ProductsQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null } }> } };

export type ProductsWithRelationsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ProductsWithRelationsQuery = { products: { edges: Array<{ node: { sku: string, uom: { name: string, category: { name: string } }, category: { name: string, parent: { name: string } | null } | null } }> } };

export type ProductQueryVariables = Exact<{
  id?: string | number | null | undefined;
  sku?: string | null | undefined;
}>;


export type ProductQuery = { product: { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null } | null };

export type UomsQueryVariables = Exact<{ [key: string]: never; }>;


export type UomsQuery = { uoms: Array<{ id: string, name: string, factor: string, category: { id: string, name: string } }>, uomCategories: Array<{ id: string, name: string }> };

export type ProductCategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProductCategoriesQuery = { productCategories: Array<{ id: string, name: string, costingMethod: CostingMethod, parent: { id: string } | null }> };

export type ProductCreateMutationVariables = Exact<{
  input: ProductCreateInput;
}>;


export type ProductCreateMutation = { productCreate: { product: { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type ProductUpdateMutationVariables = Exact<{
  input: ProductUpdateInput;
}>;


export type ProductUpdateMutation = { productUpdate: { product: { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type ProductArchiveMutationVariables = Exact<{
  id: string | number;
}>;


export type ProductArchiveMutation = { productArchive: { product: { id: string, sku: string, name: string, barcode: string | null, tracking: ProductTracking, requiresInspection: boolean, active: boolean, version: number, uom: { id: string, name: string }, category: { id: string, name: string } | null } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type UomCreateMutationVariables = Exact<{
  input: UomCreateInput;
}>;


export type UomCreateMutation = { uomCreate: { uom: { id: string, name: string, factor: string, category: { id: string } } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type UomCategoryCreateMutationVariables = Exact<{
  input: UomCategoryCreateInput;
}>;


export type UomCategoryCreateMutation = { uomCategoryCreate: { uomCategory: { id: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type ProductCategoryCreateMutationVariables = Exact<{
  input: ProductCategoryCreateInput;
}>;


export type ProductCategoryCreateMutation = { productCategoryCreate: { productCategory: { id: string, name: string, costingMethod: CostingMethod, parent: { id: string } | null } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type LocationFieldsFragment = { id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null };

export type WarehouseFieldsFragment = { id: string, code: string, name: string, timeZone: string, active: boolean, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null }, rootLocation: { id: string, fullName: string, children: Array<{ name: string, fullName: string, type: LocationType }> }, locations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> };

export type WarehousesQueryVariables = Exact<{ [key: string]: never; }>;


export type WarehousesQuery = { warehouses: Array<{ id: string, code: string, name: string, timeZone: string, active: boolean, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null }, rootLocation: { id: string, fullName: string, children: Array<{ name: string, fullName: string, type: LocationType }> }, locations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> }> };

export type WarehouseQueryVariables = Exact<{
  id?: string | number | null | undefined;
  code?: string | null | undefined;
}>;


export type WarehouseQuery = { warehouse: { id: string, code: string, name: string, timeZone: string, active: boolean, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null }, rootLocation: { id: string, fullName: string, children: Array<{ name: string, fullName: string, type: LocationType }> }, locations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> } | null };

export type VirtualLocationsQueryVariables = Exact<{ [key: string]: never; }>;


export type VirtualLocationsQuery = { virtualLocations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> };

export type WarehouseCreateMutationVariables = Exact<{
  input: WarehouseCreateInput;
}>;


export type WarehouseCreateMutation = { warehouseCreate: { warehouse: { id: string, code: string, name: string, timeZone: string, active: boolean, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null }, rootLocation: { id: string, fullName: string, children: Array<{ name: string, fullName: string, type: LocationType }> }, locations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type WarehouseUpdateMutationVariables = Exact<{
  input: WarehouseUpdateInput;
}>;


export type WarehouseUpdateMutation = { warehouseUpdate: { warehouse: { id: string, code: string, name: string, timeZone: string, active: boolean, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null }, rootLocation: { id: string, fullName: string, children: Array<{ name: string, fullName: string, type: LocationType }> }, locations: Array<{ id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, parent: { id: string } | null }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type LocationCreateMutationVariables = Exact<{
  input: LocationCreateInput;
}>;


export type LocationCreateMutation = { locationCreate: { location: { id: string, name: string, fullName: string, type: LocationType, sellable: boolean, barcode: string | null, active: boolean, warehouse: { code: string } | null, parent: { id: string } | null } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export const ProductFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ProductFieldsFragment, unknown>;
export const UserErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<UserErrorFieldsFragment, unknown>;
export const LocationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<LocationFieldsFragment, unknown>;
export const WarehouseFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarehouseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warehouse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<WarehouseFieldsFragment, unknown>;
export const ProductsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Products"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProductFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ProductsQuery, ProductsQueryVariables>;
export const ProductsWithRelationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductsWithRelations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProductsWithRelationsQuery, ProductsWithRelationsQueryVariables>;
export const ProductDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Product"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sku"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"sku"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sku"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProductFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ProductQuery, ProductQueryVariables>;
export const UomsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Uoms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uoms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"factor"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"uomCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<UomsQuery, UomsQueryVariables>;
export const ProductCategoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"costingMethod"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ProductCategoriesQuery, ProductCategoriesQueryVariables>;
export const ProductCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProductCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProductFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<ProductCreateMutation, ProductCreateMutationVariables>;
export const ProductUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProductUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProductFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<ProductUpdateMutation, ProductUpdateMutationVariables>;
export const ProductArchiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProductArchive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productArchive"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProductFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProductFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Product"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"tracking"}},{"kind":"Field","name":{"kind":"Name","value":"requiresInspection"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<ProductArchiveMutation, ProductArchiveMutationVariables>;
export const UomCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UomCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UomCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uomCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"factor"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<UomCreateMutation, UomCreateMutationVariables>;
export const UomCategoryCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UomCategoryCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UomCategoryCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uomCategoryCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uomCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<UomCategoryCreateMutation, UomCategoryCreateMutationVariables>;
export const ProductCategoryCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProductCategoryCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductCategoryCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCategoryCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"costingMethod"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<ProductCategoryCreateMutation, ProductCategoryCreateMutationVariables>;
export const WarehousesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Warehouses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WarehouseFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarehouseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warehouse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}}]} as unknown as DocumentNode<WarehousesQuery, WarehousesQueryVariables>;
export const WarehouseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Warehouse"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WarehouseFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarehouseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warehouse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}}]} as unknown as DocumentNode<WarehouseQuery, WarehouseQueryVariables>;
export const VirtualLocationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VirtualLocations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"virtualLocations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<VirtualLocationsQuery, VirtualLocationsQueryVariables>;
export const WarehouseCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WarehouseCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WarehouseCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouseCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WarehouseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarehouseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warehouse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<WarehouseCreateMutation, WarehouseCreateMutationVariables>;
export const WarehouseUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WarehouseUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WarehouseUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouseUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WarehouseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarehouseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warehouse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rootLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<WarehouseUpdateMutation, WarehouseUpdateMutationVariables>;
export const LocationCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LocationCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LocationCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"locationCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocationFields"}},{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Location"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sellable"}},{"kind":"Field","name":{"kind":"Name","value":"barcode"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<LocationCreateMutation, LocationCreateMutationVariables>;