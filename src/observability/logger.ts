import pino from 'pino';
import { currentRequestScope } from './request-scope';
import { activeTracing } from './tracing-hooks';

export type Logger = pino.Logger;

/**
 * JSON lines on stdout (pino: fast, structured, the usual choice with Node services). Inside an
 * HTTP request every line carries its `requestId`, whoever logs it, and with tracing on its
 * `traceId` and `spanId`, so a trace leads to its log lines and back.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'stockline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const scope = currentRequestScope();
        const ids = activeTracing()?.logFields();
        if (!scope) return ids ?? {};
        return ids ? { requestId: scope.requestId, ...ids } : { requestId: scope.requestId };
      },
    },
    destination,
  );
}
