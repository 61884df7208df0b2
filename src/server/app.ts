import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import {
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  specifiedRules,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { Authenticator } from '../auth/authenticate';
import { KeyRevocationBus } from '../auth/key-events';
import type { Principal } from '../auth/principal';
import { type WsAuthExtra, wsAuthentication } from '../auth/ws-auth';
import type { AppConfig } from '../config/env';
import type { Deadline } from '../db/faults';
import type { ReadReplicas } from '../db/replicas';
import { databaseReady } from '../db/orm';
import { FaultCode, faultError } from '../graphql/fault-errors';
import { dataExceptionMessage } from '../db/sql';
import { type Context, RequestContext } from '../graphql/context';
import { observabilityPlugin, observeError } from '../observability/apollo-plugin';
import { metricsHandler, trackDatabasePool, type PoolLike } from '../observability/metrics';
import { assignRequestId, enterRequestScope } from '../observability/request-scope';
import { activeTracing, traceOperation } from '../observability/tracing-hooks';
import { graphqlHttpHandler } from './graphql-http';
import { bodyErrors, corsFor, costPlugin, requestTimeout, validationRules } from './hardening';
import type { Logger } from '../observability/logger';
import { sharedDataReplacer, sharedSubscribe } from '../pubsub/shared-execution';
import { batchSocketWrites, nextFrameWriter } from '../pubsub/socket-writes';
import { StockEventHub } from '../pubsub/stock-event-hub';
import { PgListenTransport, RedisTransport } from '../pubsub/wake-transport';
import { WebhookWorker } from '../modules/webhooks/webhook.worker';
import { mountSandbox } from './sandbox';
import { readRoutingPlugin } from './read-routing';
import { connectSharedState } from './shared-state';
import { wsOperations } from './ws-operations';

export interface StocklineServer {
  httpServer: http.Server;
  /** This instance's subscription hub; the sweeper tells it after its commits. */
  stockEvents: StockEventHub;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

function formatErrorFor(config: AppConfig, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    observeError(formatInternal(formatted, error));
  function formatInternal(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    // A fault outside runMutation (a query's read, a nested field): said as the fault it is.
    const fault = faultError(unwrapResolverError(error));
    if (fault) {
      if (fault.extensions.code === FaultCode.DATABASE_UNAVAILABLE) logDatabaseUnavailable(logger, error);
      return { message: fault.message, path: formatted.path, extensions: { ...fault.extensions, http: undefined } };
    }
    const code = formatted.extensions?.code;
    const refused = code === 'INTERNAL_SERVER_ERROR' ? clientFault(formatted, error) : null;
    if (refused) return { ...formatted, message: refused, extensions: { code: 'BAD_USER_INPUT' } };
    if (code === FaultCode.DATABASE_UNAVAILABLE) logDatabaseUnavailable(logger, error);
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      logger.error({ err: error }, 'internal error while executing an operation');
      if (config.nodeEnv === 'production') {
        // Never leak SQL, stack traces or internals to clients in production.
        return {
          message: 'Internal server error',
          path: formatted.path,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        };
      }
      return formatted;
    }
    // A refusal with its own code (cost, validation, auth, bad input) is about the request, not
    // the server: the stack trace Apollo adds outside production says nothing to the client.
    if (formatted.extensions?.stacktrace === undefined) return formatted;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  }
}

/** One line per answer the database's absence caused, naming the cause (never the SQL). */
function logDatabaseUnavailable(logger: Logger, error: unknown): void {
  const cause = unwrapResolverError(error) as { cause?: unknown; message?: string };
  const root = (cause?.cause ?? cause) as { message?: string; code?: string } | undefined;
  logger.error(
    { code: FaultCode.DATABASE_UNAVAILABLE, cause: root?.message, errno: root?.code },
    'database unavailable',
  );
}

/** HTTP 503 when a fault not raised as a GraphQLError (a query's read) meant the database was unavailable. */
function unavailableStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(rc) {
          const down = rc.errors.some(
            (e) => faultError(unwrapResolverError(e))?.extensions.code === FaultCode.DATABASE_UNAVAILABLE,
          );
          if (down) rc.response.http.status = 503;
        },
      };
    },
  };
}

/**
 * An error Apollo would answer as internal although the request caused it: a value PostgreSQL
 * refused (see dataExceptionMessage), or graphql-js giving up on a request's variables after
 * too many bad ones.
 */
