/**
 * Which products and warehouses a stock-level subscription may want, as the index keys it by.
 * A product matches by SKU or by id (either list); a warehouse by id or by code. null on a
 * dimension: every product (or warehouse). The index only narrows: a listener still applies its
 * full filter (a channel and warehouse codes together, say) to what it is offered.
 */
export interface PairInterest {
  products: { skus?: Iterable<string>; ids?: Iterable<string> } | null;
  warehouses: { ids?: Iterable<string>; codes?: Iterable<string> } | null;
}

/** The pair an event is about, by both its ids and its names. */
export interface EventPair {
  productId: string | null;
  sku: string | null;
  warehouseId: string | null;
  warehouseCode: string | null;
}

interface Entry<L> {
  listener: L;
  /** The match() round that last offered it: an entry reached by two keys is offered once. */
  round: number;
}

const ANY = '*';
const productKeys = (interest: PairInterest['products']): string[] => {
  if (!interest) return [ANY];
  return [...[...(interest.skus ?? [])].map((s) => `s:${s}`), ...[...(interest.ids ?? [])].map((i) => `p:${i}`)];
};
const warehouseKeys = (interest: PairInterest['warehouses']): string[] => {
  if (!interest) return [ANY];
  return [...[...(interest.ids ?? [])].map((i) => `w:${i}`), ...[...(interest.codes ?? [])].map((c) => `c:${c}`)];
};

/**
 * Listeners indexed by product x warehouse, so that an event is offered to the subscriptions
 * that may want its pair instead of to every subscription of the company: a listener is filed
 * under each (product key, warehouse key) of its interest, "*" standing for any; an event looks
 * up its nine combinations (SKU, product id or any, times warehouse id, code or any). The cost
 * of an event is those lookups plus its candidates, whatever the number of subscribers.
 */
export class PairIndex<L> {
  private readonly byKey = new Map<string, Set<Entry<L>>>();
  private round = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Files a listener; returns the function that removes it. */
  add(listener: L, interest: PairInterest): () => void {
    const entry: Entry<L> = { listener, round: 0 };
    const keys: string[] = [];
    for (const p of new Set(productKeys(interest.products))) {
      for (const w of new Set(warehouseKeys(interest.warehouses))) keys.push(`${p}|${w}`);
    }
    for (const key of keys) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(entry);
    }
    this.count++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.count--;
      for (const key of keys) {
        const set = this.byKey.get(key);
        set?.delete(entry);
        if (set?.size === 0) this.byKey.delete(key);
      }
    };
  }

  /** The listeners whose interest covers the pair, each once, in no particular order. */
  match(pair: EventPair): L[] {
    const round = ++this.round;
    const found: L[] = [];
    const products = [ANY];
    if (pair.sku != null) products.push(`s:${pair.sku}`);
    if (pair.productId != null) products.push(`p:${pair.productId}`);
    const warehouses = [ANY];
    if (pair.warehouseId != null) warehouses.push(`w:${pair.warehouseId}`);
    if (pair.warehouseCode != null) warehouses.push(`c:${pair.warehouseCode}`);
    for (const p of products) {
      for (const w of warehouses) {
        const set = this.byKey.get(`${p}|${w}`);
        if (!set) continue;
        for (const entry of set) {
          if (entry.round === round) continue;
          entry.round = round;
          found.push(entry.listener);
        }
      }
    }
    return found;
  }
}
