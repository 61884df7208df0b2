import { ArrayRelations } from '../../src/db/array-relations';
import { Decimal } from '../../src/db/decimal';

const ID = '00000000-0000-4000-8000-000000000001';

describe('array relations (a group of records as parallel array parameters)', () => {
  const relations = new ArrayRelations();
  const people = relations.relation<{ n: number; id: string; name: string | null }>('p', (c) => ({
    n: c.int((r) => r.n),
    id: c.uuid((r) => r.id),
    name: c.text((r) => r.name),
  }));
  const amounts = relations.relation<{ n: number; amount: Decimal | null; at: Date | null }>('a', (c) => ({
    n: c.int((r) => r.n),
    amount: c.numeric((r) => r.amount),
    at: c.timestamptz((r) => r.at),
  }));

  it('numbers the parameters of each relation after those declared before it', () => {
    expect(people.unnest).toBe('unnest($1::int[], $2::uuid[], $3::text[]) as p(n, id, name)');
    expect(amounts.unnest).toBe('unnest($4::int[], $5::numeric[], $6::timestamptz[]) as a(n, amount, at)');
  });

  it('gives the arguments in parameter order, one array literal per column, whatever order they are bound in', () => {
    const args = relations.arguments([
      amounts.bind([{ n: 0, amount: new Decimal('1.50'), at: null }]),
      people.bind([
        { n: 0, id: ID, name: null },
        { n: 1, id: ID, name: 'x' },
      ]),
    ]);
    expect(args).toHaveLength(6);
    expect(args[0]).toBe('array[0, 1]::int[]');
    expect(args[1]).toBe(`array['${ID}'::uuid, '${ID}'::uuid]::uuid[]`);
    expect(args[2]).toMatch(/^array\[null::text, convert_from\(/);
    expect(args[3]).toBe('array[0]::int[]');
    expect(args[4]).toBe('array[1.5::numeric]::numeric[]');
    expect(args[5]).toBe('array[null::timestamptz]::timestamptz[]');
  });

  it('binds empty relations as empty arrays', () => {
    const args = relations.arguments([people.bind([]), amounts.bind([])]);
    expect(args).toEqual([
      'array[]::int[]',
      'array[]::uuid[]',
      'array[]::text[]',
      'array[]::int[]',
      'array[]::numeric[]',
      'array[]::timestamptz[]',
    ]);
  });

  it('refuses a relation left out, bound twice or of another statement', () => {
    expect(() => relations.arguments([people.bind([])])).toThrow(/bind each/);
    expect(() => relations.arguments([people.bind([]), people.bind([])])).toThrow(/bind each/);
    const other = new ArrayRelations().relation<{ n: number }>('o', (c) => ({ n: c.int((r) => r.n) }));
    expect(() => relations.arguments([people.bind([]), other.bind([])])).toThrow(/another statement/);
  });

  it('refuses a value that is not what its column holds', () => {
    expect(() => people.bind([{ n: 0, id: 'not-a-uuid', name: null }])).toThrow(/not a uuid/);
    expect(() => people.bind([{ n: 1.5, id: ID, name: null }])).toThrow(/not an int/);
  });
});
