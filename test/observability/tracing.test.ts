import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import request from 'supertest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/env';
import {
  AvailabilityChangedDocument,
  AvailabilityDocument,
  ReservationCreateDocument,
  WarehousesDocument,
} from '../generated/graphql';
import { decodeTraceExport, type OtlpAnyValue, type OtlpSpan } from '../helpers/otlp-protobuf';
import { wsRequest } from '../helpers/ws';

/**
 * Tracing end to end: the built server (`node dist/src/main.js`, as operators run it) exports to
 * an OTLP/HTTP receiver in this test; the spans are read back from what it received. A child
 * process, because the instrumentations patch Node's module loader, which Jest replaces.
 */
const MAIN = path.join(__dirname, '../../dist/src/main.js');

interface ReceivedExport {
  path: string;
  contentType: string;
  body: Buffer;
}

type ReadSpan = Omit<OtlpSpan, 'status'> & {
  status: NonNullable<OtlpSpan['status']>;
  scope: string;
  resource: Record<string, unknown>;
  attrs: Record<string, unknown>;
};

function plain(value: OtlpAnyValue): unknown {
  if (value.arrayValue) return value.arrayValue.values.map(plain);
  return value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
}

/** The spans of OTLP/HTTP protobuf export requests, flattened, with their attributes as a plain object. */
function spansOf(exports: ReceivedExport[]): ReadSpan[] {
  const spans: ReadSpan[] = [];
  for (const received of exports) {
    for (const resourceSpans of decodeTraceExport(received.body).resourceSpans) {
      const resource = Object.fromEntries(
        (resourceSpans.resource?.attributes ?? []).map((a) => [a.key, plain(a.value)]),
      );
      for (const scopeSpans of resourceSpans.scopeSpans) {
        for (const span of scopeSpans.spans) {
          const attrs = Object.fromEntries(span.attributes.map((a) => [a.key, plain(a.value)]));
          spans.push({ ...span, status: span.status ?? {}, scope: scopeSpans.scope?.name ?? '', resource, attrs });
        }
      }
    }
  }
  return spans;
}

