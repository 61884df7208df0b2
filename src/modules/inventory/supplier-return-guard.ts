import type { ServiceContext } from '../../domain/service-context';

/**
 * Goods sent to the supplier location outside a purchase order (qualityRelease with
 * RETURN_TO_SUPPLIER, RETURN transfer lines with that disposition) ask the modules above
 * inventory first: purchasing refuses them for goods received on a purchase order, which go
 * back with purchaseOrderReturn, the one rule that ties a return to its order line (issue 23
 * item 3: the untied path credited the warehouse's oldest layer and left the order billable).
 */
export type SupplierReturnGuard = (
  sc: ServiceContext,
  goods: { productId: string; sku: string; warehouseId: string; warehouseCode: string; field: string[] },
) => Promise<void>;

const guards: SupplierReturnGuard[] = [];

export function registerSupplierReturnGuard(guard: SupplierReturnGuard): void {
  if (!guards.includes(guard)) guards.push(guard);
}

export async function guardSupplierReturn(
  sc: ServiceContext,
  goods: Parameters<SupplierReturnGuard>[1],
): Promise<void> {
  for (const guard of guards) await guard(sc, goods);
}
