import { isAllowed, type RootKind } from './permissions';
import type { Principal } from './principal';
import { Role } from './roles';

/** Roles whose callers act for themselves (a shop, a marketplace), not for the company. */
const EXTERNAL: readonly Role[] = [Role.STOREFRONT, Role.PARTNER];

/**
 * Whose reservations a caller may reach through one operation: its own (its `actor`, which
 * reservations record as `createdBy`), or every one of the company (undefined) when another role
 * of the caller that is neither STOREFRONT nor PARTNER grants the operation itself. A reservation
 * belongs to the key (or user) that made it, as a checkout belongs to its token in Saleor and
 * Shopify. Anonymous development callers are one caller, `anonymous`: they reach only what was
 * reserved anonymously.
 */
export function reservationOwnerScope(auth: Principal, kind: RootKind, operation: string): string | undefined {
  const internal = auth.roles.filter((role) => !EXTERNAL.includes(role));
  return isAllowed(kind, operation, internal) ? undefined : auth.actor;
}

/** Whether a caller may see or act on a reservation made by `createdBy` (no caller: the server itself). */
export function mayReachReservation(
  caller: { auth?: Principal; operation?: string },
  createdBy: string | null | undefined,
): boolean {
  if (!caller.auth) return true;
  // Mutations name themselves in the context (enforce.ts); reads come through `reservation` or `reservationChanged`.
  const [kind, operation]: [RootKind, string] = caller.operation
    ? ['Mutation', caller.operation]
    : ['Query', 'reservation'];
  const owner = reservationOwnerScope(caller.auth, kind, operation);
  return owner === undefined || owner === createdBy;
}
