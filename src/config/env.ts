import path from 'node:path';

/** Every environment variable the server reads; the configuration table of docs/operators.md mirrors this. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** When set, the server uses this PostgreSQL and never starts the embedded one. */
  databaseUrl?: string;
  embeddedPg: { port: number; dataDir: string };
  dbPoolMax: number;
  /** PostgreSQL streaming replicas for read-only operations (docs/scaling.md: Read replicas). */
  replicas: ReplicaConfig;
  /** Apply pending migrations at start; when false, a database behind its migrations stops the start. */
  autoMigrate: boolean;
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
  auth: AuthConfig;
  limits: LimitsConfig;
  tracing: TracingConfig;
  events: EventsConfig;
  webhooks: WebhooksConfig;
}

/** Webhook deliveries (docs/partners.md: Webhooks). */
export interface WebhooksConfig {
  /** Run the delivery worker in this instance (every instance may: deliveries are claimed, never sent twice). */
  worker: boolean;
  /** How often the worker looks for new events and due retries. */
  pollMs: number;
  /** Webhooks one instance delivers to at once. */
  concurrency: number;
  /** How long an endpoint has to answer one delivery. */
  timeoutMs: number;
  /** First retry delay; each failure doubles it (with jitter) up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed attempts in a row after which the webhook is disabled. */
  maxFailures: number;
  policy: WebhookUrlPolicy;
}

/** Which endpoints a webhook may name (SSRF guard). */
export interface WebhookUrlPolicy {
  /** Plain http:// to a loopback address (tests, a local relay); https:// is always accepted. */
  allowHttpLoopback: boolean;
  /** Endpoints on private, loopback or link-local addresses (checked again on every delivery's DNS answer). */
  allowPrivateAddresses: boolean;
}

