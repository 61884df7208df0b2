import { type ClassType, Field, ObjectType } from 'type-graphql';
import { UserError } from './errors';

export type PayloadShape<K extends string, T> = { [key in K]?: T | null } & { userErrors: UserError[] };

/**
 * Builds `<Name>Payload { <field>: T, userErrors }`, the shape every mutation returns
 * (Saleor and Shopify style): the object on success, business errors otherwise.
 */
export function PayloadType<K extends string, T extends object>(
  name: string,
  field: K,
  type: ClassType<T>,
  description: string,
): ClassType<PayloadShape<K, T>> {
  @ObjectType(`${name}Payload`, { description: `Result of ${name.charAt(0).toLowerCase()}${name.slice(1)}.` })
  class Payload {
    @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
    userErrors!: UserError[];
  }
  Field(() => type, { nullable: true, description })(Payload.prototype, field);
  return Payload as unknown as ClassType<PayloadShape<K, T>>;
}
