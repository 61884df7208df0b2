import { GraphQLError } from 'graphql';
import { DomainError, UserErrorCode } from './errors';

/** Queries have no userErrors: an unknown SKU or warehouse answers a GraphQL error with its code. */
export function rethrowAsGraphQL(error: unknown): never {
  if (error instanceof DomainError) {
    throw new GraphQLError(error.message, {
      extensions: { code: error.code === UserErrorCode.NOT_FOUND ? 'NOT_FOUND' : 'BAD_USER_INPUT', field: error.field },
    });
  }
  throw error;
}