/** Read where it is used (webhook create and update), validated here with every other variable. */
export function webhookUrlPolicy(env: NodeJS.ProcessEnv = process.env): WebhookUrlPolicy {
  const production = (env.NODE_ENV ?? 'development') === 'production';
  return {
    allowHttpLoopback: boolEnv(env, 'WEBHOOK_ALLOW_HTTP_LOOPBACK', !production),
    allowPrivateAddresses: boolEnv(env, 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES', !production),
  };
}

/** Read replicas: queries over HTTP read from one that is caught up enough, everything else from the primary. */
export interface ReplicaConfig {
  /** DATABASE_REPLICA_URLS: standbys of DATABASE_URL's server; empty: every read goes to the primary. */
  urls: string[];
  /** A replica more than this behind the primary serves no read. */
  maxLagMs: number;
  /** How often replay positions are read (a replica's known position is at most this old). */
  pollMs: number;
}

/** Subscriptions and the stock event outbox (docs/internal-frontends.md: Subscriptions). */
export interface EventsConfig {
  /** When set, instances wake each other over Redis pub/sub instead of PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  /** Fallback poll of the outbox: a lost wake-up only delays delivery by this much. */
  pollMs: number;
  /** Most events one subscription may have waiting; beyond, its connection is closed (4413). */
  queueLimit: number;
  /** How long stored events stay available for afterSequence (at least 24). */
  retentionHours: number;
}

/**
 * OpenTelemetry tracing (docs/operators.md: Tracing), configured by the standard OTEL_* variables. Off unless
 * an OTLP endpoint or a traces exporter is set; the SDK reads the rest itself (endpoint, headers,
 * sampler, service name, resource attributes, batching).
 */
export interface TracingConfig {
  /** Where spans go; empty: tracing is off and no OpenTelemetry SDK is loaded. */
  exporters: ('otlp' | 'console')[];
  /** OTLP over HTTP as protobuf (the OpenTelemetry default), the one protocol exported. */
  otlpProtocol: 'http/protobuf';
}

/** Who may call and how callers prove it (docs/internal-frontends.md: Access control). */
export interface AuthConfig {
  /** Roles granted to requests without credentials; empty means every request needs a key or JWT. */
  anonymousRoles: string[];
  /** JWTs of internal users: verified against this HS256 secret or this PEM public key (RS256/ES256/EdDSA). */
  jwtSecret?: string;
  jwtPublicKey?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** How long a looked-up API key is trusted before it is read again (revocation elsewhere takes this long). */
  keyCacheTtlMs: number;
  /** Print (and create if missing) a development ADMIN key at start. */
  developmentKey: boolean;
}

/** Hardening limits of the public endpoint (docs/operators.md: Limits). */
export interface LimitsConfig {
  maxDepth: number;
  maxCost: number;
  /** Assumed length of a list field whose size no argument bounds, when computing the cost. */
  costDefaultListSize: number;
  maxAliases: number;
  maxMutationsPerOperation: number;
  bodyLimitBytes: number;
  httpBatching: boolean;
  /** Token bucket per key (or per IP without one): refill per second and burst; 0 turns it off. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  requestTimeoutMs: number;
  /**
   * How long an idle keep-alive HTTP connection is kept open. Node's 5 s default races clients
   * and balancers that reuse a connection just as it closes (`read ECONNRESET`); it must exceed
   * their idle timeout (60 s for the common load balancers).
   */
  keepAliveTimeoutMs: number;
  wsConnectionInitTimeoutMs: number;
  /**
   * How often each WebSocket is pinged (a socket that has not answered the last ping by the next one
   * is closed): well under the idle timeout of any proxy in front. Each ping is a write per socket:
   * at 10,000 sockets the 12 s default is 833 a second. 0 turns pings off.
   */
  wsKeepAliveMs: number;
  /** Largest WebSocket message accepted; a larger one closes the socket with 1009 (as BODY_LIMIT_BYTES for HTTP). */
  wsMaxPayloadBytes: number;
  /** Subscriptions one WebSocket may have open at once; one more answers SUBSCRIPTION_LIMIT. */
  wsMaxSubscriptionsPerSocket: number;
  /** Subscriptions one key (or address, without one) may have open on one instance, across its sockets. */
  wsMaxSubscriptionsPerKey: number;
  corsOrigins: string[];
  introspection: boolean;
  sandbox: boolean;
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

/** A comma-separated list; an empty value means an empty list. */
function listEnv(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** OTEL_TRACES_EXPORTER (`otlp`, `console`, both comma-separated, or `none`), else on when an OTLP endpoint is set. */
function tracingConfig(env: NodeJS.ProcessEnv): TracingConfig {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // Empty counts as unset, as in the OpenTelemetry SDKs (compose files pass `VAR: ${VAR:-}`).
  const named = env.OTEL_TRACES_EXPORTER ? listEnv(env, 'OTEL_TRACES_EXPORTER', []) : endpoint ? ['otlp'] : [];
  const unknown = named.filter((name) => !['otlp', 'console', 'none'].includes(name));
  if (unknown.length) throw new Error(`OTEL_TRACES_EXPORTER must be otlp, console or none, got "${unknown.join(',')}"`);
  const disabled = boolEnv(env, 'OTEL_SDK_DISABLED', false) || named.includes('none');
  const exporters = disabled ? [] : [...new Set(named as TracingConfig['exporters'])];
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = env[variable] || 'http/protobuf';
  // One exporter, the OpenTelemetry default; every collector and hosted backend receives it.
  if (protocol !== 'http/protobuf' && exporters.includes('otlp')) {
    throw new Error(`${variable} must be http/protobuf (gRPC and http/json are not supported), got "${protocol}"`);
  }
  return { exporters, otlpProtocol: 'http/protobuf' };
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
  const config = buildConfig(env, nodeEnv);
  const unknownRoles = config.auth.anonymousRoles.filter((r) => !KNOWN_ROLES.includes(r));
  if (unknownRoles.length) throw new Error(`ANONYMOUS_ROLES has unknown roles: ${unknownRoles.join(', ')}`);
  if (config.auth.jwtSecret && config.auth.jwtSecret.length < 32) {
    throw new Error('JWT_SECRET must be at least 32 characters');
  }
  return config;
}

/** Kept in step with src/auth/roles.ts (a test compares them); config must not import the GraphQL layer. */
const KNOWN_ROLES = ['STOREFRONT', 'PARTNER', 'WAREHOUSE', 'BUYER', 'CONTROLLER', 'ADMIN'];

function buildConfig(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): AppConfig {
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
    replicas: {
      urls: listEnv(env, 'DATABASE_REPLICA_URLS', []),
      maxLagMs: intEnv(env, 'DATABASE_REPLICA_MAX_LAG_MS', 5000),
      pollMs: Math.max(10, intEnv(env, 'DATABASE_REPLICA_POLL_MS', 200)),
    },
    autoMigrate: boolEnv(env, 'DB_AUTO_MIGRATE', true),
    lockTimeoutMs: intEnv(env, 'LOCK_TIMEOUT_MS', 5000),
    sweepIntervalMs: intEnv(env, 'RESERVATION_SWEEP_MS', 5000),
    seedDemo: boolEnv(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    shutdownTimeoutMs: intEnv(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
    countApprovalThreshold: countApprovalThreshold(env),
    auth: {
      anonymousRoles: listEnv(env, 'ANONYMOUS_ROLES', nodeEnv === 'development' ? ['STOREFRONT'] : []),
      jwtSecret: env.JWT_SECRET || undefined,
      jwtPublicKey: env.JWT_PUBLIC_KEY || undefined,
      jwtIssuer: env.JWT_ISSUER || undefined,
      jwtAudience: env.JWT_AUDIENCE || undefined,
      keyCacheTtlMs: intEnv(env, 'API_KEY_CACHE_MS', 30_000),
      developmentKey: boolEnv(env, 'DEV_ADMIN_KEY', nodeEnv === 'development'),
    },
    limits: {
      maxDepth: intEnv(env, 'MAX_QUERY_DEPTH', 12),
      maxCost: intEnv(env, 'MAX_QUERY_COST', 20_000),
      costDefaultListSize: intEnv(env, 'COST_DEFAULT_LIST_SIZE', 10),
      maxAliases: intEnv(env, 'MAX_ALIASES', 30),
      maxMutationsPerOperation: intEnv(env, 'MAX_MUTATIONS_PER_OPERATION', 3),
      bodyLimitBytes: intEnv(env, 'BODY_LIMIT_BYTES', 1_048_576),
      httpBatching: boolEnv(env, 'HTTP_BATCHING', false),
      rateLimitPerSecond: intEnv(env, 'RATE_LIMIT_PER_SECOND', 50),
      rateLimitBurst: intEnv(env, 'RATE_LIMIT_BURST', 200),
      requestTimeoutMs: intEnv(env, 'REQUEST_TIMEOUT_MS', 10_000),
      keepAliveTimeoutMs: Math.max(1000, intEnv(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000)),
      wsConnectionInitTimeoutMs: intEnv(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3_000),
      wsKeepAliveMs: intEnv(env, 'WS_KEEP_ALIVE_MS', 12_000),
      wsMaxPayloadBytes: intEnv(env, 'WS_MAX_PAYLOAD_BYTES', intEnv(env, 'BODY_LIMIT_BYTES', 1_048_576)),
      wsMaxSubscriptionsPerSocket: Math.max(1, intEnv(env, 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 100)),
      wsMaxSubscriptionsPerKey: Math.max(1, intEnv(env, 'WS_MAX_SUBSCRIPTIONS_PER_KEY', 1000)),
      corsOrigins: listEnv(env, 'CORS_ORIGINS', nodeEnv === 'development' ? ['*'] : []),
      introspection: boolEnv(env, 'INTROSPECTION', nodeEnv !== 'production'),
      sandbox: boolEnv(env, 'SANDBOX', nodeEnv !== 'production'),
    },
    tracing: tracingConfig(env),
    events: {
      redisUrl: env.REDIS_URL || undefined,
      pollMs: Math.max(10, intEnv(env, 'STOCK_EVENT_POLL_MS', 1000)),
      queueLimit: Math.max(1, intEnv(env, 'SUBSCRIPTION_QUEUE_LIMIT', 1000)),
      retentionHours: Math.max(24, intEnv(env, 'STOCK_EVENT_RETENTION_HOURS', 24)),
    },
    webhooks: {
      worker: boolEnv(env, 'WEBHOOK_WORKER', true),
      pollMs: Math.max(10, intEnv(env, 'WEBHOOK_POLL_MS', 500)),
      concurrency: Math.max(1, intEnv(env, 'WEBHOOK_CONCURRENCY', 4)),
      timeoutMs: Math.max(100, intEnv(env, 'WEBHOOK_TIMEOUT_MS', 10_000)),
      retryBaseMs: Math.max(10, intEnv(env, 'WEBHOOK_RETRY_BASE_MS', 5_000)),
      retryMaxMs: Math.max(10, intEnv(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000)),
      maxFailures: Math.max(1, intEnv(env, 'WEBHOOK_MAX_FAILURES', 15)),
      policy: webhookUrlPolicy(env),
    },
  };
}
