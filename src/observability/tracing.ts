import {
  context,
  type Context as OtelContext,
  createContextKey,
  diag,
  DiagLogLevel,
  isSpanContextValid,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { type ExecutionArgs, getOperationAST, type GraphQLError } from 'graphql';
import type { TracingConfig } from '../config/env';
import type { Logger } from './logger';
import { userErrorCodes } from './apollo-plugin';
import type { TracedContext, Tracing } from './tracing-hooks';

/**
 * The OpenTelemetry SDK. main.ts imports this module only when tracing is configured, and before
 * the server's modules, so that the http and pg instrumentations patch those modules as they load.
 */

/** How long a shutdown waits for the last export (the orchestrator's grace period is short). */
const SHUTDOWN_EXPORT_MS = 3_000;

/** The operation span of the current GraphQL request and the error codes recorded on it. */
interface OperationState {
  span: Span;
  errorCodes: string[];
}
const OPERATION = createContextKey('stockline.graphql.operation');

function currentOperation(ctx: OtelContext = context.active()): OperationState | undefined {
  return ctx.getValue(OPERATION) as OperationState | undefined;
}

/** OpenTelemetry's GraphQL conventions: the span is named "{type} {name}", with graphql.operation.* attributes. */
function describeOperation(span: Span, type: string, name: string | null | undefined): void {
  span.updateName(name ? `${type} ${name}` : type);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}

function recordErrorCode(code: string): void {
  const state = currentOperation();
  if (!state) return;
  state.errorCodes.push(code);
  state.span.setAttribute('stockline.graphql.error_codes', state.errorCodes);
  if (state.errorCodes.length === 1) {
    state.span.setAttribute('error.type', code);
    state.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
}

/** Spans are traced only for the API: health checks, metrics scrapes and sandbox assets would be noise. */
function isApiRequest(url: string | undefined): boolean {
  return url === '/graphql' || (url ?? '').startsWith('/graphql?');
}

export function startTracing(config: TracingConfig, logger: Logger): Tracing {
  // Export failures (collector down, refused) reach the logs instead of vanishing.
  // Outside any request's context: an export failure is no request's (its line gets no trace id).
  const log = (level: 'error' | 'warn', message: string, args: unknown[]) =>
    context.with(ROOT_CONTEXT, () => logger[level]({ component: 'opentelemetry', args }, message));
  diag.setLogger(
    {
      error: (message, ...args) => log('error', message, args),
      warn: (message, ...args) => log('warn', message, args),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );

  const processors: SpanProcessor[] = config.exporters.map((name) => {
    if (name === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
    // Endpoint, headers, timeout and compression come from OTEL_EXPORTER_OTLP_* (read by the exporter).
    const exporter = new OTLPTraceExporter();
    return new BatchSpanProcessor(exporter);
  });
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the defaults.
    resource: defaultResource()
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'stockline' }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: processors,
  });
  // The AsyncLocalStorage context manager and the W3C trace context (traceparent) propagator.
  provider.register();

  const disableInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => !isApiRequest(req.url) }),
      // Only statements of a traced request: the sweeper's and boot's would be orphan traces.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });

  const tracer = provider.getTracer('stockline');

  const inOperation: Tracing['inOperation'] = async (requestId, work) => {
    const span = tracer.startSpan('GraphQL Operation', { attributes: { 'stockline.request_id': requestId } });
    const state: OperationState = { span, errorCodes: [] };
    const ctx = trace.setSpan(context.active(), span).setValue(OPERATION, state);
    try {
      return await context.with(ctx, work);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  };

  return {
    inOperation,

    plugin: {
      async requestDidStart({ contextValue }) {
        const state = currentOperation();
        if (!state) return;
        state.span.setAttribute('stockline.company_id', contextValue.companyId);
        return {
          async didResolveOperation({ operation, operationName }) {
            if (operation) describeOperation(state.span, operation.operation, operationName);
          },
          async willSendResponse({ response, operation }) {
            if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
            const codes = userErrorCodes(response.body.singleResult.data);
            if (codes.length) state.span.setAttribute('stockline.graphql.user_error_codes', codes);
          },
        };
      },
    },

    traceWebSocket<R>(run: (args: ExecutionArgs) => R) {
      return (args: ExecutionArgs) => {
        const graphqlContext = args.contextValue as TracedContext;
        return inOperation(graphqlContext.requestId, async (): Promise<Awaited<R>> => {
          const { span } = currentOperation()!;
          span.setAttribute('stockline.company_id', graphqlContext.companyId);
          span.setAttribute('stockline.transport', 'websocket');
          const operation = getOperationAST(args.document, args.operationName);
          if (operation) describeOperation(span, operation.operation, operation.name?.value);
          const result = await run(args);
          // A subscription's start answers an event stream; a query or mutation, its result.
          const errors = (result as { errors?: readonly GraphQLError[] } | null)?.errors ?? [];
          for (const error of errors) recordErrorCode(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          if (operation?.operation === 'mutation') {
            const codes = userErrorCodes((result as { data?: Record<string, unknown> | null }).data);
            if (codes.length) span.setAttribute('stockline.graphql.user_error_codes', codes);
          }
          return result;
        });
      };
    },

    recordErrorCode,

    logFields() {
      const spanContext = trace.getSpanContext(context.active());
      if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
      return { traceId: spanContext.traceId, spanId: spanContext.spanId };
    },

    async shutdown() {
      disableInstrumentations();
      // A receiver that is down must not hold the shutdown for the exporter's whole retry time.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn({ component: 'opentelemetry' }, `spans not exported within ${SHUTDOWN_EXPORT_MS} ms; dropped`);
          resolve();
        }, SHUTDOWN_EXPORT_MS);
      });
      await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
    },
  };
}
