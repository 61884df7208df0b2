import type { Principal } from './principal';
import { Role } from './roles';

const NO_SUPPLIER = '00000000-0000-0000-0000-000000000000';

/**
 * A caller whose only role is PARTNER sees the purchase orders of the supplier its key is bound
 * to, and nothing else: returns that supplier id (the nil UUID when the key is bound to none,
 * which matches no order). Any other role sees every order of the company: undefined.
 */
export function partnerSupplierScope(auth: Principal): string | undefined {
  if (auth.roles.some((role) => role !== Role.PARTNER)) return undefined;
  return auth.supplierId ?? NO_SUPPLIER;
}
