import type { EntityManager } from '@mikro-orm/postgresql';
import { registerLoaders } from '../graphql/context';
import { createAccountingLoaders } from './accounting/accounting.loaders';
import { createCatalogLoaders } from './catalog/catalog.loaders';
import { createInventoryLoaders } from './inventory/inventory.loaders';
import { createPurchasingLoaders } from './purchasing/purchasing.loaders';
import { createReservationLoaders } from './reservations/reservation.loaders';

/** Per-request DataLoaders of every module, built fresh for each request's EntityManager. */
export function createLoaders(em: EntityManager, companyId: string) {
  const scope = { em, companyId };
  return {
    ...createCatalogLoaders(scope),
    ...createInventoryLoaders(scope),
    ...createReservationLoaders(scope),
    ...createPurchasingLoaders(scope),
    ...createAccountingLoaders(scope),
  };
}

export type ModuleLoaders = ReturnType<typeof createLoaders>;

// What resolvers find in ctx.loaders (src/graphql/context.ts declares the empty interface).
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ModuleLoaders {}
}

registerLoaders(createLoaders);
