/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A purchase order to act on. */
export type PurchaseOrderActionInput = {
  /** Replaying the same key (at most 255 characters, scoped to the caller, kept 48 hours) with the same input returns the first result without doing it again. */
  idempotencyKey?: string | null | undefined;
  /** The purchase order. */
  purchaseOrderId: string | number;
  /** Why (kept on the order; for cancellations). */
  reason?: string | null | undefined;
};

/** A new draft purchase order. */
export type PurchaseOrderCreateInput = {
  /** ISO 4217 currency (default: the supplier's). */
  currency?: string | null | undefined;
  /** Replaying the same key (at most 255 characters, scoped to the caller, kept 48 hours) with the same input returns the first result without doing it again. */
  idempotencyKey?: string | null | undefined;
  /** What to order (1 to 500 lines). */
  lines: Array<PurchaseOrderLineInput>;
  /** Free notes. */
  notes?: string | null | undefined;
  /** The supplier (a partner with isSupplier). */
  supplierId: string | number;
  /** Code of the warehouse receiving the goods. */
  warehouseCode: string;
};

/** A product and quantity to order. */
export type PurchaseOrderLineInput = {
  /** Expected arrival (default: today + the lead time of the supplier's price for the product, else the supplier's). */
  expectedDate?: string | null | undefined;
  /** Product id (or give sku). */
  productId?: string | number | null | undefined;
  /** Quantity, > 0, in `uomId`. */
  quantity: string;
  /** Product SKU (or give productId). */
  sku?: string | null | undefined;
  /** Price per `uomId`, >= 0 (default: from the supplier's price list). */
  unitPrice?: string | null | undefined;
  /** Unit of the quantity, in the product unit's category (default: the supplier's purchase unit, else the product unit). */
  uomId?: string | number | null | undefined;
};

/** Goods received against a purchase order. */
export type PurchaseOrderReceiveInput = {
  /** Close the order after this receipt: whatever is still open is cancelled instead of left in a backorder. */
  closeShort?: boolean | null | undefined;
  /** Replaying the same key (at most 255 characters, scoped to the caller, kept 48 hours) with the same input returns the first result without doing it again. */
  idempotencyKey?: string | null | undefined;
  /** What arrived (0 to 500 lines; 0 only with closeShort). */
  lines: Array<PurchaseOrderReceiveLineInput>;
  /** The purchase order. */
  purchaseOrderId: string | number;
  /** Why the rest is closed (required with closeShort). */
  reason?: string | null | undefined;
};

/** A quantity received on one order line. */
export type PurchaseOrderReceiveLineInput = {
  /** The order line. */
  lineId: string | number;
  /** Lot, for lot-tracked products. */
  lot?: string | null | undefined;
  /** Quantity received, > 0, in the line's unit (or `uomId`). */
  quantity: string;
  /** Serial numbers, for serial-tracked products: one per unit. */
  serials?: Array<string> | null | undefined;
  /** Unit of the quantity, in the product unit's category. */
  uomId?: string | number | null | undefined;
};

/** Life cycle of a purchase order (DOMAIN.md): only confirmed lines count as incoming stock. */
export type PurchaseOrderState =
  /** Received and billed in full: closed. */
  | 'BILLED'
  /** Cancelled before anything was received. */
  | 'CANCELLED'
  /** Sent to the supplier: its lines are incoming at their expected dates. */
  | 'CONFIRMED'
  /** Being prepared (or proposed by replenishment); editable, counts nowhere. */
  | 'DRAFT'
  /** Some goods received; the rest is still incoming. */
  | 'PARTIALLY_RECEIVED'
  /** Every line received in full, or closed short. */
  | 'RECEIVED'
  /** Confirmed with a total above the company's approval threshold: waits for approval. */
  | 'TO_APPROVE';

/** Hold stock for an order or a cart. */
export type ReservationCreateInput = {
  /** Channel code; its warehouse priority list and buffer apply. */
  channel?: string | null | undefined;
  /** Expiry instant (or give ttlSeconds); none: until released or fulfilled. */
  expiresAt?: string | null | undefined;
  /** Replaying the same key (at most 255 characters, scoped to the caller, kept 48 hours) with the same input returns the first result without doing it again. */
  idempotencyKey?: string | null | undefined;
  /** What to hold (1 to 250 lines). */
  lines: Array<ReservationLineInput>;
  /** Default ALL_OR_NOTHING. */
  policy?: ReservationPolicy | null | undefined;
  /** Your reference: order or cart id (1-200 characters). */
  reference: string;
  /** Expiry in seconds from now (1 to 30 days). */
  ttlSeconds?: number | null | undefined;
};

