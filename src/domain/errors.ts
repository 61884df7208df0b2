/**
 * Business failures, shared by every module: the domain's own words, nothing of GraphQL or HTTP
 * (src/graphql/errors.ts turns them into `userErrors`).
 */

/** Stable machine codes of expected business failures; clients switch on these. */
export enum UserErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  TAKEN = 'TAKEN',
  UOM_MISMATCH = 'UOM_MISMATCH',
  CONFLICT = 'CONFLICT',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  INVALID_STATE = 'INVALID_STATE',
  LOT_REQUIRED = 'LOT_REQUIRED',
  PRODUCT_IS_KIT = 'PRODUCT_IS_KIT',
  STALE = 'STALE',
  EXPIRED = 'EXPIRED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  OVER_RECEIPT = 'OVER_RECEIPT',
  OVER_RETURN = 'OVER_RETURN',
  SEGREGATION_OF_DUTIES = 'SEGREGATION_OF_DUTIES',
  UNBALANCED = 'UNBALANCED',
  PERIOD_LOCKED = 'PERIOD_LOCKED',
  ENTRY_POSTED = 'ENTRY_POSTED',
  ALREADY_REVERSED = 'ALREADY_REVERSED',
  ACCOUNT_RESERVED = 'ACCOUNT_RESERVED',
  RESERVED_STOCK = 'RESERVED_STOCK',
  IN_USE = 'IN_USE',
  JOURNAL_RESERVED = 'JOURNAL_RESERVED',
  DOCUMENT_ENTRY = 'DOCUMENT_ENTRY',
  OVER_ALLOCATION = 'OVER_ALLOCATION',
  HAS_PAYMENTS = 'HAS_PAYMENTS',
  EXCHANGE_RATE_MISSING = 'EXCHANGE_RATE_MISSING',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  RETURN_ON_ORDER = 'RETURN_ON_ORDER',
  OVER_CREDIT = 'OVER_CREDIT',
  CREDIT_APPLIED = 'CREDIT_APPLIED',
}

/** An expected business failure; the mutation helper turns it into `userErrors` and rolls back. */
export class DomainError extends Error {
  constructor(
    readonly code: UserErrorCode,
    readonly field: string[] | null,
    message: string,
    readonly quantityAvailable: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Several business failures found at once (for example every invalid field of an input). */
export class DomainErrors extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DomainErrors';
  }
}

/** Throws one business failure; for rules that stop the operation at once. */
export function fail(code: UserErrorCode, field: string[] | null, message: string): never {
  throw new DomainError(code, field, message);
}
