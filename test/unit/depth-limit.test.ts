import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { maxDepthRule } from '../../src/server/hardening';

/** MAX_QUERY_DEPTH (graphql-armor's max-depth under our message): nesting counts selection sets. */
const schema = buildSchema(`
  type Category { name: String, parent: Category }
  type Query { category: Category }
`);
const nested = (levels: number, leaf = 'name') =>
  `{ category { ${'parent { '.repeat(levels - 1)}${leaf}${' }'.repeat(levels - 1)} } }`;
const errors = (query: string, maxDepth = 3) =>
  validate(schema, parse(query), [...specifiedRules, maxDepthRule(maxDepth)]).map((e) => ({
    message: e.message,
    line: e.locations?.[0]?.line,
  }));

describe('the depth limit', () => {
  it('lets an operation nested exactly to the limit through', () => {
    expect(errors(nested(3))).toEqual([]);
  });

  it('refuses one level more, with our message located at the operation', () => {
    expect(errors(`\n${nested(4)}`)).toEqual([{ message: 'The operation is nested deeper than 3 levels', line: 2 }]);
  });

  it('counts what fragments nest, not the spreads themselves', () => {
    const fragments = 'fragment P on Category { parent { parent { name } } }';
    expect(errors(`{ category { ...P } } ${fragments}`)).toEqual([]);
    expect(errors(`{ category { parent { ...P } } } ${fragments}`)).toHaveLength(1);
    expect(errors('{ category { ... on Category { parent { parent { name } } } } }')).toEqual([]);
  });

  it('reports each operation of a document that goes too deep', () => {
    const document = `query A ${nested(4)} query B ${nested(2)} query C ${nested(5)}`;
    expect(errors(document).map((e) => e.message)).toEqual([
      'The operation is nested deeper than 3 levels',
      'The operation is nested deeper than 3 levels',
    ]);
  });

  it('leaves introspection of the schema to its own limits', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 2)).toEqual([]);
  });
});
