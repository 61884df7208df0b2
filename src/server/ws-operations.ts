import {
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  type ValidationRule,
  validate,
} from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { LimitsConfig } from '../config/env';
import type { WsAuthExtra } from '../auth/ws-auth';

/** What one socket keeps about its subscriptions, for the caps. */
type WsLimitsExtra = WsAuthExtra & {
  /** Ids of this socket's subscriptions counted against its key's cap. */
  counted?: Set<string>;
  request?: { socket?: { remoteAddress?: string } };
};
type Ctx = WsContext<Record<string, unknown>, WsLimitsExtra>;

function withCode(error: GraphQLError, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, code, ...extra },
  });
}

function limitError(message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SUBSCRIPTION_LIMIT', limit } });
}

/**
 * graphql-ws hooks that make a WebSocket answer like HTTP: each operation is parsed and validated
 * here, so a malformed one errors that operation (with GRAPHQL_PARSE_FAILED or
 * GRAPHQL_VALIDATION_FAILED) instead of closing the socket (graphql-ws closes with 4500 when
 * parsing throws); subscriptions are capped per socket and per key (or per address without one)
 * on this instance; errors carry codes and go through the same formatting as HTTP's (no
 * internals in production). The message size is capped by the WebSocket server (`maxPayload`).
 */
export function wsOperations(options: {
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  limits: Pick<LimitsConfig, 'wsMaxSubscriptionsPerSocket' | 'wsMaxSubscriptionsPerKey'>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}) {
  const { schema, rules, limits, formatError } = options;
  const perKey = new Map<string, number>();
  const keyOf = (ctx: Ctx) =>
    ctx.extra.auth?.kind === 'ANONYMOUS'
      ? `ip:${ctx.extra.request?.socket?.remoteAddress ?? 'unknown'}`
      : (ctx.extra.auth?.actor ?? 'unknown');
  const release = (ctx: Ctx, id: string) => {
    if (!ctx.extra.counted?.delete(id)) return;
    const key = keyOf(ctx);
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else perKey.delete(key);
  };
  const format = (error: GraphQLError): GraphQLFormattedError => {
    let coded = error;
    if (!error.extensions?.code) {
      // No path: graphql-js refused the variables before running anything; with one: a resolver failed.
      coded = withCode(error, error.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT');
    }
    return formatError(coded.toJSON(), coded);
  };

  return {
    /** Run after authentication: parse, validate and count, or answer this operation's errors. */
    subscribe(ctx: Ctx, id: string, payload: SubscribePayload): readonly GraphQLError[] | DocumentNode {
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const invalid = validate(schema, document, rules);
      if (invalid.length > 0) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
      if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') return document;
      if ((ctx.extra.counted?.size ?? 0) >= limits.wsMaxSubscriptionsPerSocket) {
        return [
          limitError(
            `This connection already has ${limits.wsMaxSubscriptionsPerSocket} subscriptions open (WS_MAX_SUBSCRIPTIONS_PER_SOCKET); complete one first`,
            limits.wsMaxSubscriptionsPerSocket,
          ),
        ];
      }
      const key = keyOf(ctx);
      const held = perKey.get(key) ?? 0;
      if (held >= limits.wsMaxSubscriptionsPerKey) {
        return [
          limitError(
            `Your key already has ${limits.wsMaxSubscriptionsPerKey} subscriptions open on this instance (WS_MAX_SUBSCRIPTIONS_PER_KEY); complete one first`,
            limits.wsMaxSubscriptionsPerKey,
          ),
        ];
      }
      perKey.set(key, held + 1);
      (ctx.extra.counted ??= new Set()).add(id);
      return document;
    },
    onComplete(ctx: Ctx, id: string) {
      release(ctx, id);
    },
    /** A closed socket's subscriptions stop counting against its key. */
    onClose(ctx: Ctx) {
      for (const id of [...(ctx.extra.counted ?? [])]) release(ctx, id);
    },
    onError(_ctx: Ctx, _id: string, _payload: SubscribePayload, errors: readonly GraphQLError[]) {
      return errors.map(format);
    },
    onNext(
      _ctx: Ctx,
      _id: string,
      _payload: SubscribePayload,
      _args: unknown,
      result: ExecutionResult,
    ): FormattedExecutionResult | void {
      if (!result.errors?.length) return;
      return { ...result, errors: result.errors.map(format) } as FormattedExecutionResult;
    },
    /** Open subscriptions per key on this instance (for tests). */
    openPerKey: perKey,
  };
}
