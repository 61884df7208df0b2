import fs from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { buildStocklineSchema, printStocklineSchema } from '../../src/graphql/schema';

describe('the reviewed GraphQL contract', () => {
  // Built once: every test here only reads it.
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildStocklineSchema();
  });

  it('schema/schema.graphql is what the code builds (run `npm run schema:emit` when this fails)', () => {
    const printed = printStocklineSchema(schema);
    const committed = fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(printed).toBe(committed);
  });

  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    const types = Object.values(schema.getTypeMap()).filter((t: GraphQLNamedType) => !t.name.startsWith('__'));
    for (const type of types) {
      if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every mutation takes one argument, `input: <Mutation>Input!`-like and non-null', () => {
    const odd = Object.values(schema.getMutationType()!.getFields())
      .filter((f) => f.args.length !== 1 || f.args[0].name !== 'input' || !isNonNullType(f.args[0].type))
      .map((f) => `${f.name}(${f.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')})`);
    expect(odd).toEqual([]);
  });

  it('every id is an ID: fields and arguments named id or ending in Id/Ids', () => {
    // A request id is the caller's correlation string (X-Request-Id), not the id of a record.
    const notRecords = new Set(['AuditEntry.requestId']);
    const wrong: string[] = [];
    const check = (where: string, name: string, type: Parameters<typeof getNamedType>[0]) => {
      if (!/^(id|ids|\w+Id|\w+Ids)$/.test(name) || notRecords.has(where)) return;
      if (getNamedType(type)!.name !== 'ID') wrong.push(`${where}: ${String(type)}`);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          check(`${type.name}.${field.name}`, field.name, field.type);
          for (const arg of 'args' in field ? field.args : []) {
            check(`${type.name}.${field.name}(${arg.name})`, arg.name, arg.type);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a stock event always names the record behind it', () => {
    const cause = schema.getType('StockEventCause');
    expect(isObjectType(cause) && String(cause.getFields().id.type)).toBe('ID!');
  });
});
