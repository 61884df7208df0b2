import path from 'node:path';

/** Every environment variable the server reads; the README's configuration table mirrors this. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** When set, the server uses this PostgreSQL and never starts the embedded one. */
  databaseUrl?: string;
  embeddedPg: { port: number; dataDir: string };
  dbPoolMax: number;
  /** How long a transaction waits for a row lock before answering BUSY. */
  lockTimeoutMs: number;
  /** How often expired reservations are marked EXPIRED. */
  sweepIntervalMs: number;
  /** Load the demo data set when the database holds no company yet. */
  seedDemo: boolean;
  logLevel: string;
  /** How long a shutdown waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
  /** Total absolute count variance (product units) above which a count waits for approval. */
  countApprovalThreshold: string;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function boolEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** Read where it is used (inventory counts), validated here with every other variable. */
export function countApprovalThreshold(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.COUNT_APPROVAL_THRESHOLD || '100';
  if (!/^\d{1,20}(\.\d{1,6})?$/.test(raw)) {
    throw new Error(`COUNT_APPROVAL_THRESHOLD must be a non-negative decimal, got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new Error(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  return {
    nodeEnv,
    port: intEnv(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedPg: {
      port: intEnv(env, 'EMBEDDED_PG_PORT', 54329),
      dataDir: path.resolve(env.EMBEDDED_PG_DATA_DIR || path.join('.data', 'pg')),
    },
    dbPoolMax: intEnv(env, 'DB_POOL_MAX', 10),
    lockTimeoutMs: intEnv(env, 'LOCK_TIMEOUT_MS', 5000),
    sweepIntervalMs: intEnv(env, 'RESERVATION_SWEEP_MS', 5000),
    seedDemo: boolEnv(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    shutdownTimeoutMs: intEnv(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
    countApprovalThreshold: countApprovalThreshold(env),
  };
}
