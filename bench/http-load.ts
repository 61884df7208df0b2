import http from 'node:http';

/** HTTP load with no dependency: node:http behind one keep-alive agent, closed-loop clients. */

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export function postJson<T>(url: URL, body: unknown): Promise<{ status: number; body: T }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': data.length },
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
    req.on('error', reject);
    req.end(data);
  });
}

/** A GraphQL client for one endpoint: returns `data`, throws on any transport or GraphQL error. */
export function graphqlClient(endpoint: URL) {
  return async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { status, body } = await postJson<GraphQLBody<T>>(endpoint, { query, variables });
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
