import http from 'node:http';

/** HTTP load with no dependency: node:http behind one keep-alive agent, closed-loop clients. */

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export function postJson<T>(
  url: URL,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': data.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    // A reset on a reused keep-alive socket is the client/server idle-timeout race; say which it was.
    let idleMs: number | undefined;
    req.on('socket', (socket: import('node:net').Socket & { lastFreeAt?: number }) => {
      idleMs = socket.lastFreeAt === undefined ? undefined : Date.now() - socket.lastFreeAt;
      req.once('response', (res) => res.once('end', () => (socket.lastFreeAt = Date.now())));
    });
    req.on('error', (error: Error) => {
      error.message += req.reusedSocket
        ? ` (on a reused keep-alive socket idle for ${idleMs ?? '?'} ms)`
        : ' (on a new connection)';
      reject(error);
    });
    req.end(data);
  });
}

/**
 * A GraphQL client for one endpoint (with these headers, e.g. `authorization`): returns `data`,
 * throws on any transport or GraphQL error.
 */
export function graphqlClient(endpoint: URL, headers: Record<string, string> = {}) {
  return async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { status, body } = await postJson<GraphQLBody<T>>(endpoint, { query, variables }, headers);
    if (status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`HTTP ${status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
    }
    return body.data;
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LoadResult {
  /** Every latency in ms (successes and failures), ascending. */
  latencies: number[];
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * `concurrency` clients, each sending its next request as soon as the previous one answers,
 * until `seconds` have passed or `count` requests have been started. `request` returns false
 * or throws for a failed request; every latency is recorded.
 */
export async function closedLoop(options: {
  concurrency: number;
  seconds?: number;
  count?: number;
  request: (i: number) => Promise<boolean>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const start = performance.now();
  const deadline = options.seconds === undefined ? Infinity : start + options.seconds * 1000;
  const limit = options.count ?? Infinity;
  const client = async () => {
    while (performance.now() < deadline && started < limit) {
      const i = started++;
      const t0 = performance.now();
      let ok: boolean;
      try {
        ok = await options.request(i);
        if (!ok) firstError ??= `request ${i} answered without the expected result`;
      } catch (error) {
        ok = false;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    perSecond: (latencies.length - errors) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

export interface OpenLoopResult extends LoadResult {
  /** Requests not sent because `maxInFlight` were still waiting (counted in `errors` too). */
  dropped: number;
  /** Failures by kind (the start of their message, numbers and ids left out), dropped ones included. */
  errorKinds: Record<string, number>;
  /** Most requests waiting for an answer at once. */
  peakInFlight: number;
  /** Rate asked for and rate at which requests were actually sent. */
  targetPerSecond: number;
  sentPerSecond: number;
}

/**
 * An open loop: request i is sent at start + i / perSecond whatever the previous ones are
 * doing, for `seconds`, so a slow server sees the same arrival rate (no coordinated omission).
 * Latencies run from the scheduled instant, not the actual send, so a late load generator
 * shows up in them. At most `maxInFlight` wait at once; beyond that a request is dropped.
 */
export async function openLoop(options: {
  perSecond: number;
  seconds: number;
  maxInFlight?: number;
  request: (i: number) => Promise<boolean>;
}): Promise<OpenLoopResult> {
  const interval = 1000 / options.perSecond;
  const total = Math.round(options.seconds * options.perSecond);
  const maxInFlight = options.maxInFlight ?? Infinity;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let firstError: string | undefined;
  const errorKinds: Record<string, number> = {};
  const kind = (message: string) => {
    const key = message.replace(/[0-9a-f-]{8,}|\d+/g, 'N').slice(0, 80);
    errorKinds[key] = (errorKinds[key] ?? 0) + 1;
  };
  const start = performance.now();
  const fire = (i: number, scheduled: number) => {
    if (inFlight >= maxInFlight) {
      dropped++;
      errors++;
      kind('dropped: maxInFlight still waiting');
      firstError ??= `request ${i} dropped: ${inFlight} still waiting`;
      return;
    }
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    pending.push(
      options
        .request(i)
        .then(
          (ok) => {
            if (!ok) {
              kind('answered without the expected result');
              firstError ??= `request ${i} answered without the expected result`;
            }
            return ok;
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            kind(message);
            firstError ??= message;
            return false;
          },
        )
        .then((ok) => {
          inFlight--;
          latencies.push(performance.now() - scheduled);
          if (!ok) errors++;
        }),
    );
  };
  let next = 0;
  while (next < total) {
    const now = performance.now();
    // Every request whose instant has come is sent now (several if the timer fired late).
    while (next < total && start + next * interval <= now) {
      fire(next, start + next * interval);
      next++;
    }
    if (next < total)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + next * interval - performance.now())));
  }
  // From the first send to one interval after the last: exactly `seconds` when every send was on time.
  const sendingSeconds = (performance.now() - start + interval) / 1000;
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    requests: latencies.length + dropped,
    errors,
    firstError,
    seconds,
    perSecond: (latencies.length - (errors - dropped)) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    max: latencies[latencies.length - 1] ?? NaN,
    dropped,
    errorKinds,
    peakInFlight,
    targetPerSecond: options.perSecond,
    sentPerSecond: (total - dropped) / sendingSeconds,
  };
}
