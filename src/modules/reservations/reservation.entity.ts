import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  type Opt,
  PrimaryKeyProp,
  Property,
  type Ref,
} from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Company } from '../company/company.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { Warehouse } from '../inventory/warehouse.entity';
import { Channel } from './channel.entity';
import { ReservationPolicy, ReservationState } from './reservation.enums';

@ObjectType({ description: 'Stock held for an order or a cart, per product and warehouse.' })
@Entity()
@Index({ properties: ['company', 'reference'] })
@Index({
  name: 'reservation_expiry_index',
  expression: `create index "reservation_expiry_index" on "reservation" ("expires_at") where "state" = 'ACTIVE'`,
})
export class Reservation extends CompanyScopedEntity {
  @Field({ description: "The caller's reference (order or cart id)." })
  @Property({ length: 200 })
  reference!: string;

  @ManyToOne(() => Channel, { ref: true, nullable: true, deleteRule: 'restrict' })
  channel?: Ref<Channel> | null;

  @Field(() => ReservationState, { description: 'Stored state; see `effectiveState` for expiry at read time.' })
  @Enum({ items: () => ReservationState, nativeEnumName: 'reservation_state' })
  state!: ReservationState;

  @Field(() => ReservationPolicy, { description: 'Policy it was made with.' })
  @Enum({ items: () => ReservationPolicy, nativeEnumName: 'reservation_policy' })
  policy!: ReservationPolicy;

  @Field(() => Date, { nullable: true, description: 'When it stops holding stock; null: until released or fulfilled.' })
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who made it.' })
  @Property({ length: 200, nullable: true })
  createdBy?: string | null;

  @OneToMany(() => ReservationLine, (line) => line.reservation)
  lines = new Collection<ReservationLine>(this);
}

/**
 * What is held where. The reservation's state and expiry are copied here so that `reserved`
 * (ReservedStock less the lapsed lines) is indexed, and expiry applies at read time.
 */
@ObjectType({ description: 'A quantity of one product held in one warehouse.' })
@Entity()
@Index({
  name: 'reservation_line_active_index',
  // expires_at last: the lapsed lines of a pair (subtracted from ReservedStock at read time) are one range.
  expression: `create index "reservation_line_active_index" on "reservation_line" ("product_id", "warehouse_id", "expires_at") where "state" = 'ACTIVE'`,
})
@Index({ properties: ['reservation'] })
export class ReservationLine extends CompanyScopedEntity {
  @ManyToOne(() => Reservation, { ref: true, deleteRule: 'cascade' })
  reservation!: Ref<Reservation>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Field(() => DecimalScalar, { description: 'Quantity held, in the product unit.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  quantity!: string;

  @Field(() => DecimalScalar, { description: 'Quantity already delivered from this line.' })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  fulfilledQuantity: string & Opt = '0';

  @Field(() => DecimalScalar, {
    description:
      'Quantity this line no longer holds because a loss accepted with force took it (0 unless the reservation is SHORT).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  shortQuantity: string & Opt = '0';

  @Enum({ items: () => ReservationState, nativeEnumName: 'reservation_state' })
  state!: ReservationState;

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  /** The kit this component line was reserved for (null for a product reserved on its own). */
  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'restrict' })
  kit?: Ref<Product> | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Whole kits this component line holds stock for (null when the product was reserved on its own).',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, nullable: true })
  kitQuantity?: string | null;
}

/**
 * Open quantity of active reservation lines per product x warehouse (lapsed or not), kept exact
 * by a trigger on reservation_line (migrations/Migration20261124200000). Reads take it and
 * subtract the lines past their expiry, so `reserved` costs one row whatever the number of
 * lines; `stockReconcile` checks it against the lines.
 */
@Entity()
export class ReservedStock {
  [PrimaryKeyProp]?: ['product', 'warehouse'];

  @ManyToOne(() => Product, { primary: true, ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @ManyToOne(() => Warehouse, { primary: true, ref: true, deleteRule: 'cascade' })
  warehouse!: Ref<Warehouse>;

  @ManyToOne(() => Company, { ref: true, deleteRule: 'cascade' })
  company!: Ref<Company>;

  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  quantity: string & Opt = '0';
}