function clientFault(formatted: GraphQLFormattedError, error: unknown): string | null {
  const refused = dataExceptionMessage(unwrapResolverError(error));
  if (refused) return refused.charAt(0).toUpperCase() + refused.slice(1);
  if (!formatted.path && formatted.message.startsWith('Too many errors processing variables')) return formatted.message;
  return null;
}

export async function createStocklineServer(options: {
  orm: MikroORM;
  schema: GraphQLSchema;
  config: AppConfig;
  logger: Logger;
  /** The company anonymous requests act for, when configuration allows them. */
  companyId: string;
  /** Read replicas for queries over HTTP (DATABASE_REPLICA_URLS); without, everything reads the primary. */
  replicas?: ReadReplicas;
}): Promise<StocklineServer> {
  const { orm, schema, config, logger, companyId, replicas } = options;
  const { limits } = config;
  const tracing = activeTracing();
  const { events } = config;
  const databaseUrl = orm.config.get('clientUrl')!;
  // Redis when REDIS_URL answers now; otherwise this instance serves on PostgreSQL alone (and says so).
  const shared = await connectSharedState(events.redisUrl, logger);
  const authenticator = new Authenticator(orm, config.auth, limits, companyId, shared.redis);
  const revocations = new KeyRevocationBus(databaseUrl, shared.redis, logger);
  await revocations.start();
  const app = express();
  app.disable('x-powered-by');
  // POST /graphql (every operation a client sends) is served by a bare node:http handler, set once
  // Apollo has started; the rest (GET /graphql, the sandbox, health, metrics) by Express.
  const routes: { graphqlPost?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const httpServer = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (routes.graphqlPost && req.method === 'POST' && (url === '/graphql' || url.startsWith('/graphql?'))) {
      routes.graphqlPost(req, res);
    } else app(req, res);
  });

  // Node's 5 s default closed idle keep-alive connections while clients were reusing them: a
  // reservation now and then failed with `read ECONNRESET` (bench:subscriptions, issue 21).
  // Announced to clients in the Keep-Alive header; headers must be allowed to take longer.
  httpServer.keepAliveTimeout = limits.keepAliveTimeoutMs;
  httpServer.headersTimeout = limits.keepAliveTimeoutMs + 1000;

  const stockEvents = new StockEventHub(
    databaseUrl,
    shared.redisUrl ? new RedisTransport(shared.redisUrl, logger) : new PgListenTransport(databaseUrl, logger),
    { pollMs: events.pollMs, retentionHours: events.retentionHours, logger },
  );
  await stockEvents.start();
  // Every instance delivers webhooks; each webhook is claimed by one at a time (webhook.worker.ts).
  const webhooks = config.webhooks.worker
    ? new WebhookWorker(databaseUrl, orm, stockEvents, config.webhooks, logger)
    : undefined;
  webhooks?.start();

  const buildContext = (requestId: string, auth: Principal, live?: Context['live'], deadline?: Deadline): Context =>
    new RequestContext(orm, auth, requestId, stockEvents, live, deadline);
  const rules = [...specifiedRules, ...validationRules(limits)];

  // A larger message closes its socket with 1009 before it is parsed.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: limits.wsMaxPayloadBytes });
  // Before graphql-ws's own listener: every frame of the socket goes through it (socket-writes.ts).
  wsServer.on('connection', batchSocketWrites);
  const wsAuth = wsAuthentication(authenticator);
  const wsOps = wsOperations({ schema, rules, limits, formatError: formatErrorFor(config, logger) });
  const wsCleanup = useServer<Record<string, unknown>, { requestId?: string } & WsAuthExtra>(
    {
      schema,
      connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
      onConnect: wsAuth.onConnect,
      // Authenticated again, then parsed, validated and counted here (ws-operations.ts).
      onSubscribe: async (ctx, id, payload) => {
        const refused = await wsAuth.onSubscribe(ctx);
        if (refused) return refused;
        const checked = wsOps.subscribe(ctx, id, payload);
        if (Array.isArray(checked)) return checked as readonly GraphQLError[];
        return {
          schema,
          document: checked as DocumentNode,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
      },
      onComplete: wsOps.onComplete,
      onClose: wsOps.onClose,
      onError: wsOps.onError,
      onNext: wsOps.onNext,
      context: (ctx, id) => {
        ctx.extra.requestId ??= randomUUID();
        const { socket } = ctx.extra as unknown as { socket: WebSocket };
        return buildContext(ctx.extra.requestId, ctx.extra.auth!, {
          hub: stockEvents,
          queueLimit: events.queueLimit,
          close: (code, reason) => socket.close(code, reason),
          // An idle subscription's events are written as graphql-ws's own `next` frames straight
          // from the fan-out (socket-writes.ts); this relies on onNext leaving results without
          // errors as they are (ws-operations.ts): a hook that changes them must drop this.
          writeNext: nextFrameWriter(socket, id),
        });
      },
      // A stock event is executed and serialized once per distinct selection, not per subscriber
      // (src/pubsub/shared-execution.ts); each call in an operation span when tracing is on.
      subscribe: tracing ? tracing.traceWebSocket(sharedSubscribe) : sharedSubscribe,
      jsonMessageReplacer: sharedDataReplacer,
      ...(tracing ? { execute: tracing.traceWebSocket(execute) } : {}),
    },
    wsServer,
    limits.wsKeepAliveMs,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    allowBatchedHttpRequests: limits.httpBatching,
    // Off on purpose (docs/clients.md, "GET queries and CSRF"): CSRF needs a credential the
    // browser adds by itself (cookies, HTTP auth), and this API reads only the Authorization
    // header (API keys, JWTs), which a cross-site page cannot make a browser send. What Apollo's
    // check refuses without a custom header are GET queries (read-only: mutations over GET are
    // refused anyway) and non-JSON POSTs (refused anyway), so it only broke standard clients that
    // send queries over GET (urql's default, Relay, persisted-query CDNs).
    csrfPrevention: false,
    validationRules: validationRules(limits),
    // main.ts owns the shutdown order (HTTP, then pool, then PostgreSQL).
    stopOnTerminationSignals: false,
    formatError: formatErrorFor(config, logger),
    plugins: [
      // Stop accepting, let in-flight requests finish, then cut what is left after the timeout.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      // No cache hints are used; the default plugin would wrap every field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      // Browsers get the self-hosted sandbox instead (src/server/sandbox.ts).
      ApolloServerPluginLandingPageDisabled(),
      observabilityPlugin(logger),
      ...(tracing ? [tracing.plugin] : []),
      costPlugin<Context>(schema, limits),
      unavailableStatusPlugin(),
      ...(replicas ? [readRoutingPlugin(replicas)] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await databaseReady(orm);
    const ok = ready.database && ready.migrations;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', ...ready });
  });

  app.get('/metrics', metricsHandler);
  const untrackPool = trackDatabasePool(
    () => (orm.em.getConnection().getKnex().client as { pool?: PoolLike }).pool ?? undefined,
  );
  // SANDBOX (default: on outside production) serves the GraphiQL page on GET /graphql.
  if (limits.sandbox) mountSandbox(app, schema);

  app.use(
    '/graphql',
    assignRequestId,
    corsFor(limits),
    requestTimeout(limits.requestTimeoutMs),
    express.json({ limit: limits.bodyLimitBytes }),
    enterRequestScope,
    ...(tracing ? [traceOperation] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        buildContext(
          res.locals.requestId as string,
          await authenticator.authenticate(req.headers.authorization, req.ip),
        ),
    }),
  );
  app.use('/graphql', bodyErrors);

  routes.graphqlPost = graphqlHttpHandler(
    apollo,
    async (req, requestId, deadline) =>
      buildContext(
        requestId,
        await authenticator.authenticate(req.headers.authorization, req.socket.remoteAddress),
        undefined,
        deadline,
      ),
    logger,
    { bodyLimitBytes: limits.bodyLimitBytes, timeoutMs: limits.requestTimeoutMs, cors: corsFor(limits) },
    tracing,
  );

  return {
    httpServer,
    stockEvents,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      // Apollo's drain plugin stops accepting and lets in-flight requests finish (for at most
      // SHUTDOWN_TIMEOUT_MS); graphql-ws closes every WebSocket with 1001 Going Away.
      await apollo.stop();
      untrackPool();
      authenticator.close();
      await webhooks?.stop();
      await stockEvents.close();
      await revocations.close();
      await shared.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