/** A quantity of one product to hold. */
export type ReservationLineInput = {
  /** Compare-and-set guard: the available quantity you saw. When it differs now, the line fails with STALE and nothing is reserved. */
  expectedAvailable?: string | null | undefined;
  /** Product id (or give sku). */
  productId?: string | number | null | undefined;
  /** Quantity, > 0, in the product unit. */
  quantity: string;
  /** Product SKU (or give productId). */
  sku?: string | null | undefined;
  /** Reserve in this warehouse only (code); default: the channel priority list. */
  warehouseCode?: string | null | undefined;
  /** Reserve in this warehouse only (id). */
  warehouseId?: string | number | null | undefined;
};

/** What to do when some lines cannot be reserved in full. */
export type ReservationPolicy =
  /** Reserve nothing unless every line can be reserved in full. */
  | 'ALL_OR_NOTHING'
  /** Reserve what can be reserved and report the rest in userErrors. */
  | 'PARTIAL';

/** Life cycle of a reservation. An ACTIVE reservation past its expiry stops counting at once. */
export type ReservationState =
  /** Holding stock (unless past expiresAt, which the sweeper will mark EXPIRED). */
  | 'ACTIVE'
  /** Reached its expiry without being fulfilled. */
  | 'EXPIRED'
  /** Consumed by a delivery. */
  | 'FULFILLED'
  /** Given back by the caller. */
  | 'RELEASED'
  /** Still holding what is left after a loss (scrap, count, damage) accepted with force took some of its stock: its lines show the missing quantity in `shortQuantity`. It can be fulfilled (what it holds), extended or released like an ACTIVE one. */
  | 'SHORT';

/** A new supplier. */
export type SupplierCreateInput = {
  /** Code, unique within the company (1-32 characters). */
  code: string;
  /** ISO 4217 currency (default: the company's). */
  currency?: string | null | undefined;
  /** Contact e-mail. */
  email?: string | null | undefined;
  /** Default lead time in days (0 to 365, default 0). */
  leadTimeDays?: number | null | undefined;
  /** Display name. */
  name: string;
  /** Payment term of its bills (paymentTermCreate); none: due on the invoice date. */
  paymentTermId?: string | number | null | undefined;
};

