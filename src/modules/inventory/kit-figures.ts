import { Decimal } from '../../db/decimal';

/**
 * The one rule for a kit's figures (issue 22): a kit has no stock of its own; in each warehouse it
 * has as many whole kits as its scarcest component allows: floor(min over components of
 * figure / quantity per kit). Medusa v2 (a variant's inventory items with a required quantity)
 * and Shopify's bundles derive the same way. The rule is applied to figures computed elsewhere
 * (stock_sellable, stock_level_figures, ATP buckets, pushed events), never to a figure's own
 * definition: a component shared by several kits and sold on its own is counted once, in its own
 * figures, and every kit reads those.
 *
 * Figures that are stock (onHand, pickable, qualityHold, damaged, incoming, inTransit, forecast,
 * available) derive by the rule; holds (reserved, committed, outgoing, safetyStock, short) are
 * the components': a kit holds nothing of its own, so they are 0 for the kit.
 */
export const KIT_STOCK_FIGURES = [
  'on_hand',
  'pickable',
  'quality_hold',
  'damaged',
  'incoming',
  'in_transit',
  'forecast',
  'available',
] as const;
export const KIT_HOLD_FIGURES = ['outgoing', 'committed', 'safety_stock', 'reserved', 'short'] as const;

/**
 * SQL: the kit rows (product_id = the kit, warehouse_id, and each column of `columns`) derived from
 * `figures`, a relation with product_id, warehouse_id and those columns for the components, and
 * `components`, a relation with kit_id, component_id and quantity (kit_component rows).
 */
export function kitFiguresSql(figures: string, components: string, columns: readonly string[]): string {
  return `select k.kit_id as product_id, f.warehouse_id,
                 ${columns.map((c) => `floor(min(f.${c} / k.quantity)) as ${c}`).join(', ')}
            from ${components} k join ${figures} f on f.product_id = k.component_id
           group by k.kit_id, f.warehouse_id`;
}

/** The same rule in code, for figures computed in code (ATP buckets, figures pushed by events). */
export function kitUnits(components: { figure: Decimal.Value; quantity: Decimal.Value }[]): Decimal {
  let units: Decimal | null = null;
  for (const c of components) {
    const here = new Decimal(c.figure).div(c.quantity).floor();
    if (units === null || here.lt(units)) units = here;
  }
  return units ?? new Decimal(0);
}
