import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../config/env';
import { databaseReady } from '../db/orm';
import { type Context, RequestContext } from '../graphql/context';
import { observabilityPlugin, observeError } from '../observability/apollo-plugin';
import { metricsHandler, trackDatabasePool, type PoolLike } from '../observability/metrics';
import { assignRequestId, enterRequestScope } from '../observability/request-scope';
import { BODY_LIMIT_BYTES, graphqlHttpHandler } from './graphql-http';
import type { Logger } from './logger';
import { mountSandbox } from './sandbox';

export interface StocklineServer {
  httpServer: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Body limit of a GraphQL request; big enough for a 250-SKU availability query, small enough to refuse floods. */
const BODY_LIMIT = BODY_LIMIT_BYTES;

function formatErrorFor(config: AppConfig, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    observeError(formatInternal(formatted, error));
  function formatInternal(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const code = formatted.extensions?.code;
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
    }
    return formatted;
  }
}

export async function createStocklineServer(options: {
  orm: MikroORM;
  schema: GraphQLSchema;
  config: AppConfig;
  logger: Logger;
  companyId: string;
}): Promise<StocklineServer> {
  const { orm, schema, config, logger, companyId } = options;
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

  const buildContext = (requestId: string, actor = 'anonymous'): Context =>
    new RequestContext(orm, companyId, actor, requestId);
  // Until access control (issue 8) names the caller, development and test runs may say who acts
  // (approvals need two people); production ignores the header.
  const actorOf = (header: string | string[] | undefined) =>
    config.nodeEnv !== 'production' && typeof header === 'string' && header ? header.slice(0, 200) : undefined;

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer<Record<string, unknown>, { requestId?: string }>(
    {
      schema,
      context: (ctx) => {
        ctx.extra.requestId ??= randomUUID();
        return buildContext(ctx.extra.requestId);
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
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
  mountSandbox(app, schema);

  app.use(
    '/graphql',
    assignRequestId,
    express.json({ limit: BODY_LIMIT }),
    enterRequestScope,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => buildContext(res.locals.requestId as string, actorOf(req.headers['x-actor'])),
    }),
  );

  routes.graphqlPost = graphqlHttpHandler(
    apollo,
    (req, requestId) => buildContext(requestId, actorOf(req.headers['x-actor'])),
    logger,
  );

  return {
    httpServer,
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
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
