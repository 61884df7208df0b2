import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Preloaded (`node --expose-gc --require dist/bench/api-probe.js dist/src/main.js`) into an API
 * process forked by bench/subscriptions.ts, so that the real entry point runs unchanged while
 * the bench can ask it over IPC for what only the process itself knows: its memory after a full
 * garbage collection, its CPU time and its event-loop delay since the last `mark`.
 */
export type ProbeCommand = { cmd: 'probe'; gc: boolean } | { cmd: 'mark' } | { cmd: 'lag' };
/**
 * The gauge stockline_outbox_lag_seconds, read in the process: scraping /metrics twice a second
 * made the API enumerate its 10,000 sockets' handles and file descriptors each time (prom-client's
 * default process metrics), about 8% of its CPU in a 10,000-subscriber run, charged to the fan-out.
 */
export interface LagReport {
  type: 'lag';
  seconds: number | undefined;
}
export interface ProbeReport {
  type: 'probe';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  cpuMicros: number;
  /** Event-loop delay since the last mark, in ms. */
  loopDelay: { p50: number; p99: number; max: number };
}

/** The API's own registry (the module main.js loaded: same path, same instance). */
async function outboxLag(): Promise<number | undefined> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { registry } = require('../src/observability/metrics') as typeof import('../src/observability/metrics');
    const metric = registry.getSingleMetric('stockline_outbox_lag_seconds');
    return (await metric?.get())?.values[0]?.value;
  } catch {
    return undefined;
  }
}

if (process.send) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('message', (message: ProbeCommand) => {
    if (message?.cmd === 'mark') {
      loop.reset();
      return;
    }
    if (message?.cmd === 'lag') {
      void outboxLag().then((seconds) => process.send!({ type: 'lag', seconds } satisfies LagReport));
      return;
    }
    if (message?.cmd !== 'probe') return;
    const collect = (global as { gc?: () => void }).gc;
    if (message.gc && collect) {
      // Twice: the first pass can leave objects that only the second finds unreachable.
      collect();
      collect();
    }
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const report: ProbeReport = {
      type: 'probe',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      cpuMicros: cpu.user + cpu.system,
      loopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
    };
    process.send!(report);
  });
  // The IPC channel must not keep the API alive once it has closed everything else.
  process.channel?.unref();
}
