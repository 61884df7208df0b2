import { DomainError, UserErrorCode } from '../domain/errors';
import type { ServiceContext } from '../domain/service-context';

/**
 * Segregation of duties: whoever created a document that needs approval (a count, an
 * adjustment, a purchase order, a bill) may not approve it. Call it in the approving service
 * before changing anything; record `approvedBy`/`approvedAt` from `sc.actor` after it.
 * `anonymous` and `system` never count as the same person as anyone: they cannot approve anyway.
 */
export function assertNotCreator(
  sc: ServiceContext,
  createdBy: string | null | undefined,
  what: string,
  field: string[] | null = null,
): void {
  if (createdBy && createdBy === sc.actor) {
    throw new DomainError(
      UserErrorCode.SEGREGATION_OF_DUTIES,
      field,
      `${what} was created by ${createdBy}; someone else must approve it`,
    );
  }
}
