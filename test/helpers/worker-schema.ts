import type { GraphQLSchema } from 'graphql';
import { buildStocklineSchema } from '../../src/graphql/schema';

let schema: Promise<GraphQLSchema> | undefined;

/**
 * The schema depends only on the code: built once per jest worker, for every file it runs.
 * Loaded through native.ts, as the server that serves it.
 */
export function workerSchema(): Promise<GraphQLSchema> {
  return (schema ??= buildStocklineSchema());
}
