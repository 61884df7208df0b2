import { type ExecutionArgs, parse } from 'graphql';
import { selectionKey, sharedDataReplacer, withSharedData } from '../../src/pubsub/shared-execution';

/** What makes two subscribers of one stock event share its execution and its JSON (issue 21 fan-out). */
const DOCUMENT = `subscription S($skus: [String!], $delta: Boolean!) {
  stockLevelChanged(skus: $skus) { sku delta @include(if: $delta) { onHand } }
}`;
const args = (variables: Record<string, unknown>, roles = ['ADMIN'], companyId = 'c1', text = DOCUMENT) =>
  ({
    schema: undefined as never,
    document: parse(text),
    variableValues: variables,
    contextValue: { auth: { companyId, roles } },
  }) as unknown as ExecutionArgs;

describe('selectionKey', () => {
  it("ignores the values of the root field's arguments (they only filter)", () => {
    expect(selectionKey(args({ skus: ['A'], delta: true }))).toBe(
      selectionKey(args({ skus: ['B', 'C'], delta: true })),
    );
  });

  it('differs when a variable used below the root field differs', () => {
    expect(selectionKey(args({ skus: ['A'], delta: true }))).not.toBe(
      selectionKey(args({ skus: ['A'], delta: false })),
    );
  });

  it('differs with the selection, the company and the roles', () => {
    const base = selectionKey(args({ delta: true }));
    expect(
      selectionKey(args({ delta: true }, ['ADMIN'], 'c1', DOCUMENT.replace('sku delta', 'sku warehouseCode delta'))),
    ).not.toBe(base);
    expect(selectionKey(args({ delta: true }, ['STOREFRONT']))).not.toBe(base);
    expect(selectionKey(args({ delta: true }, ['ADMIN'], 'c2'))).not.toBe(base);
    // Roles in another order are the same readers.
    expect(selectionKey(args({ delta: true }, ['WAREHOUSE', 'ADMIN']))).toBe(
      selectionKey(args({ delta: true }, ['ADMIN', 'WAREHOUSE'])),
    );
  });

  it('counts variables used in fragments', () => {
    const text = `subscription S($skus: [String!], $delta: Boolean!) { stockLevelChanged(skus: $skus) { ...F } }
      fragment F on StockLevelEvent { sku delta @include(if: $delta) { onHand } }`;
    expect(selectionKey(args({ delta: true }, ['ADMIN'], 'c1', text))).not.toBe(
      selectionKey(args({ delta: false }, ['ADMIN'], 'c1', text)),
    );
  });
});

describe('shared JSON in a frame', () => {
  it('leaves frames without shared data as they are', () => {
    const message = { id: '1', type: 'next', payload: { data: { a: 1 } } };
    const frame = JSON.stringify(message, sharedDataReplacer);
    expect(withSharedData(frame)).toBe(JSON.stringify(message));
  });
});
