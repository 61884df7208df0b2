import { Entity, ManyToOne, type Opt, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity';
import { Company } from '../company/company.entity';
import { Warehouse } from './warehouse.entity';

const figure = () => ({ type: 'decimal', precision: 30, scale: 6, default: '0' }) as const;

/**
 * The sums behind the stock figures of a product x warehouse, kept current by statement triggers
 * on quant, stock_move and location (migrations/Migration20261207021000StockPairFigures), as
 * reserved_stock is for reservation lines: `stock_sellable` and `stock_level_figures` read one
 * row per pair instead of summing quants and open moves at read time. `stockReconcile` checks
 * them against a recomputation. Never written by the application.
 */
@Entity()
export class StockPairFigures {
  [PrimaryKeyProp]?: ['product', 'warehouse'];

  @ManyToOne(() => Product, { primary: true, ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { primary: true, ref: true, deleteRule: 'cascade' })
  warehouse!: Ref<Warehouse>;

  @ManyToOne(() => Company, { ref: true, deleteRule: 'cascade' })
  company!: Ref<Company>;

  /** Quants in internal, quality and damaged locations. */
  @Property(figure())
  onHand: string & Opt = '0';

  @Property(figure())
  qualityHold: string & Opt = '0';

  @Property(figure())
  damaged: string & Opt = '0';

  /** Quants in sellable locations (whether the warehouse is active applies at read time). */
  @Property(figure())
  pickable: string & Opt = '0';

  /** Confirmed moves taking stock out of the pickable locations. */
  @Property(figure())
  committed: string & Opt = '0';

  /** Confirmed moves into the warehouse from outside it. */
  @Property(figure())
  incoming: string & Opt = '0';

  /** Confirmed put-aways inside the warehouse (into a sellable location from one that is not). */
  @Property(figure())
  putAway: string & Opt = '0';

  @Property(figure())
  inTransit: string & Opt = '0';

  @Property(figure())
  outgoing: string & Opt = '0';

  /** Quant rows of the pair and confirmed moves touching it: the pair is active while either is not 0. */
  @Property({ type: 'integer', default: 0 })
  quants: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  openMoves: number & Opt = 0;
}