/** Machine-readable code of a business error returned in a mutation payload. */
export type UserErrorCode =
  /** The account only takes automatic postings (Inventory always equals the stock valuation), not manual lines. */
  | 'ACCOUNT_RESERVED'
  /** The journal entry already has a reversal. */
  | 'ALREADY_REVERSED'
  /** The record changed since you read it (stale version). */
  | 'CONFLICT'
  /** The payment provided a supplier credit that is applied to bills or refunded: cancel those applications (vendorCreditApplicationCancel) first. Nothing was changed. */
  | 'CREDIT_APPLIED'
  /** Documents in different currencies were put together (a payment in one currency allocated to a bill in another): the message names both. Nothing was changed. */
  | 'CURRENCY_MISMATCH'
  /** The journal entry belongs to a document (a vendor bill, a landed cost, a stock move, a payment) and is reversed through that document (e.g. vendorBillCancel), so that the document and the ledger never disagree. */
  | 'DOCUMENT_ENTRY'
  /** The journal entry is posted and can never change; reverse it instead. */
  | 'ENTRY_POSTED'
  /** A document in a foreign currency would be converted into the company currency, and that currency has no exchange rate on or before the date (the message names both): set one with exchangeRateSet. Nothing was changed. */
  | 'EXCHANGE_RATE_MISSING'
  /** The reservation has expired. */
  | 'EXPIRED'
  /** The bill has payments allocated to it: it cannot be cancelled while they settle it. */
  | 'HAS_PAYMENTS'
  /** A request with this idempotency key is still running; retry shortly. */
  | 'IDEMPOTENCY_KEY_IN_USE'
  /** This idempotency key was used before with a different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** Not enough stock at the source for this quantity, lot or serial; `quantityAvailable` says how much. */
  | 'INSUFFICIENT_STOCK'
  /** The value breaks a rule of its field (empty, too long, out of range, malformed). */
  | 'INVALID'
  /** The record is in a state that forbids this (e.g. validating a done transfer). */
  | 'INVALID_STATE'
  /** The record has stock, open moves or reservations, which this change would make wrong. */
  | 'IN_USE'
  /** The journal is a system journal (stock, purchases, landed costs): only its documents post into it, not manual entries. */
  | 'JOURNAL_RESERVED'
  /** The product is tracked by lot or serial and the line names none. */
  | 'LOT_REQUIRED'
  /** No record with that id, SKU or code exists in your company. */
  | 'NOT_FOUND'
  /** A payment allocation (with the early payment discount it takes) is more than the bill's residual amount, or the payment's amount is less than its allocations: nothing was paid. */
  | 'OVER_ALLOCATION'
  /** More than the open supplier credit (an advance, a credit note or an overpaid bill) would be applied to a bill or refunded: the message gives what is open. Nothing was changed. */
  | 'OVER_CREDIT'
  /** More than ordered would be received on a purchase order line, beyond the company's over-receipt tolerance. */
  | 'OVER_RECEIPT'
  /** More would be sent back to the supplier than is received on the purchase order line (received less what earlier returns took); quantityAvailable says how much may still go back. */
  | 'OVER_RETURN'
  /** The date falls in a locked fiscal period: nothing (manual or automatic) can be posted into it. */
  | 'PERIOD_LOCKED'
  /** The product is a kit: it has no stock of its own, so stock settings (safety stock, reorder rules) go on its components. */
  | 'PRODUCT_IS_KIT'
  /** The loss (scrap, count, move out of pickable stock) would leave less than reservations and confirmed deliveries hold; the message names them. Give `force: true` with a reason to accept it: those reservations become SHORT. */
  | 'RESERVED_STOCK'
  /** The goods were received on a purchase order: they go back to the supplier with purchaseOrderReturn (tied to the order line, at its receipt cost, so the order stops billing them), not with the untied RETURN_TO_SUPPLIER disposition. The message names the orders. Nothing was changed. */
  | 'RETURN_ON_ORDER'
  /** The one who created a document that needs approval cannot approve it; someone else must. */
  | 'SEGREGATION_OF_DUTIES'
  /** expectedAvailable differs from the quantity available now; nothing was reserved. */
  | 'STALE'
  /** The value must be unique and another record already uses it. */
  | 'TAKEN'
  /** The debits and credits of the journal entry differ; nothing was written. */
  | 'UNBALANCED'
  /** The unit of measure belongs to a different category than required. */
  | 'UOM_MISMATCH';

export type PartnerFindSupplierQueryVariables = Exact<{
  search: string;
}>;


export type PartnerFindSupplierQuery = { suppliers: { edges: Array<{ node: { id: string, code: string, name: string } }> } };

export type PartnerCreateSupplierMutationVariables = Exact<{
  input: SupplierCreateInput;
}>;


