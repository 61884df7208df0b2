import pino from 'pino';
import { currentRequestScope } from '../observability/request-scope';

export type Logger = pino.Logger;

/**
 * JSON lines on stdout (pino: fast, structured, the usual choice with Node services). Inside an
 * HTTP request every line carries its `requestId`, whoever logs it.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'stockline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const scope = currentRequestScope();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    destination,
  );
}
