/**
 * Operation costs already computed, per parsed document (Apollo's document store hands the same
 * DocumentNode to every request with the same text) and shape of its variables: the cost
 * depends on the document, the operation, the lengths of list arguments, the values of numbers
 * (`first`) and booleans (`@include`/`@skip`), never on strings or list contents. A storefront
 * asking availability for 50 SKUs pays the analysis once, not per request. Only costs are
 * kept: variables that do not fit (no cost) or a page too large (an error) are analysed each
 * time, so the limits apply to every request exactly as before.
 */
const costs = new WeakMap<object, Map<string, number>>();
/** Shapes kept per document (the oldest goes first). */
const SHAPES_PER_DOCUMENT = 64;

/** What of the variables can change the cost: list lengths, numbers, booleans, nulls, object keys. */
export function variableShape(variables: unknown): string {
  return JSON.stringify(variables ?? null, (_key, value: unknown) =>
    Array.isArray(value) ? `[${value.length}]` : typeof value === 'string' ? 's' : value,
  );
}

export function cachedCost(
  document: object,
  operationName: string | null | undefined,
  variables: unknown,
  compute: () => number | undefined,
): number | undefined {
  const key = `${operationName ?? ''}\u0000${variableShape(variables)}`;
  let shapes = costs.get(document);
  const known = shapes?.get(key);
  if (known !== undefined) return known;
  const cost = compute();
  if (cost === undefined) return cost;
  if (!shapes) costs.set(document, (shapes = new Map()));
  if (shapes.size >= SHAPES_PER_DOCUMENT) shapes.delete(shapes.keys().next().value!);
  shapes.set(key, cost);
  return cost;
}
