import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from './scalars';
import { DomainError, DomainErrors, UserErrorCode } from '../domain/errors';

// The domain's errors live in src/domain; re-exported while branches still import them from here.
export { DomainError, DomainErrors, fail, UserErrorCode } from '../domain/errors';

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
    PRODUCT_IS_KIT: {
      description:
        'The product is a kit: it has no stock of its own, so stock settings (safety stock, reorder rules) go on its components.',
    },
    STALE: { description: 'expectedAvailable differs from the quantity available now; nothing was reserved.' },
    EXPIRED: { description: 'The reservation has expired.' },
    IDEMPOTENCY_KEY_REUSED: { description: 'This idempotency key was used before with a different input.' },
    IDEMPOTENCY_KEY_IN_USE: { description: 'A request with this idempotency key is still running; retry shortly.' },
    OVER_RECEIPT: {
      description:
        "More than ordered would be received on a purchase order line, beyond the company's over-receipt tolerance.",
    },
    OVER_RETURN: {
      description:
        'More would be sent back to the supplier than is received on the purchase order line (received less what earlier returns took); quantityAvailable says how much may still go back.',
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
    JOURNAL_RESERVED: {
      description:
        'The journal is a system journal (stock, purchases, landed costs): only its documents post into it, not manual entries.',
    },
    DOCUMENT_ENTRY: {
      description:
        'The journal entry belongs to a document (a vendor bill, a landed cost, a stock move, a payment) and is reversed through that document (e.g. vendorBillCancel), so that the document and the ledger never disagree.',
    },
    OVER_ALLOCATION: {
      description:
        "A payment allocation (with the early payment discount it takes) is more than the bill's residual amount, or the payment's amount is less than its allocations: nothing was paid.",
    },
    HAS_PAYMENTS: {
      description: 'The bill has payments allocated to it: it cannot be cancelled while they settle it.',
    },
    EXCHANGE_RATE_MISSING: {
      description:
        'A document in a foreign currency would be converted into the company currency, and that currency has no exchange rate on or before the date (the message names both): set one with exchangeRateSet. Nothing was changed.',
    },
    CURRENCY_MISMATCH: {
      description:
        'Documents in different currencies were put together (a payment in one currency allocated to a bill in another): the message names both. Nothing was changed.',
    },
    RETURN_ON_ORDER: {
      description:
        'The goods were received on a purchase order: they go back to the supplier with purchaseOrderReturn (tied to the order line, at its receipt cost, so the order stops billing them), not with the untied RETURN_TO_SUPPLIER disposition. The message names the orders. Nothing was changed.',
    },
    OVER_CREDIT: {
      description:
        'More than the open supplier credit (an advance, a credit note or an overpaid bill) would be applied to a bill or refunded: the message gives what is open. Nothing was changed.',
    },
    CREDIT_APPLIED: {
      description:
        'The payment provided a supplier credit that is applied to bills or refunded: cancel those applications (vendorCreditApplicationCancel) first. Nothing was changed.',
    },
  },
});

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
