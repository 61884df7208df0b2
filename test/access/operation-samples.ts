import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import type { RootKind } from '../../src/auth/permissions';

/** A minimal value of an input type: every required field filled, nothing else. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return randomUUID();
      case 'Int':
      case 'SafeInt':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'Decimal':
        return '1';
      case 'DateTime':
        return new Date().toISOString();
      case 'JSONObject':
        return {};
      default:
        return 'X1';
    }
  }
  return null;
}

/**
 * A document calling one root field with every required argument (as variables) and the
 * smallest selection (`__typename`), so that any operation of the schema, present or future,
 * can be sent by the role matrix.
 */
export function sampleOperation(
  kind: RootKind,
  field: GraphQLField<unknown, unknown>,
): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined);
  const decls = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const op = kind === 'Query' ? 'query' : kind === 'Mutation' ? 'mutation' : 'subscription';
  return {
    query: `${op} Sample${decls ? `(${decls})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)])),
  };
}

export function rootField(schema: GraphQLSchema, kind: RootKind, name: string): GraphQLField<unknown, unknown> {
  const type = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  }[kind]!;
  return type.getFields()[name];
}
