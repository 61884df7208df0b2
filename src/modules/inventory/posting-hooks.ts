import type { ServiceContext } from '../../domain/service-context';
import type { StockMove } from './stock-move.entity';

/**
 * What must happen in the same transaction as posted stock moves, registered by the modules
 * above inventory (accounting values them: DOMAIN.md, perpetual inventory). Inventory calls
 * the hooks without knowing them, as it calls transfer guards (transfer.service.ts).
 */
export type MovesPostedHook = (sc: ServiceContext, moves: StockMove[], at: Date) => Promise<void>;

const hooks: MovesPostedHook[] = [];

export function registerMovesPostedHook(hook: MovesPostedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function movesPosted(sc: ServiceContext, moves: StockMove[], at: Date): Promise<void> {
  // The books must follow the goods: posting without the accounting module loaded is a bug
  // (src/modules/index.ts loads every module, and the ORM's configuration loads that).
  if (hooks.length === 0) throw new Error('no posting hook registered: stock moves would go unvalued');
  for (const hook of hooks) await hook(sc, moves, at);
}
