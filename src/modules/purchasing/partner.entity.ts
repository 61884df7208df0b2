import { Entity, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Product } from '../catalog/product.entity';
import { Uom } from '../catalog/uom.entity';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { PaymentTerm } from './payment-term.entity';

/**
 * A business partner. Suppliers are partners (Odoo's res.partner) so that accounting lines,
 * bills and later customers reference one kind of record by id.
 */
@ObjectType({ description: 'A business partner; suppliers are partners with `isSupplier`.' })
@Entity()
@Unique({ properties: ['company', 'code'] })
@Index({ properties: ['company', 'name'] })
export class Partner extends CompanyScopedEntity {
  @Field({ description: 'Short code, unique within the company (e.g. "ACME").' })
  @Property({ length: 32 })
  code!: string;

  @Field({ description: 'Display name.' })
  @Property({ length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Contact e-mail for purchase orders.' })
  @Property({ length: 200, nullable: true })
  email?: string | null;

  @Field({ description: 'ISO 4217 currency its prices and bills are in.' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => Int, {
    description:
      'Default lead time in days: for prices set without their own, and for order lines of products not on its price list.',
  })
  @Property({ type: 'integer', default: 0 })
  leadTimeDays: number & Opt = 0;

  /** Default payment term of its bills (the API shows it as `paymentTerm`). */
  @ManyToOne(() => PaymentTerm, { ref: true, nullable: true, deleteRule: 'restrict' })
  paymentTerm?: Ref<PaymentTerm> | null;

  @Field(() => Boolean, { description: 'Can be ordered from.' })
  @Property({ type: 'boolean' })
  isSupplier: boolean & Opt = true;

  @Field(() => Boolean, {
    description:
      'Inactive partners keep their history and open orders but take no new orders or prices, and replenishment skips them.',
  })
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}

@ObjectType({ description: "A supplier's price and terms for one product (one line of its price list)." })
@Entity()
// A price line (Odoo's supplierinfo): one per minimum quantity and first valid day, so a break can
// have its price change scheduled beside it. No validFrom counts as one start (the earliest).
@Unique({
  name: 'supplier_price_break_unique',
  expression: `create unique index "supplier_price_break_unique" on "supplier_price" ("supplier_id", "product_id", "min_quantity", coalesce("valid_from", '-infinity'::date))`,
})
@Index({ properties: ['product'] })
export class SupplierPrice extends CompanyScopedEntity {
  @ManyToOne(() => Partner, { ref: true, deleteRule: 'restrict' })
  supplier!: Ref<Partner>;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'restrict' })
  product!: Ref<Product>;

  @Field(() => String, { nullable: true, description: "The supplier's own reference for the product." })
  @Property({ length: 64, nullable: true })
  supplierSku?: string | null;

  @ManyToOne(() => Uom, { ref: true, deleteRule: 'restrict' })
  purchaseUom!: Ref<Uom>;

  @Field(() => DecimalScalar, { description: 'Price per purchase unit (`purchaseUom`), in `currency`.' })
  @Property({ type: 'decimal', precision: 20, scale: 6 })
  unitPrice!: string;

  @Field({ description: 'ISO 4217 currency of the price.' })
  @Property({ length: 3 })
  currency!: string;

  @Field(() => DecimalScalar, {
    description:
      'From this quantity on (in the purchase unit) this price applies: one price line per minimum and `validFrom`; the smallest minimum is the least the supplier accepts.',
  })
  @Property({ type: 'decimal', precision: 20, scale: 6, default: '0' })
  minQuantity: string & Opt = '0';

  @Field(() => String, {
    nullable: true,
    description:
      'First day the price applies, YYYY-MM-DD (none: always did). With `minQuantity` it identifies the line; of two lines of one minimum valid on a day, the later start wins.',
  })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day the price applies, YYYY-MM-DD (none: no end).' })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Field(() => Int, { description: 'Days from confirmation to delivery the supplier promises.' })
  @Property({ type: 'integer', default: 0 })
  leadTimeDays: number & Opt = 0;

  @Field(() => Boolean, { description: 'The supplier replenishment orders from; at most one per product.' })
  @Property({ type: 'boolean', default: false })
  preferred: boolean & Opt = false;
}
