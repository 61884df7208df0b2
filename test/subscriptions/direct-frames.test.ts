import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import WebSocket from 'ws';
import type * as SocketWrites from '../../src/pubsub/socket-writes';
import { native } from '../helpers/native';
import { stockHelpers } from '../helpers/stock';
import { collect, lastSequence, settle, wsClientAt } from '../helpers/subscriptions';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Events of an idle subscription are written as graphql-ws `next` frames straight from the
 * fan-out (src/pubsub/socket-writes.ts, nextFrameWriter), not through graphql-ws. What goes on
 * the wire must be what graphql-ws itself sends: the same JSON text, in sequence order, read by a
 * real graphql-ws client as usual.
 */
// The server's own module (it is loaded by Node's require, not jest's: test/helpers/native.ts).
const { framesWrittenDirectly } = native<typeof SocketWrites>('src/pubsub/socket-writes');
let app: TestApp;
let h: ReturnType<typeof stockHelpers>;
const clients: { dispose(): unknown }[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  h = stockHelpers(app);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  for (const socket of sockets.splice(0)) socket.terminate();
});
afterAll(() => app.close());

interface Level {
  stockLevelChanged: { sequence: number; sku: string; warehouseCode: string; stockLevel: { onHand: string } };
}
const LEVEL_FIELDS = 'sequence sku warehouseCode stockLevel { onHand }';
const LEVELS = parse(`subscription Direct($skus: [String!], $afterSequence: SafeInt) {
  stockLevelChanged(skus: $skus, afterSequence: $afterSequence) { ${LEVEL_FIELDS} }
}`) as TypedDocumentNode<Level, { skus: string[]; afterSequence: number }>;

/** A client speaking graphql-transport-ws by hand, keeping every frame's text as it arrived. */
async function rawClient() {
  const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
  sockets.push(socket);
  const frames: string[] = [];
  let waiters: (() => boolean)[] = [];
  const acked = new Promise<void>((resolve) =>
    socket.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      const text = String(data);
      if ((JSON.parse(text) as { type: string }).type === 'connection_ack') resolve();
      else frames.push(text);
      waiters = waiters.filter((waiter) => !waiter());
    }),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${app.adminKey}` } }));
  await acked;
  return {
    frames,
    subscribe(id: string, query: string, variables: Record<string, unknown>) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    waitFor(count: number) {
      return new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${frames.length} frames: ${frames.join('\n')}`)), 10_000);
        const check = () => {
          if (frames.length < count) return false;
          clearTimeout(timer);
          resolve(frames.slice());
          return true;
        };
        if (!check()) waiters.push(check);
      });
    },
  };
}

describe('next frames written from the fan-out', () => {
  it('are the JSON graphql-ws sends, in order, for raw readers and graphql-ws clients alike', async () => {
    await h.product('DIRECT-A');
    const afterSequence = await lastSequence(app);
    const raw = await rawClient();
    // An id with characters JSON escapes: it goes into the frame as JSON.stringify writes it.
    const id = 'direct "1" \u2028 é';
    raw.subscribe(id, `subscription { stockLevelChanged(skus: ["DIRECT-A"]) { ${LEVEL_FIELDS} } }`, {});
    const client = wsClientAt(app.wsUrl, app.adminKey);
    clients.push(client);
    const viaClient = collect(client, LEVELS, { skus: ['DIRECT-A'], afterSequence });
    await settle();
    const before = framesWrittenDirectly();

    await h.receive('PAR', [{ sku: 'DIRECT-A', quantity: '5' }]);
    await h.receive('LYO', [{ sku: 'DIRECT-A', quantity: '2' }]);
    await h.receive('PAR', [{ sku: 'DIRECT-A', quantity: '1' }]);
    const frames = await raw.waitFor(3);
    const events = await viaClient.waitFor(3);
    await settle();

    // Both subscriptions' frames took the direct way (nothing else is subscribed in this test).
    expect(framesWrittenDirectly() - before).toBe(6);
    expect(frames).toHaveLength(3);
    for (const frame of frames) {
      const message = JSON.parse(frame) as { id: string; type: string; payload: unknown };
      // Exactly what graphql-ws writes: JSON.stringify of { id, type, payload }, keys in that order.
      expect(frame).toBe(JSON.stringify({ id, type: 'next', payload: message.payload }));
      expect(message.id).toBe(id);
    }
    const fromRaw = frames.map((f) => (JSON.parse(f) as { payload: { data: Level } }).payload.data);
    expect(fromRaw).toEqual(events);
    expect(events.map((e) => `${e.stockLevelChanged.warehouseCode}:${e.stockLevelChanged.stockLevel.onHand}`)).toEqual([
      'PAR:5',
      'LYO:2',
      'PAR:6',
    ]);
    const sequences = events.map((e) => e.stockLevelChanged.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  it('availabilityChanged: subscribers with equal entries share them, each with its own id and channel', async () => {
    await h.product('DIRECT-AV');
    await h.receive('PAR', [{ sku: 'DIRECT-AV', quantity: '10' }]);
    type Av = { availabilityChanged: { id: string; sku: string; available: string } };
    const doc = parse(`subscription Av($skus: [String!]!, $channel: String) {
      availabilityChanged(skus: $skus, channel: $channel) { id sku available warehouses { id warehouseCode available } }
    }`) as TypedDocumentNode<Av, { skus: string[]; channel?: string }>;
    const subscribe = (channel?: string) => {
      const client = wsClientAt(app.wsUrl, app.adminKey);
      clients.push(client);
      return collect(client, doc, { skus: ['DIRECT-AV'], ...(channel ? { channel } : {}) });
    };
    const web = [subscribe('web'), subscribe('web')];
    const every = [subscribe(), subscribe()];
    await settle(600);
    const before = framesWrittenDirectly();
    await h.receive('PAR', [{ sku: 'DIRECT-AV', quantity: '4' }]);
    const [w1] = await web[0].waitFor(1);
    const [w2] = await web[1].waitFor(1);
    const [e1] = await every[0].waitFor(1);
    const [e2] = await every[1].waitFor(1);
    await settle();
    expect(framesWrittenDirectly() - before).toBe(4);
    expect(w2).toEqual(w1);
    expect(e2).toEqual(e1);
    expect(w1.availabilityChanged.available).toBe('14');
    expect(e1.availabilityChanged.available).toBe('14');
    // The id is the channel's figure: shared entries are per channel, never across channels.
    expect(w1.availabilityChanged.id).not.toBe(e1.availabilityChanged.id);
  });
});
