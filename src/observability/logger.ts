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
  return createPinoLogger(level, destination);
}

/**
 * Where the server logs: JSON lines (the default, for production, log shippers and anything
 * piped), or, when a person reads them (stdout is a terminal and NODE_ENV is not production),
 * pino-pretty's coloured lines with level names and times; LOG_FORMAT=json or pretty decides
 * instead.
 */
export function logFormat(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  if (env.LOG_FORMAT) throw new Error(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  return isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/** The server's logger on stdout, in the format logFormat picks. */
export function createServerLogger(level: string, format: 'json' | 'pretty'): Logger {
  if (format === 'json') return createPinoLogger(level);
  // Loaded only here: production never needs it. Synchronous, so that the last lines before an
  // exit are written (a development server logs little).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return createPinoLogger(
    level,
    pretty.build({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }),
  );
}

function createPinoLogger(level: string, destination?: pino.DestinationStream): Logger {
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
