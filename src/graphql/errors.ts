import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from './scalars';

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
  STALE = 'STALE',
  EXPIRED = 'EXPIRED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  OVER_RECEIPT = 'OVER_RECEIPT',
  SEGREGATION_OF_DUTIES = 'SEGREGATION_OF_DUTIES',
  UNBALANCED = 'UNBALANCED',
  PERIOD_LOCKED = 'PERIOD_LOCKED',
  ENTRY_POSTED = 'ENTRY_POSTED',
  ALREADY_REVERSED = 'ALREADY_REVERSED',
  ACCOUNT_RESERVED = 'ACCOUNT_RESERVED',
  RESERVED_STOCK = 'RESERVED_STOCK',
  IN_USE = 'IN_USE',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Machine-readable code of a business error returned in a mutation payload.',
  valuesConfig: {
    INVALID: { description: 'The value breaks a rule of its field (empty, too long, out of range, malformed).' },
    NOT_FOUND: { description: 'No record with that id, SKU or code exists in your company.' },
    TAKEN: { description: 'The value must be unique and another record already uses it.' },
    UOM_MISMATCH: { description: 'The unit of measure belongs to a different category than required.' },
    CONFLICT: { description: 'The record changed since you read it (stale version).' },
    INSUFFICIENT_STOCK: {
      description:
        'Not enough stock at the source for this quantity, lot or serial; `quantityAvailable` says how much.',
    },
    INVALID_STATE: { description: 'The record is in a state that forbids this (e.g. validating a done transfer).' },
    LOT_REQUIRED: { description: 'The product is tracked by lot or serial and the line names none.' },
    STALE: { description: 'expectedAvailable differs from the quantity available now; nothing was reserved.' },
    EXPIRED: { description: 'The reservation has expired.' },
    IDEMPOTENCY_KEY_REUSED: { description: 'This idempotency key was used before with a different input.' },
    IDEMPOTENCY_KEY_IN_USE: { description: 'A request with this idempotency key is still running; retry shortly.' },
    OVER_RECEIPT: {
      description:
        "More than ordered would be received on a purchase order line, beyond the company's over-receipt tolerance.",
    },
    SEGREGATION_OF_DUTIES: {
      description: 'The one who created a document that needs approval cannot approve it; someone else must.',
    },
    UNBALANCED: { description: 'The debits and credits of the journal entry differ; nothing was written.' },
    PERIOD_LOCKED: {
      description: 'The date falls in a locked fiscal period: nothing (manual or automatic) can be posted into it.',
    },
    ENTRY_POSTED: { description: 'The journal entry is posted and can never change; reverse it instead.' },
    ALREADY_REVERSED: { description: 'The journal entry already has a reversal.' },
    ACCOUNT_RESERVED: {
      description:
        'The account only takes automatic postings (Inventory always equals the stock valuation), not manual lines.',
    },
    RESERVED_STOCK: {
      description:
        'The loss (scrap, count, move out of pickable stock) would leave less than reservations and confirmed deliveries hold; the message names them. Give `force: true` with a reason to accept it: those reservations become SHORT.',
    },
    IN_USE: {
      description: 'The record has stock, open moves or reservations, which this change would make wrong.',
    },
  },
});

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

@ObjectType({ description: 'A business rule the mutation input broke. Nothing was changed.' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path to the offending input field, e.g. ["input", "sku"]; null when not tied to a field.',
  })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'Stable machine-readable code.' })
  code!: UserErrorCode;

  @Field({ description: 'Human-readable explanation naming the field.' })
  message!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'With INSUFFICIENT_STOCK: the quantity that was available (in the product unit).',
  })
  quantityAvailable!: string | null;
}

export function toUserErrors(error: DomainError | DomainErrors): UserError[] {
  const list = error instanceof DomainErrors ? error.errors : [error];
  return list.map((e) =>
    Object.assign(new UserError(), {
      field: e.field,
      code: e.code,
      message: e.message,
      quantityAvailable: e.quantityAvailable,
    }),
  );
}

/** Codes of GraphQL errors (not payload userErrors): auth, malformed requests, faults. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export function notFoundError(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** Throws one business failure; for rules that stop the operation at once. */
export function fail(code: UserErrorCode, field: string[] | null, message: string): never {
  throw new DomainError(code, field, message);
}