/** A stand-in for an OpenTelemetry Collector's OTLP/HTTP receiver. */
async function startReceiver(): Promise<{ url: string; received: ReceivedExport[]; close(): Promise<void> }> {
  const received: ReceivedExport[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end('');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database: jest globalSetup sets TEST_DATABASE_ADMIN_URL');
  return url;
}

async function adminQuery<T>(sql: string, url = adminUrl()): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

interface RunningServer {
  api: string;
  child: ChildProcess;
  output: () => string;
  /** Files of the modules the process had loaded when it exited (written by the probe below). */
  loadedModules: () => string[];
}

/** Servers still running: killed after the tests, so a failed test cannot leave one behind. */
const running = new Set<ChildProcess>();
/** The servers' scratch directories (the loaded-modules files), removed after the tests. */
const scratchDirs: string[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts `node dist/src/main.js` with this environment, recording at exit which modules it loaded.
 * It listens on a port the system picks (PORT=0) and names it in its ready line: a port found free
 * beforehand could be taken by another test worker's server before this one binds it.
 */
async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stockline-tracing-'));
  scratchDirs.push(scratch);
  const modulesFile = path.join(scratch, 'modules.json');
  const probe =
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(modulesFile)}, ` +
    `JSON.stringify(Object.keys(require.cache)))); require(${JSON.stringify(MAIN)});`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_') && name !== 'DATABASE_URL'),
  );
  const child = spawn(process.execPath, ['-e', probe], {
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const port = /API ready at http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    const api = `http://127.0.0.1:${port}`;
    try {
      if (port && (await request(api).get('/readyz')).status === 200) {
        return {
          api,
          child,
          output: () => output,
          loadedModules: () => JSON.parse(fs.readFileSync(modulesFile, 'utf8')),
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready in time:\n${output}`);
}

/** SIGTERM, as an orchestrator stops it: the server drains, then exports what tracing still buffers. */
function stopServer(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

const openTelemetryModules = (files: string[]) =>
  files.filter((file) => file.includes(`${path.sep}@opentelemetry${path.sep}`));

describe('OpenTelemetry tracing configuration', () => {
  it('is off unless an OTLP endpoint or a traces exporter is configured', () => {
    expect(loadConfig({}).tracing.exporters).toEqual([]);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      exporters: ['otlp'],
      otlpProtocol: 'http/protobuf',
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      }).tracing,
    ).toEqual({ exporters: ['otlp'], otlpProtocol: 'http/protobuf' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console,otlp' }).tracing.exporters).toEqual(['console', 'otlp']);
    // Empty is unset, as compose files pass variables through (`OTEL_TRACES_EXPORTER: ${OTEL_TRACES_EXPORTER:-}`).
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: '' }).tracing.exporters,
    ).toEqual(['otlp']);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing.exporters).toEqual([]);
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.exporters,
    ).toEqual([]);
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing.exporters,
    ).toEqual([]);
  });

  it('refuses what it cannot do, naming the variable', () => {
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() =>
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(() =>
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be http\/protobuf/);
    // gRPC set for other services does not matter while Stockline's tracing is off.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).tracing.exporters).toEqual([]);
  });
});

describe('OpenTelemetry tracing of the built server', () => {
  const database = `sl_test_tracing_${process.env.JEST_WORKER_ID ?? '0'}_${Date.now()}`;
  let databaseUrl = '';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let companyId = '';

  beforeAll(async () => {
    expect(fs.existsSync(MAIN)).toBe(true); // `npm test` builds first
    await adminQuery(`create database "${database}"`);
    const url = new URL(adminUrl());
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await adminQuery(`drop database if exists "${database}" with (force)`);
  });

  const baseEnv = () => ({
    DATABASE_URL: databaseUrl,
    // Storefront calls need no key here; the demo data gives them something to read.
    ANONYMOUS_ROLES: 'STOREFRONT',
    SEED_DEMO: 'true',
    // The sweeper's statements run often, outside any request: they must not become traces.
    RESERVATION_SWEEP_MS: '100',
  });

  describe('with an OTLP endpoint configured (OTLP/HTTP protobuf, the OpenTelemetry default)', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    let server: RunningServer;
    let spans: ReturnType<typeof spansOf>;
    let exitCode: number | null;

    beforeAll(async () => {
      receiver.received.length = 0;
      server = await startServer({
        ...baseEnv(),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'stockline-under-test',
      });
      [{ id: companyId }] = await adminQuery<{ id: string }>('select id from company', databaseUrl);
      const post = (body: object, headers: Record<string, string>) =>
        request(server.api).post('/graphql').set(headers).send(body);
      const available = await post(
        { query: print(AvailabilityDocument), variables: { skus: ['BEV-COLA-033'] } },
        { traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-request-id': 'trace-req-1' },
      );
      expect(available.body.data.availability[0].sku).toBe('BEV-COLA-033');
      const forbidden = await post({ query: print(WarehousesDocument) }, { 'x-request-id': 'trace-req-2' });
      expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const refused = await post(
        {
          query: print(ReservationCreateDocument),
          variables: { input: { reference: 'trace-1', lines: [{ sku: 'NO-SUCH-SKU', quantity: '1' }] } },
        },
        { 'x-request-id': 'trace-req-3' },
      );
      expect(refused.body.data.reservationCreate.userErrors[0].code).toBe('NOT_FOUND');
      // One connection per operation, as a storefront's short-lived socket would be.
      const overWs = async <T>(query: string, variables: Record<string, unknown> = {}) => {
        const ws = createClient({ url: `${server.api.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket });
        try {
          return await wsRequest<T>(ws, query, variables);
        } finally {
          await ws.dispose();
        }
      };
      const wsAvailable = await overWs<{ availability: unknown[] }>(print(AvailabilityDocument), {
        skus: ['BEV-COLA-033'],
      });
      expect(wsAvailable.data?.availability).toHaveLength(1);
      const wsForbidden = await overWs(print(WarehousesDocument));
      expect(wsForbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // A subscription, and the reservation whose change it pushes.
      const subscriber = createClient({ url: `${server.api.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket });
      try {
        const pushed = new Promise<{ data?: { availabilityChanged?: { sku: string } } | null }>((resolve, reject) => {
          subscriber.subscribe(
            { query: print(AvailabilityChangedDocument), variables: { skus: ['BEV-COLA-033'], channel: 'web' } },
            { next: (value) => resolve(value as never), error: reject, complete: () => undefined },
          );
        });
        // graphql-ws does not acknowledge a subscription: the server's gauge says when it listens.
        const deadline = Date.now() + 60_000;
        const listening = async () =>
          /^stockline_subscriptions_open [1-9]/m.test((await request(server.api).get('/metrics')).text);
        while (!(await listening())) {
          if (Date.now() > deadline) throw new Error('the subscription never started');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const reserved = await post(
          {
            query: print(ReservationCreateDocument),
            variables: {
              input: { reference: 'trace-sub', channel: 'web', lines: [{ sku: 'BEV-COLA-033', quantity: '1' }] },
            },
          },
          { 'x-request-id': 'trace-req-4' },
        );
        expect(reserved.body.data.reservationCreate.userErrors).toEqual([]);
        expect((await pushed).data?.availabilityChanged?.sku).toBe('BEV-COLA-033');
      } finally {
        await subscriber.dispose();
      }
      await request(server.api).get('/metrics').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300)); // a few sweeps
      exitCode = await stopServer(server);
      spans = spansOf(receiver.received);
    }, 120_000);

    it('exports over OTLP/HTTP protobuf on shutdown, under the configured service name', () => {
      expect(exitCode).toBe(0);
      expect(receiver.received.length).toBeGreaterThan(0);
      for (const received of receiver.received) {
        expect(received.path).toBe('/v1/traces');
        expect(received.contentType).toBe('application/x-protobuf');
      }
      // Protobuf carries ids as raw bytes and names as UTF-8 (what the decoder above reads back).
      const body = Buffer.concat(receiver.received.map((r) => r.body));
      expect(body.includes(Buffer.from(traceId, 'hex'))).toBe(true);
      expect(body.includes(Buffer.from('query Availability'))).toBe(true);
      expect(spans[0].resource['service.name']).toBe('stockline-under-test');
      expect(openTelemetryModules(server.loadedModules()).some((f) => f.includes('sdk-trace-node'))).toBe(true);
    });

    it('continues the caller trace: HTTP server span, then the operation span named after the operation', () => {
      const httpSpan = spans.find((s) => s.traceId === traceId && s.scope === '@opentelemetry/instrumentation-http');
      expect(httpSpan).toMatchObject({ kind: 2, parentSpanId: callerSpanId });
      expect(httpSpan?.attrs['url.path']).toBe('/graphql');
      const operation = spans.find((s) => s.traceId === traceId && s.scope === 'stockline');
      expect(operation).toMatchObject({ name: 'query Availability', parentSpanId: httpSpan?.spanId });
      expect(operation?.attrs).toEqual({
        'stockline.request_id': 'trace-req-1',
        'stockline.company_id': companyId,
        'graphql.operation.type': 'query',
        'graphql.operation.name': 'Availability',
      });
      expect(operation?.status.code ?? 0).toBe(0);
    });

    it('puts the SQL statements under the operation span, and no statement outside a request', () => {
      const operation = spans.find((s) => s.traceId === traceId && s.scope === 'stockline')!;
      const sql = spans.filter((s) => s.traceId === traceId && s.scope === '@opentelemetry/instrumentation-pg');
      // A pooled connection opened during the request is traced too: its connect and its session
      // settings (the pool's afterCreate), which are not the operation's statements.
      const statements = sql.filter(
        (s) => !s.name.endsWith('.connect') && !/^set /i.test(String(s.attrs['db.query.text'])),
      );
      expect(statements.length).toBeGreaterThan(0);
      for (const span of sql) expect(span.parentSpanId).toBe(operation.spanId);
      for (const statement of statements) {
        expect(statement.attrs['db.system.name']).toBe('postgresql');
        expect(statement.attrs['db.namespace']).toBe(database);
        expect(String(statement.attrs['db.query.text'])).toMatch(/\bselect\b/i);
      }
      expect(sql.some((s) => /BEV-COLA-033/.test(JSON.stringify(s.attrs)))).toBe(false); // no parameter values
      // The sweeper ran every 100 ms meanwhile: none of its statements became a trace.
      const pgRoots = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-pg' && !s.parentSpanId);
      expect(pgRoots).toEqual([]);
      // Neither did the /metrics scrape.
      expect(spans.some((s) => s.attrs['url.path'] === '/metrics')).toBe(false);
    });

    it('marks a failed operation with its error code, and records userErrors without failing the span', () => {
      const forbidden = spans.find((s) => s.attrs['stockline.request_id'] === 'trace-req-2');
      expect(forbidden).toMatchObject({ name: 'query Warehouses', status: { code: 2, message: 'FORBIDDEN' } });
      expect(forbidden?.attrs).toMatchObject({
        'error.type': 'FORBIDDEN',
        'stockline.graphql.error_codes': ['FORBIDDEN'],
        'stockline.company_id': companyId,
      });
      const refused = spans.find((s) => s.attrs['stockline.request_id'] === 'trace-req-3');
      expect(refused).toMatchObject({ name: 'mutation ReservationCreate' });
      expect(refused?.status.code ?? 0).toBe(0);
      expect(refused?.attrs['stockline.graphql.user_error_codes']).toEqual(['NOT_FOUND']);
      // A new trace (no traceparent): the HTTP span is its root.
      const root = spans.find((s) => s.spanId === forbidden?.parentSpanId);
      expect(root?.scope).toBe('@opentelemetry/instrumentation-http');
      expect(root?.parentSpanId ?? '').toBe('');
    });

    it('traces operations over WebSocket too, each in its own trace, with their SQL', () => {
      const overWs = spans.filter((s) => s.attrs['stockline.transport'] === 'websocket');
      expect(overWs.map((s) => s.name).sort()).toEqual([
        'query Availability',
        'query Warehouses',
        'subscription AvailabilityChanged',
      ]);
      const [available] = overWs.filter((s) => s.name === 'query Availability');
      expect(available.parentSpanId ?? '').toBe('');
      expect(available.attrs).toMatchObject({ 'stockline.company_id': companyId, 'graphql.operation.type': 'query' });
      expect(typeof available.attrs['stockline.request_id']).toBe('string');
      const sql = spans.filter(
        (s) => s.traceId === available.traceId && s.scope === '@opentelemetry/instrumentation-pg',
      );
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) expect(statement.parentSpanId).toBe(available.spanId);
      const [forbidden] = overWs.filter((s) => s.name === 'query Warehouses');
      expect(forbidden).toMatchObject({ status: { code: 2, message: 'FORBIDDEN' } });
      expect(forbidden.attrs['error.type']).toBe('FORBIDDEN');
    });

    it("traces a subscription's start over WebSocket, not the events it pushes", () => {
      const [subscription] = spans.filter((s) => s.name === 'subscription AvailabilityChanged');
      expect(subscription.attrs).toMatchObject({
        'graphql.operation.type': 'subscription',
        'graphql.operation.name': 'AvailabilityChanged',
        'stockline.company_id': companyId,
      });
      expect(subscription.status.code ?? 0).toBe(0);
      // The push came from the reservation's commit: its statements are under the reservation's own trace.
      const reservation = spans.find((s) => s.attrs['stockline.request_id'] === 'trace-req-4')!;
      expect(reservation.name).toBe('mutation ReservationCreate');
      const sql = spans.filter(
        (s) => s.traceId === reservation.traceId && s.scope === '@opentelemetry/instrumentation-pg',
      );
      expect(sql.length).toBeGreaterThan(0);
    });

    it('logs the request id with the trace and span ids, so logs and traces join', () => {
      const operation = spans.find((s) => s.traceId === traceId && s.scope === 'stockline')!;
      const line = logLines(server.output()).find(
        (l) => l.msg === 'graphql operation' && l.requestId === 'trace-req-1',
      );
      expect(line).toMatchObject({ requestId: 'trace-req-1', traceId, spanId: operation.spanId });
    });
  });

  it('with tracing off, loads no OpenTelemetry SDK and logs no trace ids', async () => {
    const server = await startServer(baseEnv());
    const res = await request(server.api)
      .post('/graphql')
      .set({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'x-request-id': 'untraced-1' })
      .send({ query: print(AvailabilityDocument), variables: { skus: ['BEV-COLA-033'] } });
    expect(res.body.data.availability).toHaveLength(1);
    expect(await stopServer(server)).toBe(0);
    const loaded = openTelemetryModules(server.loadedModules());
    // prom-client loads the API (a no-op without an SDK); nothing else of OpenTelemetry may be loaded.
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => !file.includes(`${path.sep}@opentelemetry${path.sep}api${path.sep}`))).toEqual([]);
    const line = logLines(server.output()).find((l) => l.requestId === 'untraced-1');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('traceId');
  }, 120_000);

  it('with the receiver down: the API answers, the failure is logged, the shutdown waits at most 3 s for it', async () => {
    const server = await startServer({
      ...baseEnv(),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`, // nothing listens there
      OTEL_EXPORTER_OTLP_TIMEOUT: '600000', // the exporter alone would retry for 10 minutes
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    await request(server.api)
      .post('/graphql')
      .set('x-request-id', 'receiver-down-1')
      .send({ query: print(AvailabilityDocument), variables: { skus: ['BEV-COLA-033'] } })
      .expect(200);
    const stopping = Date.now();
    expect(await stopServer(server)).toBe(0);
    // Far above the 3 s on any machine, far below the exporter's own 10 minutes.
    expect(Date.now() - stopping).toBeLessThan(60_000);
    const lines = logLines(server.output());
    const failures = lines.filter((l) => l.component === 'opentelemetry');
    expect(failures.length).toBeGreaterThan(0);
    for (const line of failures) expect(line).not.toHaveProperty('traceId'); // no request's failure
    expect(lines.find((l) => l.requestId === 'receiver-down-1')).toHaveProperty('traceId');
  }, 120_000);

  it('prints spans on stdout with OTEL_TRACES_EXPORTER=console (debugging without a collector)', async () => {
    const server = await startServer({ ...baseEnv(), OTEL_TRACES_EXPORTER: 'console' });
    await request(server.api)
      .post('/graphql')
      .set({ traceparent: '00-5bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b8-01' })
      .send({ query: print(AvailabilityDocument), variables: { skus: ['BEV-COLA-033'] } })
      .expect(200);
    expect(await stopServer(server)).toBe(0);
    expect(server.output()).toMatch(/traceId: '5bf92f3577b34da6a3ce929d0e0e4737'[\s\S]*?name: 'query Availability'/);
  }, 120_000);
});
