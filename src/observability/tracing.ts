import {
  context,
  type Context as OtelContext,
  createContextKey,
  diag,
  DiagLogLevel,
  isSpanContextValid,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
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
import type { TracingConfig } from '../config/env';
import type { Logger } from '../server/logger';
import { userErrorCodes } from './apollo-plugin';
import type { Tracing } from './tracing-hooks';

/**
 * The OpenTelemetry SDK. main.ts imports this module only when tracing is configured, and before
 * the server's modules, so that the http and pg instrumentations patch those modules as they load.
 */

/** The operation span of the current GraphQL request and the error codes recorded on it. */
interface OperationState {
  span: Span;
  errorCodes: string[];
}
const OPERATION = createContextKey('stockline.graphql.operation');

function currentOperation(ctx: OtelContext = context.active()): OperationState | undefined {
  return ctx.getValue(OPERATION) as OperationState | undefined;
}

/** Spans are traced only for the API: health checks, metrics scrapes and sandbox assets would be noise. */
function isApiRequest(url: string | undefined): boolean {
  return url === '/graphql' || (url ?? '').startsWith('/graphql?');
}

export function startTracing(config: TracingConfig, logger: Logger): Tracing {
  // Export failures (collector down, refused) reach the logs instead of vanishing.
  diag.setLogger(
    {
      error: (message, ...args) => logger.error({ component: 'opentelemetry', args }, message),
      warn: (message, ...args) => logger.warn({ component: 'opentelemetry', args }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );

  const processors: SpanProcessor[] = config.exporters.map((name) => {
    if (name === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
    // Endpoint, headers, timeout and compression come from OTEL_EXPORTER_OTLP_* (read by the exporter).
    const exporter = config.otlpProtocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
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

  return {
    async inOperation(requestId, work) {
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
    },

    plugin: {
      async requestDidStart({ contextValue }) {
        const state = currentOperation();
        if (!state) return;
        state.span.setAttribute('stockline.company_id', contextValue.companyId);
        return {
          async didResolveOperation({ operation, operationName }) {
            if (!operation) return;
            const type = operation.operation;
            // OpenTelemetry's GraphQL conventions: "{type} {name}", attributes graphql.operation.*.
            state.span.updateName(operationName ? `${type} ${operationName}` : type);
            state.span.setAttribute('graphql.operation.type', type);
            if (operationName) state.span.setAttribute('graphql.operation.name', operationName);
          },
          async willSendResponse({ response, operation }) {
            if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
            const codes = userErrorCodes(response.body.singleResult.data);
            if (codes.length) state.span.setAttribute('stockline.graphql.user_error_codes', codes);
          },
        };
      },
    },

    recordErrorCode(code) {
      const state = currentOperation();
      if (!state) return;
      state.errorCodes.push(code);
      state.span.setAttribute('stockline.graphql.error_codes', state.errorCodes);
      if (state.errorCodes.length === 1) {
        state.span.setAttribute('error.type', code);
        state.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
    },

    logFields() {
      const spanContext = trace.getSpanContext(context.active());
      if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
      return { traceId: spanContext.traceId, spanId: spanContext.spanId };
    },

    async shutdown() {
      disableInstrumentations();
      await provider.shutdown();
    },
  };
}