export type PartnerCreateSupplierMutation = { supplierCreate: { supplier: { id: string, code: string } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type PartnerOrderFragment = { id: string, name: string, state: PurchaseOrderState, amountTotal: string, currency: string, lines: Array<{ id: string, quantity: string, receivedQuantity: string, openQuantity: string, product: { sku: string } }> };

export type PartnerCreateOrderMutationVariables = Exact<{
  input: PurchaseOrderCreateInput;
}>;


export type PartnerCreateOrderMutation = { purchaseOrderCreate: { purchaseOrder: { id: string, name: string, state: PurchaseOrderState, amountTotal: string, currency: string, lines: Array<{ id: string, quantity: string, receivedQuantity: string, openQuantity: string, product: { sku: string } }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type PartnerConfirmOrderMutationVariables = Exact<{
  input: PurchaseOrderActionInput;
}>;


export type PartnerConfirmOrderMutation = { purchaseOrderConfirm: { purchaseOrder: { id: string, name: string, state: PurchaseOrderState, amountTotal: string, currency: string, lines: Array<{ id: string, quantity: string, receivedQuantity: string, openQuantity: string, product: { sku: string } }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type PartnerReceiveOrderMutationVariables = Exact<{
  input: PurchaseOrderReceiveInput;
}>;


export type PartnerReceiveOrderMutation = { purchaseOrderReceive: { purchaseOrder: { id: string, name: string, state: PurchaseOrderState, amountTotal: string, currency: string, lines: Array<{ id: string, quantity: string, receivedQuantity: string, openQuantity: string, product: { sku: string } }> } | null, receipt: { name: string, moves: Array<{ quantity: string, destination: { fullName: string } }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string }> } };

export type PartnerStockQueryVariables = Exact<{
  skus: Array<string> | string;
  warehouseCodes?: Array<string> | string | null | undefined;
}>;


export type PartnerStockQuery = { stockLevels: Array<{ onHand: string, incoming: string, available: string, product: { sku: string }, warehouse: { code: string } }> };

export type StorefrontAvailabilityQueryVariables = Exact<{
  skus: Array<string> | string;
  channel?: string | null | undefined;
}>;


export type StorefrontAvailabilityQuery = { availability: Array<{ sku: string, available: string, warehouses: Array<{ warehouseCode: string, available: string }> }> };

export type StorefrontReserveMutationVariables = Exact<{
  input: ReservationCreateInput;
}>;


export type StorefrontReserveMutation = { reservationCreate: { reservation: { id: string, state: ReservationState, expiresAt: string | null, lines: Array<{ quantity: string, product: { sku: string }, warehouse: { code: string } }> } | null, userErrors: Array<{ field: Array<string> | null, code: UserErrorCode, message: string, quantityAvailable: string | null }> } };

export type StorefrontReleaseMutationVariables = Exact<{
  reservationId: string | number;
}>;


export type StorefrontReleaseMutation = { reservationRelease: { reservation: { id: string, state: ReservationState } | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type StorefrontAvailabilityChangedSubscriptionVariables = Exact<{
  skus: Array<string> | string;
  channel?: string | null | undefined;
}>;


export type StorefrontAvailabilityChangedSubscription = { availabilityChanged: { sku: string, available: string, warehouses: Array<{ warehouseCode: string, available: string }> } };

export const PartnerOrderFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PartnerOrder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amountTotal"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"openQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerOrderFragment, unknown>;
export const PartnerFindSupplierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PartnerFindSupplier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suppliers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PartnerFindSupplierQuery, PartnerFindSupplierQueryVariables>;
export const PartnerCreateSupplierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PartnerCreateSupplier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SupplierCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"supplierCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"supplier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerCreateSupplierMutation, PartnerCreateSupplierMutationVariables>;
export const PartnerCreateOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PartnerCreateOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrderCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrderCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PartnerOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PartnerOrder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amountTotal"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"openQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerCreateOrderMutation, PartnerCreateOrderMutationVariables>;
export const PartnerConfirmOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PartnerConfirmOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrderActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrderConfirm"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PartnerOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PartnerOrder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amountTotal"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"openQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerConfirmOrderMutation, PartnerConfirmOrderMutationVariables>;
export const PartnerReceiveOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PartnerReceiveOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrderReceiveInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrderReceive"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PartnerOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"receipt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"moves"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PartnerOrder"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PurchaseOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amountTotal"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"openQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}}]}}]} as unknown as DocumentNode<PartnerReceiveOrderMutation, PartnerReceiveOrderMutationVariables>;
export const PartnerStockDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PartnerStock"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"skus"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"warehouseCodes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stockLevels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"skus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"skus"}}},{"kind":"Argument","name":{"kind":"Name","value":"warehouseCodes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"warehouseCodes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"onHand"}},{"kind":"Field","name":{"kind":"Name","value":"incoming"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]} as unknown as DocumentNode<PartnerStockQuery, PartnerStockQueryVariables>;
export const StorefrontAvailabilityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StorefrontAvailability"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"skus"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"channel"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"skus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"skus"}}},{"kind":"Argument","name":{"kind":"Name","value":"channel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"channel"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"warehouses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouseCode"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontAvailabilityQuery, StorefrontAvailabilityQueryVariables>;
export const StorefrontReserveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontReserve"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReservationCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservationCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warehouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"quantityAvailable"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontReserveMutation, StorefrontReserveMutationVariables>;
export const StorefrontReleaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StorefrontRelease"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reservationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservationRelease"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"reservationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reservationId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontReleaseMutation, StorefrontReleaseMutationVariables>;
export const StorefrontAvailabilityChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"StorefrontAvailabilityChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"skus"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"channel"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availabilityChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"skus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"skus"}}},{"kind":"Argument","name":{"kind":"Name","value":"channel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"channel"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"warehouses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warehouseCode"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]}}]} as unknown as DocumentNode<StorefrontAvailabilityChangedSubscription, StorefrontAvailabilityChangedSubscriptionVariables>;