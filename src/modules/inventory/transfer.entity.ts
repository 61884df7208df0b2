import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CompanyScopedEntity } from '../company/company-scoped.entity';
import { TransferState, TransferType } from './inventory.enums';
import { Location } from './location.entity';
import { StockMove } from './stock-move.entity';
import { Warehouse } from './warehouse.entity';

@ObjectType({ description: 'A picking: the moves of one operation (receipt, delivery, internal transfer or return).' })
@Entity()
@Unique({ properties: ['company', 'name'] })
@Index({ properties: ['company', 'state'] })
export class Transfer extends CompanyScopedEntity {
  @Field({ description: 'Readable reference, e.g. "PAR/OUT/20261122-4F2K9Q".' })
  @Property({ length: 100 })
  name!: string;

  @Field(() => TransferType, { description: 'The operation.' })
  @Enum({ items: () => TransferType, nativeEnumName: 'transfer_type' })
  type!: TransferType;

  @Field(() => TransferState, { description: 'Life-cycle state.' })
  @Enum({ items: () => TransferState, nativeEnumName: 'transfer_state' })
  state!: TransferState;

  @ManyToOne(() => Warehouse, { ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  /** Set for a transfer between two warehouses (shipped, then received through transit). */
  @ManyToOne(() => Warehouse, { ref: true, nullable: true, deleteRule: 'restrict' })
  destinationWarehouse?: Ref<Warehouse> | null;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  source!: Ref<Location>;

  @ManyToOne(() => Location, { ref: true, deleteRule: 'restrict' })
  destination!: Ref<Location>;

  @Field(() => Date, { nullable: true, description: 'Expected date of the operation (arrival for inbound goods).' })
  @Property({ type: 'datetime', nullable: true })
  expectedDate?: Date | null;

  @Field(() => String, { nullable: true, description: 'Free reference to the document behind it, set by the caller.' })
  @Property({ length: 500, nullable: true })
  referenceDocumentUri?: string | null;

  @ManyToOne(() => Transfer, { ref: true, nullable: true, deleteRule: 'restrict' })
  backorderOf?: Ref<Transfer> | null;

  @Field(() => Date, { nullable: true, description: 'When it was completed.' })
  @Property({ type: 'datetime', nullable: true })
  doneAt?: Date | null;

  @OneToMany(() => StockMove, (move) => move.transfer)
  moves = new Collection<StockMove>(this);
}
