import { cachedCost, variableShape } from '../../src/server/cost-cache';

describe('operation cost cache', () => {
  it('keeps list lengths, numbers and booleans of the variables, not strings nor list contents', () => {
    expect(variableShape({ s: ['A', 'B'], first: 10, on: true, q: 'x', n: null })).toBe(
      variableShape({ s: ['C', 'D'], first: 10, on: true, q: 'y', n: null }),
    );
    expect(variableShape({ s: ['A', 'B'] })).not.toBe(variableShape({ s: ['A', 'B', 'C'] }));
    expect(variableShape({ first: 10 })).not.toBe(variableShape({ first: 11 }));
    expect(variableShape({ on: true })).not.toBe(variableShape({ on: false }));
    expect(variableShape({ first: 10 })).not.toBe(variableShape({ first: '10' }));
  });

  it('computes a cost once per document, operation and shape; never keeps a missing cost or an error', () => {
    const document = {};
    let calls = 0;
    const cost = (value: number | undefined) => () => {
      calls++;
      return value;
    };
    expect(cachedCost(document, 'Q', { s: ['A'] }, cost(7))).toBe(7);
    expect(cachedCost(document, 'Q', { s: ['B'] }, cost(99))).toBe(7);
    expect(calls).toBe(1);
    expect(cachedCost(document, 'Q', { s: ['A', 'B'] }, cost(13))).toBe(13);
    expect(cachedCost(document, 'Other', { s: ['A'] }, cost(21))).toBe(21);
    expect(cachedCost({}, 'Q', { s: ['A'] }, cost(5))).toBe(5);
    expect(calls).toBe(4);

    // Variables that do not fit have no cost: analysed again next time, so a later request is limited.
    const other = {};
    expect(cachedCost(other, null, { first: 1 }, cost(undefined))).toBeUndefined();
    expect(cachedCost(other, null, { first: 1 }, cost(3))).toBe(3);
    const thrower = () => {
      throw new Error('page too large');
    };
    expect(() => cachedCost(other, null, { first: 1000 }, thrower)).toThrow('page too large');
    expect(() => cachedCost(other, null, { first: 1000 }, thrower)).toThrow('page too large');
  });
});
