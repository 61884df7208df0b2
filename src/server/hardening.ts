import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule as armorMaxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  type ASTVisitor,
  getNullableType,
  GraphQLError,
  type GraphQLSchema,
  isListType,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  visitInParallel,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { LimitsConfig } from '../config/env';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/connection';
import { cachedCost } from './cost-cache';

/**
 * Limits of the public endpoint (docs/operators.md: Limits). Validation rules run before any resolver, so
 * a refused document never reaches the database.
 */

/**
 * Deepest field nesting of every operation, following fragments (graphql-armor's max-depth; a
 * fragment cycle is left to NoFragmentCycles). Armor counts the leaf field as a level and a spread
 * as none (flattenFragments), so `n` is one more than the nesting MAX_QUERY_DEPTH allows; its
 * refusal is replaced by ours, located at the operation.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let operation: OperationDefinitionNode | undefined;
    const armor = armorMaxDepthRule({
      n: maxDepth + 1,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [
        () =>
          context.reportError(
            new GraphQLError(`The operation is nested deeper than ${maxDepth} levels`, {
              nodes: operation ? [operation] : undefined,
            }),
          ),
      ],
    })(context);
    // In parallel, in this order: the first visitor tells the second's rejection where it is.
    return visitInParallel([{ OperationDefinition: (node) => void (operation = node) }, armor]);
  };
}

/** Aliases let one request multiply an expensive field; a few are plenty for real clients. */
export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === maxAliases + 1) {
          context.reportError(
            new GraphQLError(`The document uses more than ${maxAliases} aliases`, {
              nodes: [node],
            }),
          );
        }
      },
    };
  };
}

/** Each mutation is its own transaction; a long list of them in one request is a batch in disguise. */
export function maxMutationsRule(maxMutations: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      if (node.operation === 'mutation' && node.selectionSet.selections.length > maxMutations) {
        context.reportError(
          new GraphQLError(`An operation may run at most ${maxMutations} mutations`, {
            nodes: [node],
          }),
        );
      }
    },
  });
}

export function validationRules(limits: LimitsConfig): ValidationRule[] {
  return [
    maxDepthRule(limits.maxDepth),
    maxAliasesRule(limits.maxAliases),
    maxMutationsRule(limits.maxMutationsPerOperation),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/**
 * What `__schema` or `__type` costs, whatever is selected under it. The size of the answer is
 * bounded by the schema, not by the data, and its shape by graphql-js's MaxIntrospectionDepthRule
 * (in the specified rules: `fields`, `interfaces`, `possibleTypes` and `inputFields` nest at most
 * 3 deep), so the list multiplication below would only price the standard introspection query of
 * GraphiQL, codegen or graphql-inspector (about 49,000) above MAX_QUERY_COST. A fixed price
 * keeps it cheap while aliases of `__schema` still add up (30 of them cost 30,000).
 */
export const INTROSPECTION_COST = 1_000;

/**
 * Cost of a field: 1, plus its children times how many it returns. A connection returns `first`
 * items (default page size); a list returns as many as its list arguments allow (skus x
 * warehouseCodes), or `costDefaultListSize` when nothing bounds it. Introspection roots cost
 * INTROSPECTION_COST.
 */
export function costEstimator(defaultListSize: number, pageTooLarge: (first: number) => void): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name === '__schema' || field.name === '__type') return INTROSPECTION_COST;
    let size = 1;
    if (field.args.some((arg) => arg.name === 'first')) {
      size = typeof args.first === 'number' ? Math.max(args.first, 0) : DEFAULT_PAGE_SIZE;
      if (size > MAX_PAGE_SIZE) pageTooLarge(size);
    } else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) {
      const lists = Object.values(args).filter(Array.isArray) as unknown[][];
      size = lists.length ? lists.reduce((n, list) => n * Math.max(list.length, 1), 1) : defaultListSize;
    }
    return 1 + size * childComplexity;
  };
}

/**
 * The operation's cost, or undefined when its variables do not fit (execution then answers
 * BAD_USER_INPUT before any resolver runs). Refuses a page larger than MAX_PAGE_SIZE here, once
 * for every connection, before anything runs.
 */
export function operationCost(
  schema: GraphQLSchema,
  limits: LimitsConfig,
  document: Parameters<typeof getComplexity>[0]['query'],
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number | undefined {
  let tooLarge: number | undefined;
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [costEstimator(limits.costDefaultListSize, (first) => (tooLarge ??= first))],
    });
  } catch {
    return undefined;
  }
  if (tooLarge !== undefined) {
    // Thrown from a plugin hook, it would answer HTTP 500 without its status.
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${tooLarge}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', http: { status: 400 } },
    });
  }
  return cost;
}

export function costTooHigh(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`The operation costs ${cost}, more than the maximum of ${maxCost}`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maximumCost: maxCost, http: { status: 400 } },
  });
}

/** Refuses operations above MAX_QUERY_COST before they run, and reports the cost in `extensions.cost`. */
export function costPlugin<C extends object>(schema: GraphQLSchema, limits: LimitsConfig): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document }) {
          cost = cachedCost(document, request.operationName, request.variables, () =>
            operationCost(schema, limits, document, request.variables, request.operationName),
          );
          if (cost !== undefined && cost > limits.maxCost) throw costTooHigh(cost, limits.maxCost);
        },
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, maximum: limits.maxCost } };
        },
      };
    },
  };
}

/** Answers 503 TIMEOUT when a request runs longer than REQUEST_TIMEOUT_MS. */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    if (ms <= 0) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.status(503).json({
        errors: [{ message: `The request took longer than ${ms} ms`, extensions: { code: 'TIMEOUT' } }],
      });
    }, ms);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/** Requests refused before GraphQL (body too large, malformed JSON) still answer GraphQL-shaped JSON. */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error?.status === 'number' ? error.status : 500;
  const code =
    error?.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  const message =
    code === 'PAYLOAD_TOO_LARGE'
      ? 'The request body is larger than the server accepts'
      : status < 500
        ? 'The request body is not valid JSON'
        : 'Internal server error';
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

/** Also run by the bare POST /graphql handler (src/server/graphql-http.ts), hence plain node types. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** CORS_ORIGINS: `*`, a list of origins, or nothing (same origin only). */
export function corsFor(limits: LimitsConfig): NodeMiddleware {
  const origins = limits.corsOrigins;
  return cors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight', 'x-stockline-lsn'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-stockline-lsn', 'x-stockline-read'],
    maxAge: 600,
  }) as NodeMiddleware;
}
