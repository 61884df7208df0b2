import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { id: string; webhookId: string; topic: string; sequence: number; data: Record<string, unknown> };
}

/**
 * A local endpoint for webhook tests (node:http on a loopback port): records every request,
 * answers `status` (200 by default) after `delayMs`; `stop` and `start` take it down and bring it
 * back on the same port.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  status = 200;
  delayMs = 0;
  port = 0;
  private server?: http.Server;
  private waiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Acknowledged deliveries only (2xx answers), in arrival order. */
  get acknowledged(): Received[] {
    return this.received.filter((r) => (r as Received & { ok?: boolean }).ok);
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const status = this.status;
        const entry = { headers: req.headers, raw, body: JSON.parse(raw), ok: status >= 200 && status < 300 };
        setTimeout(() => {
          this.received.push(entry);
          res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
          for (const wake of this.waiters.splice(0)) wake();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when `done()` holds, checking after every request; fails after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}
