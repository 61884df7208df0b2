import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../modules';
import { DateTimeScalar } from './scalars';

export async function buildStocklineSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Inputs are validated by runMutation so that violations come back as userErrors.
    validate: false,
    emitSchemaFile: false,
  });
}

/** The reviewed contract: sorted so that moving code around does not change the file. */
export function printStocklineSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
