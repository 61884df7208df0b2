import { isAllowed, type RootKind } from './permissions';
import type { Principal } from './principal';
import { Role } from './roles';

const NO_SUPPLIER = '00000000-0000-0000-0000-000000000000';

/**
 * The supplier a PARTNER caller is limited to for one operation: the supplier its key is bound
 * to (the nil UUID when none, which matches no order), or undefined when the caller may see
 * every record of the company. The scope is lifted only by another role that itself grants the
 * operation in the permission table (BUYER, WAREHOUSE, ...): a key holding PARTNER and
 * STOREFRONT, which may not read orders, stays scoped.
 */
export function partnerSupplierScope(auth: Principal, kind: RootKind, operation: string): string | undefined {
  const unscoped = auth.roles.filter((role) => role !== Role.PARTNER);
  if (isAllowed(kind, operation, unscoped)) return undefined;
  return auth.supplierId ?? NO_SUPPLIER;
}

/**
 * The supplier filter to apply: the caller's own when scoped; a filter naming another
 * supplier then matches nothing instead of being replaced.
 */
export function scopedSupplierFilter(scope: string | undefined, requested: string | undefined): string | undefined {
  if (scope === undefined) return requested;
  return requested && requested !== scope ? NO_SUPPLIER : scope;
}
