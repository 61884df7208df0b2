// Moved to src/observability; re-exported while branches still import it from here.
export { createLogger, createServerLogger, logFormat, type Logger } from '../observability/logger';
