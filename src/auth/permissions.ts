import { Role } from './roles';

/**
 * Who may run each root operation: the one source of the docs' role table, the central
 * enforcement (enforce.ts) and the role matrix test. ADMIN may run everything and is added
 * implicitly. An operation that is not listed here is denied to every role, ADMIN included,
 * and a test names it, so a new operation cannot ship without a decision.
 *
 * Some entries name operations of modules still being written (purchasing, accounting,
 * subscriptions); they take effect when those operations appear in the schema.
 */
export type RootKind = 'Query' | 'Mutation' | 'Subscription';

const { STOREFRONT, PARTNER, WAREHOUSE, BUYER, CONTROLLER } = Role;

/** Everyone with a key: catalog and sellable quantities are what every integration starts from. */
const EVERY_ROLE = [STOREFRONT, PARTNER, WAREHOUSE, BUYER, CONTROLLER];
/** Internal staff reading stock. */
const STAFF = [WAREHOUSE, BUYER, CONTROLLER];

export const PERMISSIONS: Record<RootKind, Record<string, readonly Role[]>> = {
  Query: {
    viewer: EVERY_ROLE,
    // catalog
    products: EVERY_ROLE,
    product: EVERY_ROLE,
    productCategories: EVERY_ROLE,
    uoms: EVERY_ROLE,
    uomCategories: EVERY_ROLE,
    // availability
    availability: EVERY_ROLE,
    availableToPromise: EVERY_ROLE,
    promiseDate: EVERY_ROLE,
    channels: [STOREFRONT, ...STAFF],
    reservations: [STOREFRONT, WAREHOUSE, CONTROLLER],
    reservation: [STOREFRONT, WAREHOUSE, CONTROLLER],
    // warehouses and stock
    warehouses: STAFF,
    warehouse: STAFF,
    location: STAFF,
    virtualLocations: STAFF,
    stockLevels: STAFF,
    stockMoves: STAFF,
    transfers: STAFF,
    transfer: STAFF,
    quants: [WAREHOUSE, CONTROLLER],
    stockOnHandAt: [WAREHOUSE, CONTROLLER],
    stockReconcile: [WAREHOUSE, CONTROLLER],
    stockShortages: STAFF,
    lotTrace: [WAREHOUSE, CONTROLLER],
    inventoryCounts: [WAREHOUSE, CONTROLLER],
    inventoryCount: [WAREHOUSE, CONTROLLER],
    // purchasing (a PARTNER key sees only the orders of the supplier it is bound to)
    suppliers: [BUYER, CONTROLLER],
    supplier: [BUYER, CONTROLLER],
    supplierPrices: [BUYER, CONTROLLER],
    supplierPerformance: [BUYER, CONTROLLER],
    purchaseOrders: [PARTNER, ...STAFF],
    purchaseOrder: [PARTNER, ...STAFF],
    purchasingSettings: [BUYER, CONTROLLER],
    vendorBills: [BUYER, CONTROLLER],
    vendorBill: [BUYER, CONTROLLER],
    supplierReturns: [WAREHOUSE, BUYER, CONTROLLER],
    supplierReturn: [WAREHOUSE, BUYER, CONTROLLER],
    vendorCreditNotes: [BUYER, CONTROLLER],
    vendorCreditNote: [BUYER, CONTROLLER],
    paymentTerms: [BUYER, CONTROLLER],
    vendorPayments: [CONTROLLER],
    vendorCreditApplications: [CONTROLLER],
    vendorPayment: [CONTROLLER],
    reorderRules: [WAREHOUSE, BUYER],
    // accounting
    accounts: [CONTROLLER],
    journals: [CONTROLLER],
    fiscalPeriods: [CONTROLLER],
    journalEntries: [CONTROLLER],
    journalEntry: [CONTROLLER],
    trialBalance: [CONTROLLER],
    accountLedger: [CONTROLLER],
    inventoryValuation: [CONTROLLER],
    landedCosts: [CONTROLLER],
    landedCost: [CONTROLLER],
    agedPayables: [CONTROLLER],
    profitAndLoss: [CONTROLLER],
    balanceSheet: [CONTROLLER],
    trialBalanceRange: [CONTROLLER],
    // currencies: buyers see the rates their foreign orders are converted at
    exchangeRates: [BUYER, CONTROLLER],
    // access and governance
    auditLog: [CONTROLLER],
    apiKeys: [],
    // webhooks send stock data to any endpoint and hold signing secrets: admins only, like API keys
    webhooks: [],
    webhookDeliveries: [],
  },
  Mutation: {
    // catalog: buyers set up what they buy
    productCreate: [BUYER],
    productUpdate: [BUYER],
    productsUpsert: [BUYER],
    productArchive: [BUYER],
    productKitSet: [BUYER],
    productCategoryCreate: [BUYER],
    uomCreate: [BUYER],
    uomCategoryCreate: [BUYER],
    // warehouses and channels are structure: admins only
    warehouseCreate: [],
    warehouseUpdate: [],
    channelCreate: [],
    channelUpdate: [],
    channelBufferSet: [],
    channelBufferRemove: [],
    locationCreate: [WAREHOUSE],
    safetyStockSet: [WAREHOUSE, BUYER],
    // stock operations
    transferCreate: [WAREHOUSE],
    transferValidate: [WAREHOUSE],
    transferShip: [WAREHOUSE],
    transferReceive: [WAREHOUSE],
    transferCancel: [WAREHOUSE],
    qualityRelease: [WAREHOUSE],
    scrap: [WAREHOUSE],
    inventoryCountStart: [WAREHOUSE],
    inventoryCountRecord: [WAREHOUSE],
    inventoryCountApply: [WAREHOUSE],
    inventoryCountApprove: [CONTROLLER],
    // bulk sync from a WMS or marketplace: as counts
    inventorySetQuantities: [WAREHOUSE],
    // reservations
    reservationCreate: [STOREFRONT, WAREHOUSE],
    reservationRelease: [STOREFRONT, WAREHOUSE],
    reservationExtend: [STOREFRONT, WAREHOUSE],
    reservationFulfil: [STOREFRONT, WAREHOUSE],
    // purchasing
    supplierCreate: [BUYER],
    supplierUpdate: [BUYER],
    supplierPriceSet: [BUYER],
    purchaseOrderCreate: [BUYER],
    purchaseOrderUpdate: [BUYER],
    purchaseOrderConfirm: [BUYER],
    purchaseOrderApprove: [CONTROLLER],
    purchaseOrderCancel: [BUYER],
    purchaseOrderReschedule: [BUYER],
    purchasingSettingsUpdate: [CONTROLLER],
    purchaseOrderReceive: [WAREHOUSE, BUYER],
    vendorBillCreate: [BUYER, CONTROLLER],
    vendorBillApprove: [CONTROLLER],
    vendorBillReject: [CONTROLLER],
    vendorBillCancel: [CONTROLLER],
    purchaseOrderReturn: [WAREHOUSE, BUYER],
    vendorCreditNoteCreate: [BUYER, CONTROLLER],
    vendorCreditNoteApprove: [CONTROLLER],
    vendorCreditNoteReject: [CONTROLLER],
    paymentTermCreate: [CONTROLLER],
    vendorPaymentCreate: [CONTROLLER],
    vendorPaymentCancel: [CONTROLLER],
    vendorCreditApply: [CONTROLLER],
    vendorRefundReceive: [CONTROLLER],
    vendorCreditApplicationCancel: [CONTROLLER],
    reorderRuleSet: [WAREHOUSE, BUYER],
    replenishmentRun: [BUYER],
    // accounting
    journalEntryCreate: [CONTROLLER],
    journalEntryUpdate: [CONTROLLER],
    journalEntryPost: [CONTROLLER],
    journalEntryReverse: [CONTROLLER],
    landedCostCreate: [CONTROLLER],
    fiscalPeriodCreate: [CONTROLLER],
    fiscalPeriodLock: [CONTROLLER],
    fiscalPeriodUnlock: [CONTROLLER],
    companyUpdate: [CONTROLLER],
    accountCreate: [CONTROLLER],
    exchangeRateSet: [CONTROLLER],
    // access
    apiKeyCreate: [],
    apiKeyRevoke: [],
    webhookCreate: [],
    webhookUpdate: [],
    webhookDelete: [],
    webhookReplay: [],
  },
  Subscription: {
    stockLevelChanged: STAFF,
    availabilityChanged: EVERY_ROLE,
    stockMoved: [WAREHOUSE, CONTROLLER],
    reservationChanged: [STOREFRONT, WAREHOUSE, CONTROLLER],
    purchasingChanged: [BUYER, CONTROLLER],
  },
};

/** The roles that may run an operation (ADMIN always), or undefined when the operation is not in the table. */
export function rolesAllowed(kind: RootKind, field: string): readonly Role[] | undefined {
  const listed = Object.prototype.hasOwnProperty.call(PERMISSIONS[kind], field) ? PERMISSIONS[kind][field] : undefined;
  return listed ? [...listed, Role.ADMIN] : undefined;
}

export function isAllowed(kind: RootKind, field: string, roles: readonly Role[]): boolean {
  const allowed = rolesAllowed(kind, field);
  return !!allowed && roles.some((role) => allowed.includes(role));
}
