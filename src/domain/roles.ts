/** What a caller may do; a key or user holds one or more. The role table of docs/internal-frontends.md is generated from permissions.ts. */
export enum Role {
  STOREFRONT = 'STOREFRONT',
  PARTNER = 'PARTNER',
  WAREHOUSE = 'WAREHOUSE',
  BUYER = 'BUYER',
  CONTROLLER = 'CONTROLLER',
  ADMIN = 'ADMIN',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  STOREFRONT: 'Shops and carts: catalog read, availability, reservations.',
  PARTNER: 'Suppliers and marketplaces: catalog read, availability, their own purchase orders as a supplier.',
  WAREHOUSE: 'Warehouse staff: moves, transfers, counts, quality.',
  BUYER: 'Purchasing: suppliers, purchase orders, replenishment.',
  CONTROLLER: 'Finance: accounting, approvals, audit log.',
  ADMIN: 'Everything, including API keys.',
};

export function parseRoles(value: unknown): Role[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Role => typeof r === 'string' && (ALL_ROLES as string[]).includes(r));
}
